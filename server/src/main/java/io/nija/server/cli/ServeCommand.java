package io.nija.server.cli;

import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.app.VisibilityOption;
import io.nija.server.http.RateLimit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the router service: HTTP API, dashboard, metrics.",
                "Without --db-url it keeps its data in an embedded PostgreSQL under --data-dir;",
                "without --venues-from it trades on in-process simulated exchanges (paper trading)."})
final class ServeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://host:5432/db (default: embedded).")
    String dbUrl;

    @Option(names = "--db-schema", description = "Schema to use in the external database (default: its default schema).")
    String dbSchema;

    @Option(names = "--cluster", description = "Run as one of several instances on the --db-url database: users are "
            + "split into shards leased in the database, any instance takes any request (default: env "
            + ServeOptions.CLUSTER_ENV + "=true, else one instance alone).")
    boolean cluster;

    @Option(names = "--venues-from", description = "JSON file {\"binance\": \"http://127.0.0.1:9100\", ...} (`sim --venues-out` writes one): trade on these venues instead of the in-process simulator.")
    Path venuesFrom;

    @Option(names = "--live", description = "Allow production exchange URLs (real money). Off by default.")
    boolean live;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated books (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--api-rate", description = "API requests per second per token, 0 = unlimited "
            + "(default: env NIJA_API_RATE_PER_SECOND, else 50). The admin token is never limited.")
    Double apiRate;

    @Option(names = "--api-burst", description = "API burst per token (default: env NIJA_API_RATE_BURST, else 100).")
    Long apiBurst;

    @Option(names = "--allow-private-webhooks", description = "Let users' webhooks point at loopback, private, link-local, "
            + "CGNAT and other non-public addresses (local development and tests only; default: env "
            + ServeOptions.ALLOW_PRIVATE_WEBHOOKS_ENV + "=true, else refused).")
    boolean allowPrivateWebhooks;

    @Option(names = "--static-books", description = "Keep the in-process paper venues' books still. By default a seeded "
            + "background flow of other traders moves their prices and books over time.")
    boolean staticBooks;

    @Option(names = "--visibility-window", paramLabel = "[VENUE=]DURATION",
            description = "How long a venue may not show an order it accepted, before the router trusts its 'no such "
                    + "order' and sends a send that went unanswered again: 3s or 2500ms for every venue, binance=30s for "
                    + "one; repeatable or comma-separated (default: env " + VisibilityOption.ENV + ", else binance and "
                    + "kraken 30s, bybit 20s, others 15s). Set it above the read lag of the venues you use.")
    java.util.List<String> visibilityWindows;

    /**
     * Says the address actually bound: on a wildcard that is every interface, reachable from other machines, which
     * an operator must know; the localhost URL is only offered as the place to open the dashboard.
     */
    static String banner(String host, int port) {
        String paths = " (dashboard at /, API at /api/v1, metrics at /metrics)";
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        if (wildcard) {
            return "nija-router listening on " + (host.contains(":") ? "[::]" : host) + ":" + port
                    + " (all interfaces; open http://localhost:" + port + "/)" + paths;
        }
        String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "nija-router listening on http://" + shown + ":" + port + paths;
    }

    /** Env var naming the routing policy when {@code --routing-policy} is not given. */
    static final String ROUTING_POLICY_ENV = "NIJA_ROUTING_POLICY";

    @Option(names = "--routing-policy", paramLabel = "price|score",
            description = "How the router chooses venues: price (default) compares each venue's expected all-in cost for "
                    + "the order (book walked for its size, taker fee, failure, latency and queue) and splits large "
                    + "orders over venues when cheaper; score is the design's weighted score of fee, latency, success, "
                    + "load and pair history (default: env " + ROUTING_POLICY_ENV + ", else price).")
    String routingPolicy;

    /** The policy from the flag, else the environment, else price. */
    static io.nija.core.routing.RoutingPolicy routingPolicy(String flag, String env) {
        String chosen = flag != null ? flag : env;
        return chosen == null || chosen.isBlank() ? io.nija.core.routing.RoutingPolicy.PRICE
                : io.nija.core.routing.RoutingPolicy.parse(chosen);
    }

    @Override
    public Integer call() throws Exception {
        RateLimit fromEnv = RateLimit.fromEnvironment();
        double rate = apiRate != null ? apiRate : fromEnv.perSecond();
        long burst = apiBurst != null ? apiBurst : Math.max(fromEnv.burst(), (long) Math.ceil(rate));
        java.util.List<String> windows = visibilityWindows;
        if (windows == null && System.getenv(VisibilityOption.ENV) != null) {
            windows = java.util.List.of(System.getenv(VisibilityOption.ENV));
        }
        io.nija.core.engine.VisibilityWindows visibility;
        try {
            visibility = VisibilityOption.parse(windows);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        io.nija.core.routing.RoutingPolicy policy;
        try {
            policy = routingPolicy(routingPolicy, System.getenv(ROUTING_POLICY_ENV));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        io.nija.core.engine.EngineConfig engineConfig = io.nija.core.engine.EngineConfig.defaults();
        engineConfig = engineConfig.withRouting(engineConfig.routing().withPolicy(policy));
        RouterApp app = RouterApp.start(new ServeOptions(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, live,
                new RateLimit(rate, burst), allowPrivateWebhooks || ServeOptions.allowPrivateWebhooksFromEnvironment(),
                !staticBooks && venuesFrom == null, visibility, cluster || ServeOptions.clusterFromEnvironment()),
                engineConfig);
        if (app.adminToken().generated()) {
            System.out.println("admin token (shown once, also stored in " + dataDir.resolve("admin-token") + "): "
                    + app.adminToken().token());
        }
        System.out.println(banner(host, app.port()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "nija-shutdown"));
        stopped.await();
        return 0;
    }
}
