package io.nija.server.app;

import io.nija.core.engine.VisibilityWindows;
import io.nija.server.http.RateLimit;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How to run the service. {@code dbUrl} null = embedded PostgreSQL under {@code dataDir}; {@code venuesFrom}
 * null = the in-process simulated exchanges (paper trading). {@code seed} makes the simulator's books and the
 * id generator repeatable. {@code apiRateLimit} bounds the requests per API token (see {@link RateLimit}).
 * {@code allowPrivateWebhooks} lets users' webhooks point at loopback, private, link-local and other non-public
 * addresses (local development and tests only; null = env {@value #ALLOW_PRIVATE_WEBHOOKS_ENV}, else false).
 * {@code marketFlow} runs the in-process paper venues' background flow of other traders (prices and books move);
 * the CLI turns it on unless {@code --static-books}, tests keep static books. {@code visibility} is how long each
 * venue may not show an order it accepted (null = the defaults). {@code cluster} makes this instance one of several
 * on the external database: users' shards are leased and writes fenced (needs {@code dbUrl}). {@code streams} lets
 * venues reached over HTTP push orders and books over their websockets (docs/streams.md); off, everything is read by
 * REST as without streams.
 */
public record ServeOptions(String host, int port, Path dataDir, String dbUrl, String dbSchema, Path venuesFrom,
                           long seed, boolean liveTrading, RateLimit apiRateLimit, Boolean allowPrivateWebhooks,
                           boolean marketFlow, VisibilityWindows visibility, boolean cluster, boolean streams) {
    public static final String ALLOW_PRIVATE_WEBHOOKS_ENV = "NIJA_ALLOW_PRIVATE_WEBHOOKS";
    /** Set to true to run as one of several instances ({@code --cluster}). */
    public static final String CLUSTER_ENV = "NIJA_CLUSTER";

    public ServeOptions {
        if (apiRateLimit == null) {
            apiRateLimit = RateLimit.fromEnvironment();
        }
        if (allowPrivateWebhooks == null) {
            allowPrivateWebhooks = allowPrivateWebhooksFromEnvironment();
        }
    }

    /** With the venues' streams on (the default). */
    public ServeOptions(String host, int port, Path dataDir, String dbUrl, String dbSchema, Path venuesFrom,
                        long seed, boolean liveTrading, RateLimit apiRateLimit, Boolean allowPrivateWebhooks,
                        boolean marketFlow, VisibilityWindows visibility, boolean cluster) {
        this(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, apiRateLimit, allowPrivateWebhooks,
                marketFlow, visibility, cluster, true);
    }

    /** One instance alone. */
    public ServeOptions(String host, int port, Path dataDir, String dbUrl, String dbSchema, Path venuesFrom,
                        long seed, boolean liveTrading, RateLimit apiRateLimit, Boolean allowPrivateWebhooks,
                        boolean marketFlow, VisibilityWindows visibility) {
        this(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, apiRateLimit, allowPrivateWebhooks,
                marketFlow, visibility, false);
    }

    /** Static books and the default visibility windows. */
    public ServeOptions(String host, int port, Path dataDir, String dbUrl, String dbSchema, Path venuesFrom,
                        long seed, boolean liveTrading, RateLimit apiRateLimit, Boolean allowPrivateWebhooks) {
        this(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, apiRateLimit, allowPrivateWebhooks,
                false, null);
    }

    /** With private webhook addresses allowed only if the environment says so. */
    public ServeOptions(String host, int port, Path dataDir, String dbUrl, String dbSchema, Path venuesFrom,
                        long seed, boolean liveTrading, RateLimit apiRateLimit) {
        this(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, apiRateLimit, null);
    }

    /** With the API rate limit from the environment (or its defaults). */
    public ServeOptions(String host, int port, Path dataDir, String dbUrl, String dbSchema, Path venuesFrom,
                        long seed, boolean liveTrading) {
        this(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, null, null);
    }

    public ServeOptions withApiRateLimit(RateLimit limit) {
        return new ServeOptions(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, limit,
                allowPrivateWebhooks, marketFlow, visibility, cluster, streams);
    }

    public ServeOptions withAllowPrivateWebhooks(boolean allow) {
        return new ServeOptions(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, apiRateLimit, allow,
                marketFlow, visibility, cluster, streams);
    }

    public ServeOptions withMarketFlow(boolean on) {
        return new ServeOptions(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, apiRateLimit,
                allowPrivateWebhooks, on, visibility, cluster, streams);
    }

    public ServeOptions withStreams(boolean on) {
        return new ServeOptions(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, apiRateLimit,
                allowPrivateWebhooks, marketFlow, visibility, cluster, on);
    }

    public ServeOptions withVisibility(VisibilityWindows v) {
        return new ServeOptions(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, apiRateLimit,
                allowPrivateWebhooks, marketFlow, v, cluster, streams);
    }

    public ServeOptions withCluster(boolean on) {
        return new ServeOptions(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, apiRateLimit,
                allowPrivateWebhooks, marketFlow, visibility, on, streams);
    }

    /** {@value #ALLOW_PRIVATE_WEBHOOKS_ENV} = true|1|yes (any case). */
    public static boolean allowPrivateWebhooksFromEnvironment() {
        return isTrue(ALLOW_PRIVATE_WEBHOOKS_ENV);
    }

    /** {@value #CLUSTER_ENV} = true|1|yes (any case). */
    public static boolean clusterFromEnvironment() {
        return isTrue(CLUSTER_ENV);
    }

    private static boolean isTrue(String env) {
        String v = io.nija.server.config.Environment.system().get(env);
        if (v == null) {
            return false;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("true") || s.equals("1") || s.equals("yes");
    }
}
