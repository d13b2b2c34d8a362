package io.nija.server.cli;

import io.nija.core.time.SystemClock;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.app.SimOverHttp;
import io.nija.server.app.VisibilityOption;
import io.nija.server.config.ConfigException;
import io.nija.server.config.Environment;
import io.nija.server.config.ServeConfig;
import io.nija.server.config.ServeSetting;
import java.util.EnumMap;
import java.util.Map;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the router service: HTTP API, dashboard, metrics.",
                "Without --db-url it keeps its data in an embedded PostgreSQL under --data-dir; without --venues-from it"
                        + " trades on in-process simulated exchanges (paper trading); with --with-sim it runs the exchange"
                        + " simulator over HTTP in this process and trades through the HTTP adapters.",
                "Every setting may also come from an environment variable or a YAML file (--config, see"
                        + " docs/config-example.yaml): flags win over the environment, the environment over the file, the"
                        + " file over the defaults. Every problem is reported at once (exit 2).",
                "Exit 1 when the service cannot start (e.g. its port is in use)."})
final class ServeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = ServeSetting.CONFIG_FLAG, paramLabel = "FILE", description = "YAML file of settings (env "
            + ServeSetting.CONFIG_ENV + "); its keys are the flags' names with _ for -, e.g. data_dir.")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default 8080; env NIJA_PORT).")
    String port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default 0.0.0.0; env NIJA_HOST).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./data; env NIJA_DATA_DIR).")
    String dataDir;

    @Option(names = "--db-url", paramLabel = "URL", description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://host:5432/db "
            + "(default: embedded; env NIJA_DB_URL).")
    String dbUrl;

    @Option(names = "--db-schema", paramLabel = "SCHEMA", description = "Schema to use in the external database "
            + "(default: its default schema; env NIJA_DB_SCHEMA).")
    String dbSchema;

    @Option(names = "--cluster", description = "Run as one of several instances on the --db-url database: users are "
            + "split into shards leased in the database, any instance takes any request (env NIJA_CLUSTER=true; "
            + "default: one instance alone).")
    boolean cluster;

    @Option(names = "--venues-from", paramLabel = "FILE", description = "JSON file {\"binance\": \"http://127.0.0.1:9100\", ...}: "
            + "trade on these venues instead of the in-process simulator (env NIJA_VENUES_FROM).")
    String venuesFrom;

    @Option(names = "--with-sim", description = "Start the exchange simulator (as `sim` does) in this process on loopback "
            + "ports, its state in DATA_DIR/sim, and trade on it through the HTTP adapters; users are paper users with "
            + "funded simulator accounts (env NIJA_WITH_SIM=true).")
    boolean withSim;

    @Option(names = "--live", description = "Allow production exchange URLs (real money). Off by default (env NIJA_LIVE).")
    boolean live;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated books (default 42; env NIJA_SEED).")
    String seed;

    @Option(names = "--api-rate", paramLabel = "PER_SECOND", description = "API requests per second per token, 0 = unlimited "
            + "(default: env NIJA_API_RATE_PER_SECOND, else 50). The admin token is never limited.")
    String apiRate;

    @Option(names = "--api-burst", paramLabel = "N", description = "API burst per token (default: env NIJA_API_RATE_BURST, "
            + "else the larger of 100 and the rate).")
    String apiBurst;

    @Option(names = "--allow-private-webhooks", description = "Let users' webhooks point at loopback, private, link-local, "
            + "CGNAT and other non-public addresses (local development and tests only; default: env "
            + ServeOptions.ALLOW_PRIVATE_WEBHOOKS_ENV + "=true, else refused).")
    boolean allowPrivateWebhooks;

    @Option(names = "--static-books", description = "Keep the simulated venues' books still (env NIJA_STATIC_BOOKS). By "
            + "default a seeded background flow of other traders moves their prices and books over time.")
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

    @Option(names = "--streams", paramLabel = "true|false",
            description = "Let venues reached over HTTP push order events and books over their websockets, with REST as "
                    + "the safety net (default: env NIJA_STREAMS, else true); false reads everything by REST.")
    String streams;

    /** The policy from the flag, else the environment, else price. */
    static io.nija.core.routing.RoutingPolicy routingPolicy(String flag, String env) {
        String chosen = flag != null ? flag : env;
        return chosen == null || chosen.isBlank() ? io.nija.core.routing.RoutingPolicy.PRICE
                : io.nija.core.routing.RoutingPolicy.parse(chosen);
    }

    /** The settings given on the command line, as text, for {@link ServeConfig#resolve}. */
    Map<ServeSetting, String> givenFlags() {
        Map<ServeSetting, String> flags = new EnumMap<>(ServeSetting.class);
        put(flags, ServeSetting.PORT, port);
        put(flags, ServeSetting.HOST, host);
        put(flags, ServeSetting.DATA_DIR, dataDir);
        put(flags, ServeSetting.DB_URL, dbUrl);
        put(flags, ServeSetting.DB_SCHEMA, dbSchema);
        put(flags, ServeSetting.VENUES_FROM, venuesFrom);
        put(flags, ServeSetting.SEED, seed);
        put(flags, ServeSetting.API_RATE, apiRate);
        put(flags, ServeSetting.API_BURST, apiBurst);
        // A switch can only turn a setting on; left out, the environment or the file decides.
        put(flags, ServeSetting.WITH_SIM, withSim ? "true" : null);
        put(flags, ServeSetting.LIVE, live ? "true" : null);
        put(flags, ServeSetting.ALLOW_PRIVATE_WEBHOOKS, allowPrivateWebhooks ? "true" : null);
        put(flags, ServeSetting.STATIC_BOOKS, staticBooks ? "true" : null);
        put(flags, ServeSetting.CLUSTER, cluster ? "true" : null);
        put(flags, ServeSetting.ROUTING_POLICY, routingPolicy);
        put(flags, ServeSetting.STREAMS, streams);
        put(flags, ServeSetting.VISIBILITY_WINDOW, visibilityWindows == null ? null : String.join(",", visibilityWindows));
        return flags;
    }

    private static void put(Map<ServeSetting, String> flags, ServeSetting s, String value) {
        if (value != null) {
            flags.put(s, value);
        }
    }

    @Override
    public Integer call() throws Exception {
        Environment env = Environment.system();
        Path file = config != null ? config
                : env.get(ServeSetting.CONFIG_ENV) != null ? Path.of(env.get(ServeSetting.CONFIG_ENV)) : null;
        ServeConfig settings;
        try {
            settings = ServeConfig.resolve(givenFlags(), env, file);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("nija-router serve: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        Path dataDir = settings.dataDir();
        String host = settings.host();
        io.nija.core.engine.EngineConfig engineConfig = io.nija.core.engine.EngineConfig.defaults();
        engineConfig = engineConfig.withRouting(engineConfig.routing().withPolicy(settings.routingPolicy()));
        RouterApp app;
        try {
            if (settings.withSim()) {
                SimOverHttp sim = SimOverHttp.start(dataDir, settings.seed(), !settings.staticBooks(), new SystemClock());
                try {
                    app = RouterApp.start(settings.toServeOptions(), engineConfig, sim);
                } catch (RuntimeException e) {
                    sim.close();
                    throw e;
                }
                sim.baseUrls().forEach((venue, url) -> System.out.println("simulator venue=" + venue + " url=" + url));
            } else {
                app = RouterApp.start(settings.toServeOptions(), engineConfig);
            }
        } catch (RuntimeException e) {
            // RouterApp.start has closed what it opened (store, executors) before rethrowing.
            String why = ListenFailure.describe(e, host, settings.port()).orElseThrow(() -> e);
            spec.commandLine().getErr().println("nija-router serve: " + why);
            spec.commandLine().getErr().flush();
            return 1;
        }
        if (app.adminToken().generated()) {
            System.out.println("admin token (shown once, also stored in " + dataDir.resolve("admin-token") + "): "
                    + app.adminToken().token());
        }
        System.out.println(banner(host, app.port()));
        // SIGTERM / Ctrl-C: the app's own JVM hook runs its ordered stop (RouterApp#close).
        app.awaitStopped();
        return 0;
    }
}
