package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.cli.NijaRouterCli;
import io.nija.server.http.RateLimit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nija-router audit verify}: OK with the row count on an intact chain, the first bad seq and exit 1 otherwise. */
class AuditVerifyCommandTest {
    private static final String PG_URL = System.getenv().getOrDefault("NIJA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    record Run(int exit, String out, String err) { }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = NijaRouterCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A few state changes through the API, each of which appends to the audit log. */
    private static void changeSomeState(RouterApp app) {
        HttpClientSupport http = new HttpClientSupport(app.port());
        String admin = app.adminToken().token();
        String token = http.post("/api/v1/users", admin, "{\"user_id\":\"erin\"}").body().get("token").asText();
        assertThat(http.post("/api/v1/strategies", admin, "{\"strategy\":\"audit-s\",\"secret\":\"0123456789abcdef-audit\"}").status()).isEqualTo(201);
        assertThat(http.send("PUT", "/api/v1/users/erin/subscriptions/audit-s", token, "{\"fixed_usd\":\"10\"}").status()).isEqualTo(204);
        assertThat(http.send("PUT", "/api/v1/users/erin/limits", admin, "{\"max_order_usd\":\"500\"}").status()).isEqualTo(200);
        assertThat(http.post("/api/v1/kill-switch", admin, "{\"user_id\":\"erin\"}").status()).isEqualTo(200);
    }

    @Test
    void verifiesTheChainOfAnExternalStoreAndFindsTheFirstTamperedRow(@TempDir Path dir) throws Exception {
        String schema = "audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dir, PG_URL, schema, null, 5, false, RateLimit.OFF))) {
            changeSomeState(app);
        }
        Run ok = cli("audit", "verify", "--db-url", PG_URL, "--db-schema", schema);
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("OK: audit chain intact, ").contains(" rows");
        long rows = Long.parseLong(ok.out().replaceAll("(?s)^OK: audit chain intact, (\\d+) rows.*$", "$1"));
        assertThat(rows).isGreaterThanOrEqualTo(5);

        try (Connection c = DriverManager.getConnection(PG_URL); Statement st = c.createStatement()) {
            // Someone with the database's superuser rights, getting past the append-only trigger.
            st.execute("SET session_replication_role = replica");
            st.executeUpdate("UPDATE " + schema + ".audit_log SET detail = 'nothing to see here' WHERE seq = 3");
        }
        Run broken = cli("audit", "verify", "--db-url", PG_URL, "--db-schema", schema);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("broken at seq 3");

        try (Connection c = DriverManager.getConnection(PG_URL); Statement st = c.createStatement()) {
            st.executeUpdate("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void verifiesTheEmbeddedStoreOfADataDirectory(@TempDir Path dir) {
        try (RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dir, null, null, null, 6, false, RateLimit.OFF))) {
            changeSomeState(app);
        }
        Run ok = cli("audit", "verify", "--data-dir", dir.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("OK: audit chain intact, ");
    }

    @Test
    void aStoreInUseByARunningServiceExitsWithItsOwnCodeNotAsABrokenChain(@TempDir Path dir) {
        try (RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dir, null, null, null, 6, false, RateLimit.OFF))) {
            changeSomeState(app);
            Run busy = cli("audit", "verify", "--data-dir", dir.toString());
            assertThat(busy.exit()).as(busy.err()).isEqualTo(3);
            assertThat(busy.err()).contains("in use by a running service").contains("nothing was checked");
            assertThat(busy.out()).isEmpty();
        }
        assertThat(cli("audit", "verify", "--help").out()).contains("3 the embedded store is in use");
    }

    @Test
    void badUsageExitsWithTwoAndAnUnreachableStoreWithOne() {
        assertThat(cli("audit", "verify", "--no-such-option").exit()).isEqualTo(2);
        assertThat(cli("audit").exit()).isEqualTo(2);
        Run down = cli("audit", "verify", "--db-url", "jdbc:postgresql://127.0.0.1:1/none?user=x&password=hunter2-very-secret");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("cannot open the store").doesNotContain("hunter2-very-secret");
    }
}
