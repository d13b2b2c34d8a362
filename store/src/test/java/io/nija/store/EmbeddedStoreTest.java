package io.nija.store;

import static io.nija.store.TestData.T0;
import static io.nija.store.TestData.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.order.Order;
import io.nija.core.store.AuditEvent;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded PostgreSQL, plus what only the embedded server has to get right. */
class EmbeddedStoreTest extends StoreContract {
    @TempDir
    static Path dataDir;
    private static JdbcStore store;

    @BeforeAll
    static void open() {
        store = Stores.embedded(dataDir);
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected JdbcStore store() {
        return store;
    }

    @Test
    void dataSurvivesClosingAndReopeningOnTheSameDirectory(@TempDir Path dir) {
        String userId = id("u");
        Order order = TestData.partiallyFilledOrder(userId, T0);
        AuditEvent event = new AuditEvent(T0, "admin", "user", userId, "created", null);
        try (JdbcStore first = Stores.embedded(dir)) {
            first.createUser(TestData.user(userId), "hash-" + userId);
            first.saveOrder(order);
            first.appendAudit(event);
        }
        JdbcStore second = Stores.embedded(dir);
        try {
            assertThat(second.findUser(userId)).contains(TestData.user(userId));
            assertSameOrder(second.findOrder(order.orderId()).orElseThrow(), order);
            assertThat(second.recentAudit(10)).containsExactly(event);
            assertThat(second.verifyAuditChain()).isEmpty();
        } finally {
            second.close();
        }
        assertThat(second.isHealthy()).as("a closed store is not healthy").isFalse();
        second.close(); // closing twice is harmless
    }

    @Test
    void aSecondStoreOnADirectoryInUseIsRefused() {
        assertThatThrownBy(() -> Stores.embedded(dataDir)).isInstanceOf(IllegalStateException.class);
        assertThat(store.isHealthy()).isTrue();
    }

    @Test
    void commitsAreDurable() {
        // zonky defaults suit throw-away test databases (fsync off); an acknowledged signal must survive a crash.
        List<String> settings = store.jdbi().withHandle(h -> h.createQuery(
                        "SELECT current_setting('fsync') || ',' || current_setting('synchronous_commit')"
                                + " || ',' || current_setting('full_page_writes')")
                .mapTo(String.class).list());
        assertThat(settings).containsExactly("on,on,on");
    }

    @Test
    void onlyClientsWithTheGeneratedPasswordMayConnect() throws Exception {
        String url = ((HikariDataSource) store.dataSource()).getJdbcUrl();
        assertThatThrownBy(() -> DriverManager.getConnection(url).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        Path passwordFile = dataDir.resolve("pg.password");
        assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Connection c = DriverManager.getConnection(url, "postgres", Files.readString(passwordFile).trim())) {
            assertThat(c.isValid(5)).isTrue();
        }
    }
}
