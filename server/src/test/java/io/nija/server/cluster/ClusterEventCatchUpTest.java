package io.nija.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nija.core.cluster.ClusterBus;
import io.nija.store.JdbcStore;
import io.nija.store.PgClusterBus;
import io.nija.store.Stores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An instance whose LISTEN connection dropped catches up on the others' order events from the last one it heard,
 * once each: the events stored while it was away (their notifications are lost with the connection) arrive when it
 * listens again, and the one it had heard before is not delivered twice.
 */
class ClusterEventCatchUpTest {
    private static final String URL = System.getProperty("nija.test.pg.url",
            System.getenv().getOrDefault("NIJA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    private final String schema = "evlog_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private JdbcStore storeA;
    private JdbcStore storeB;
    private PgClusterBus a;
    private PgClusterBus b;
    private final List<String> heardByB = new CopyOnWriteArrayList<>();
    private final List<String> jsonHeardByB = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(reachable(), "no PostgreSQL");
        storeA = Stores.external(URL, schema);
        storeB = Stores.external(URL, schema);
        a = storeA.clusterBus("a");
        b = storeB.clusterBus("b");
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (a != null) {
            a.close();
            b.close();
            storeA.close();
            storeB.close();
            try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void eventsStoredWhileTheListenerWasAwayArriveWhenItListensAgainOnce() throws SQLException {
        listen();
        a.orderEvent("u1", "o1", "evt-1", "{\"event_id\":\"evt-1\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> heardByB.contains("evt-1"));

        // Stored while B does not hear: as if A had stored them while B's connection was down (no notification
        // reaches B), then B's connection drops and comes back.
        storeRow("a", "evt-2", "u1");
        storeRow("a", "evt-3", "u2");
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN \"nija_"
                    + schema + "\"'");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> heardByB.size() >= 3);
        assertThat(heardByB).containsExactly("evt-1", "evt-2", "evt-3");
        a.orderEvent("u1", "o1", "evt-4", "{\"event_id\":\"evt-4\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> heardByB.contains("evt-4"));
        assertThat(heardByB).containsExactly("evt-1", "evt-2", "evt-3", "evt-4");
    }

    @Test
    void aBatchArrivesInOrderAndAnEventTooBigForANotificationWhole() {
        listen();
        String big = "{\"event_id\":\"evt-big\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
        a.orderEvents(List.of(new ClusterBus.OrderEventMessage("u1", "o1", "evt-1", "{\"event_id\":\"evt-1\"}"),
                new ClusterBus.OrderEventMessage("u1", "o1", "evt-big", big),
                new ClusterBus.OrderEventMessage("u2", "o2", "evt-3", "{\"event_id\":\"evt-3\"}")));
        await().atMost(Duration.ofSeconds(30)).until(() -> heardByB.size() >= 3);
        assertThat(heardByB).containsExactly("evt-1", "evt-big", "evt-3");
        assertThat(jsonHeardByB.get(1)).isEqualTo(big);
    }

    @Test
    void storedEventsAfterAnIdAreReadForOneUserOrAll() {
        a.orderEvent("u1", "o1", "evt-1", "{\"n\":1}");
        a.orderEvent("u2", "o2", "evt-2", "{\"n\":2}");
        b.orderEvent("u1", "o1", "evt-3", "{\"n\":3}");
        assertThat(b.after("evt-1", "u1", 10)).contains(List.of("{\"n\":1}", "{\"n\":3}"));
        assertThat(b.after("evt-1", null, 10)).contains(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));
        assertThat(b.after("evt-1", null, 1)).contains(List.of("{\"n\":1}", "{\"n\":2}"));
        assertThat(b.after("evt-unknown", null, 10)).isEmpty();
    }

    private void listen() {
        b.listen(new ClusterBus() {
            @Override
            public void signalStored(int shard) {
            }

            @Override
            public void settingsChanged(String userId) {
            }

            @Override
            public void cancelRequested(String userId, String orderId) {
            }

            @Override
            public void orderEvent(String userId, String orderId, String eventId, String eventJson) {
                jsonHeardByB.add(eventJson);
                heardByB.add(eventId);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners() == 1);
    }

    private void storeRow(String instance, String eventId, String userId) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); PreparedStatement s = c.prepareStatement(
                "INSERT INTO " + schema + ".cluster_events (instance_id, event_id, user_id, json) VALUES (?, ?, ?, ?)")) {
            s.setString(1, instance);
            s.setString(2, eventId);
            s.setString(3, userId);
            s.setString(4, "{\"event_id\":\"" + eventId + "\"}");
            s.executeUpdate();
        }
    }

    private long listeners() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN \"nija_"
                     + schema + "\"'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
