package io.nija.server.app;

import io.nija.server.http.RateLimit;
import java.nio.file.Path;

/**
 * How to run the service. {@code dbUrl} null = embedded PostgreSQL under {@code dataDir}; {@code venuesFrom}
 * null = the in-process simulated exchanges (paper trading). {@code seed} makes the simulator's books and the
 * id generator repeatable. {@code apiRateLimit} bounds the requests per API token (see {@link RateLimit}).
 */
public record ServeOptions(String host, int port, Path dataDir, String dbUrl, String dbSchema, Path venuesFrom,
                           long seed, boolean liveTrading, RateLimit apiRateLimit) {
    public ServeOptions {
        if (apiRateLimit == null) {
            apiRateLimit = RateLimit.fromEnvironment();
        }
    }

    /** With the API rate limit from the environment (or its defaults). */
    public ServeOptions(String host, int port, Path dataDir, String dbUrl, String dbSchema, Path venuesFrom,
                        long seed, boolean liveTrading) {
        this(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, null);
    }

    public ServeOptions withApiRateLimit(RateLimit limit) {
        return new ServeOptions(host, port, dataDir, dbUrl, dbSchema, venuesFrom, seed, liveTrading, limit);
    }
}
