package io.nija.server.app;

import java.nio.file.Path;

/**
 * How to run the service. {@code dbUrl} null = embedded PostgreSQL under {@code dataDir}; {@code venuesFrom}
 * null = the in-process simulated exchanges (paper trading). {@code seed} makes the simulator's books and the
 * id generator repeatable.
 */
public record ServeOptions(String host, int port, Path dataDir, String dbUrl, String dbSchema, Path venuesFrom,
                           long seed, boolean liveTrading) {
}
