package io.nija.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Opens a {@link JdbcStore}. Both ways run the same Flyway migrations before returning, and closing the
 * store closes its connection pool and, for the embedded one, stops the server.
 *
 * <pre>{@code
 * JdbcStore store = Stores.embedded(Path.of("data"));              // PostgreSQL in data/pg, any free port
 * JdbcStore store = Stores.external("jdbc:postgresql://db:5432/nija?user=nija&password=...", null);
 * JdbcStore store = Stores.external("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "test_1234");
 * }</pre>
 */
public final class Stores {
    /** Sub-directory of the data directory that holds the embedded server's files. */
    public static final String EMBEDDED_SUBDIRECTORY = "pg";
    /**
     * Enough for many virtual threads: each store call holds a connection for one short transaction, and
     * PostgreSQL does best with few busy connections rather than many idle ones.
     */
    static final int POOL_SIZE = 16;
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Stores() {
    }

    /** The embedded server with its data in {@code dataDir/pg}, on any free loopback port. */
    public static JdbcStore embedded(Path dataDir) {
        return embedded(dataDir, 0);
    }

    /** The embedded server with its data in {@code dataDir/pg}, on {@code port} (0: any free port). */
    public static JdbcStore embedded(Path dataDir, int port) {
        return embedded(dataDir, port, true);
    }

    /**
     * The embedded server stopped only by closing the store, not by a JVM shutdown hook of its own: for an owner
     * that closes the store last in an ordered stop of its own (see {@link EmbeddedPostgresServer#start(Path, int,
     * boolean)}). The owner must close the store on every way out, or the server outlives the JVM until the next
     * start on the same directory stops it.
     */
    public static JdbcStore embeddedClosedByOwner(Path dataDir) {
        return embedded(dataDir, 0, false);
    }

    private static JdbcStore embedded(Path dataDir, int port, boolean stopWithJvm) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve(EMBEDDED_SUBDIRECTORY), port,
                stopWithJvm);
        try {
            return open(server.jdbcUrl(), server.password(), null, server,
                    "embedded PostgreSQL in " + server.dataDirectory() + " on port " + server.port());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * An external PostgreSQL. {@code schema} (lower-case letters, digits, underscore) is created if missing
     * and used for every table, which lets tests take a fresh schema per run; null uses the connection's
     * default schema (normally {@code public}). Credentials go in the URL or the usual PG* settings of the
     * JDBC driver.
     */
    public static JdbcStore external(String jdbcUrl, String schema) {
        if (schema != null && !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be 1-63 lower-case letters, digits or _ (got " + schema + ")");
        }
        return open(jdbcUrl, null, schema, () -> { }, "PostgreSQL at " + withoutParameters(jdbcUrl)
                + (schema == null ? "" : " schema " + schema));
    }

    private static JdbcStore open(String jdbcUrl, String password, String schema, AutoCloseable server,
                                  String description) {
        HikariDataSource pool = pool(jdbcUrl, password, schema);
        try {
            Migrations.migrate(pool, schema);
            return new JdbcStore(pool, server, description);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource pool(String jdbcUrl, String password, String schema) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("nija-store");
        config.setJdbcUrl(jdbcUrl);
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        // Waiting longer than this for a connection means the database is in trouble; fail and say so.
        config.setConnectionTimeout(10_000);
        if (schema != null) {
            config.setSchema(schema);
        }
        // One multi-row INSERT instead of one per batched row (legs, fills, positions).
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "nija-router");
        return new HikariDataSource(config);
    }

    /** The URL without its query string, which may carry a password; for logs and messages. */
    static String withoutParameters(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }
}
