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
                "Without --db-url it keeps its data in an embedded PostgreSQL under --data-dir;",
                "without --venues-from it trades on in-process simulated exchanges (paper trading);",
                "with --with-sim it runs the exchange simulator over HTTP in this process and trades through the HTTP adapters.",
                "Every setting may also come from an environment variable or a YAML file (--config, see",
                "docs/config-example.yaml): flags win over the environment, the environment over the file, the file over",
                "the defaults. Every problem is reported at once (exit 2)."})
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
        RouterApp app;
        if (settings.withSim()) {
            SimOverHttp sim = SimOverHttp.start(dataDir, settings.seed(), !settings.staticBooks(), new SystemClock());
            try {
                app = RouterApp.start(settings.toServeOptions(), sim);
            } catch (RuntimeException e) {
                sim.close();
                throw e;
            }
            sim.baseUrls().forEach((venue, url) -> System.out.println("simulator venue=" + venue + " url=" + url));
        } else {
            app = RouterApp.start(settings.toServeOptions());
        }
        if (app.adminToken().generated()) {
            System.out.println("admin token (shown once, also stored in " + dataDir.resolve("admin-token") + "): "
                    + app.adminToken().token());
        }
        System.out.println("nija-router listening on http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + app.port()
                + " (dashboard at /, API at /api/v1, metrics at /metrics)");
        // SIGTERM / Ctrl-C: the app's own JVM hook runs its ordered stop (RouterApp#close).
        app.awaitStopped();
        return 0;
    }
}
