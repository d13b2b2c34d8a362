package io.nija.server.load;

import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.cli.ScratchDir;
import io.nija.server.http.RateLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Routers started in this process for a load run that names no service: one on an embedded PostgreSQL, or several
 * cluster instances on one external PostgreSQL in a schema of their own. Each has a scratch data directory (admin
 * token, master key, the embedded database), removed on close or when the JVM stops (Ctrl-C, SIGTERM): then one
 * hook stops the routers, waits until they have stopped (their stores last) and only then removes the directories, so
 * no database file is left behind. A schema made here is dropped on close. No API rate limit: the load generator is
 * the only client.
 */
public final class PrivateRouters implements AutoCloseable {
    private final List<ScratchDir> dirs = new ArrayList<>();
    private final List<RouterApp> apps = new ArrayList<>();
    private final String dbUrl;
    private final String schema;
    private final Thread hook = new Thread(this::closeOnExit, "nija-loadtest-cleanup");
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private PrivateRouters(String dbUrl, String schema) {
        this.dbUrl = dbUrl;
        this.schema = schema;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * {@code instances} routers with the simulated venues seeded with {@code seed}; more than one needs {@code dbUrl}
     * (they run as a cluster there, in a new schema named loadtest_&lt;random&gt;).
     */
    public static PrivateRouters start(int instances, long seed, String dbUrl) throws IOException {
        if (instances > 1 && dbUrl == null) {
            throw new IllegalArgumentException("several instances need an external PostgreSQL (--db-url)");
        }
        String schema = dbUrl == null ? null : "loadtest_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        PrivateRouters r = new PrivateRouters(dbUrl, schema);
        try {
            for (int i = 0; i < instances; i++) {
                ScratchDir dir = ScratchDir.createUnhooked("nija-loadtest");
                r.dirs.add(dir);
                if (i > 0) {
                    // One cluster: the same admin token and credential master key on every instance.
                    for (String file : List.of("admin-token", "master.key")) {
                        Files.copy(r.dirs.get(0).path().resolve(file), dir.path().resolve(file), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                ServeOptions o = new ServeOptions("127.0.0.1", 0, dir.path(), dbUrl, schema, null, seed, false, RateLimit.OFF)
                        .withCluster(dbUrl != null && instances > 1);
                r.apps.add(RouterApp.start(o));
            }
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    public List<LoadEngine.Target> targets() {
        return apps.stream().map(a -> new LoadEngine.Target("http://127.0.0.1:" + a.port(), a.adminToken().token())).toList();
    }

    public List<RouterApp> apps() {
        return List.copyOf(apps);
    }

    /** The schema made for a cluster (null on the embedded store), dropped by {@link #close}. */
    public String schema() {
        return schema;
    }

    /** The scratch directories, removed by {@link #close}. */
    public List<Path> dataDirs() {
        return dirs.stream().map(ScratchDir::path).toList();
    }

    /** Stops the routers (store last), then removes their directories and the schema made for them. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is stopping: the hook is running this anyway
        }
        closeOnExit();
    }

    private void closeOnExit() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (int i = apps.size() - 1; i >= 0; i--) {
            RouterApp app = apps.get(i);
            // At JVM exit the app's own hook may be stopping it already; close() then returns at once, so wait.
            app.close();
            try {
                app.awaitStopped();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        UncheckedIOException failed = null;
        for (ScratchDir d : dirs) {
            try {
                d.close();
            } catch (UncheckedIOException e) {
                failed = e;
            }
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(dbUrl); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop the schema " + schema + ": " + e.getMessage());
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
