package io.nija.store;

import static io.nija.store.TestData.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on an external PostgreSQL, in a fresh schema dropped afterwards. The server is
 * {@code -Dnija.test.pg.url} / {@code NIJA_TEST_PG_URL}, by default the local test database; the class is
 * skipped (not failed) when no server answers there.
 */
class ExternalStoreTest extends StoreContract {
    static final String URL = System.getProperty("nija.test.pg.url",
            System.getenv().getOrDefault("NIJA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    private static final String SCHEMA = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static JdbcStore store;

    @BeforeAll
    static void open() {
        Assumptions.assumeTrue(reachable(), "no PostgreSQL at " + Stores.withoutParameters(URL));
        store = Stores.external(URL, SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (store == null) {
            return;
        }
        store.close();
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Override
    protected JdbcStore store() {
        return store;
    }

    @Test
    void reopeningMigratesNothingAndKeepsTheData() {
        String userId = id("u");
        store.createUser(TestData.user(userId), id("th"));
        try (JdbcStore again = Stores.external(URL, SCHEMA)) {
            assertThat(again.findUser(userId)).contains(TestData.user(userId));
            assertThat(again.description()).contains(SCHEMA).doesNotContain("user=");
        }
    }

    @Test
    void tablesLiveOnlyInTheGivenSchema() {
        long tables = store.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = :s AND table_name = 'orders'")
                .bind("s", SCHEMA).mapTo(Long.class).one());
        assertThat(tables).isEqualTo(1);
    }

    static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL)) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }
}
