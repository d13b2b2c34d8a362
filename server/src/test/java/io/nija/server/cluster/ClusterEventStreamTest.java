package io.nija.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.instrument.Pair;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.VenueAccount;
import io.nija.server.app.ClusterMember;
import io.nija.server.auth.CredentialVault;
import io.nija.server.events.EventSubscription;
import io.nija.server.events.Notifications;
import io.nija.server.events.OrderEvent;
import io.nija.server.events.WebhookAddressGuard;
import io.nija.sim.SimulatedExchanges;
import io.nija.store.JdbcStore;
import io.nija.store.Stores;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two router instances on one PostgreSQL schema, each with its own store pool, engine, event hub and cluster member
 * on real LISTEN/NOTIFY: a stream client connected to the instance that does not drive a user sees that user's order
 * events, with the owner's event ids, and the owner's own clients see each event once.
 */
class ClusterEventStreamTest {
    private static final String URL = System.getProperty("nija.test.pg.url",
            System.getenv().getOrDefault("NIJA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private final String schema = "events_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ManualClock clock = new ManualClock(T0);
    private final ManualScheduler time = new ManualScheduler(clock);
    private final SimulatedExchanges sim = new SimulatedExchanges(clock, 42);
    private final Map<String, VenueAccount> accounts = new ConcurrentHashMap<>();
    private final List<Instance> instances = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(reachable(), "no PostgreSQL at " + URL);
        JdbcStore first = Stores.external(URL, schema);
        first.createUser(new User("eu-1", Role.USER, UserLimits.defaults(), T0), "hash-eu-1");
        sim.openPaperAccounts("eu-1").forEach((venue, a) -> accounts.put("eu-1/" + venue, a));
        first.close();
    }

    @AfterEach
    void tearDown() throws SQLException {
        instances.forEach(Instance::close);
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aClientOfTheOtherInstanceSeesTheOwnersOrderEventsOnce() throws InterruptedException {
        Instance owner = new Instance("a"); // alone at its first renewal: it takes every shard
        Instance other = new Instance("b");
        assertThat(owner.member.leases().owns("eu-1")).isTrue();
        assertThat(other.member.leases().owns("eu-1")).isFalse();
        EventSubscription atOther = other.notifications.hub().subscribe("eu-1", null);
        EventSubscription atOwner = owner.notifications.hub().subscribe("eu-1", null);

        String orderId = owner.engine.submit(new TradeSignal("sig-e1", "eu-1", Pair.parse("BTC-USD"), Side.BUY,
                new BigDecimal("1000"), SignalType.ENTRY, "test", clock.now(), null)).orderIds().get(0);
        time.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> owner.store.findOrder(orderId)
                .map(o -> o.status().isTerminal()).orElse(false));

        List<OrderEvent> ownerSaw = drain(atOwner, 200);
        assertThat(ownerSaw).isNotEmpty();
        assertThat(ownerSaw.get(ownerSaw.size() - 1).status()).isEqualTo("filled");
        List<OrderEvent> otherSaw = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            otherSaw.addAll(drain(atOther, 50));
            return otherSaw.size() >= ownerSaw.size();
        });
        assertThat(otherSaw).extracting(OrderEvent::eventId).containsExactlyElementsOf(
                ownerSaw.stream().map(OrderEvent::eventId).toList());
        assertThat(otherSaw).extracting(OrderEvent::json).containsExactlyElementsOf(
                ownerSaw.stream().map(OrderEvent::json).toList());
        assertThat(otherSaw.get(otherSaw.size() - 1).orderUpdatedAt())
                .isEqualTo(ownerSaw.get(ownerSaw.size() - 1).orderUpdatedAt());
        assertThat(drain(atOwner, 300)).as("the owner's own clients are not sent its events again").isEmpty();
    }

    @Test
    void aClientResumesWithLastEventIdOnAnInstanceThatNeverSawTheEvents() throws InterruptedException {
        Instance owner = new Instance("a");
        EventSubscription first = owner.notifications.hub().subscribe("eu-1", null);
        String orderId = owner.engine.submit(new TradeSignal("sig-e2", "eu-1", Pair.parse("BTC-USD"), Side.BUY,
                new BigDecimal("1000"), SignalType.ENTRY, "test", clock.now(), null)).orderIds().get(0);
        time.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> owner.store.findOrder(orderId)
                .map(o -> o.status().isTerminal()).orElse(false));
        List<OrderEvent> all = drain(first, 200);
        assertThat(all).hasSizeGreaterThanOrEqualTo(2);
        owner.notifications.hub().unsubscribe(first); // the client saw only the first event before it went away
        String lastSeen = all.get(0).eventId();

        // Events reach the store from a relay thread: wait until the last one is there before the late instance asks.
        await().atMost(Duration.ofSeconds(10)).until(() -> storedEvents() >= all.size());
        Instance late = new Instance("c"); // started after every event: its own recent events are empty
        EventSubscription resumed = late.notifications.hub().subscribe("eu-1", lastSeen);

        assertThat(drain(resumed, 200)).extracting(OrderEvent::eventId)
                .containsExactlyElementsOf(all.subList(1, all.size()).stream().map(OrderEvent::eventId).toList());
        EventSubscription unknown = late.notifications.hub().subscribe("eu-1", "evt-never-made");
        assertThat(drain(unknown, 100)).as("an id nobody stored replays nothing").isEmpty();
    }

    private long storedEvents() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".cluster_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<OrderEvent> drain(EventSubscription s, long waitMillis) throws InterruptedException {
        List<OrderEvent> got = new ArrayList<>();
        OrderEvent e;
        while ((e = s.next(waitMillis)) != null) {
            got.add(e);
        }
        return got;
    }

    private static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private final class Instance {
        final JdbcStore store;
        final Notifications notifications;
        final ExecutionEngine engine;
        final ClusterMember member;

        Instance(String name) {
            store = Stores.external(URL, schema);
            notifications = new Notifications(store, new CredentialVault(new byte[32]), clock, new SimpleMeterRegistry(),
                    Notifications.Options.defaults(), WebhookAddressGuard.of(true));
            EngineConfig defaults = EngineConfig.defaults();
            engine = new ExecutionEngine(defaults.withExecutor(defaults.executor().withInlineCalls()), store, sim.venues(),
                    (user, venue) -> Optional.ofNullable(accounts.get(user + "/" + venue)), clock, time,
                    new Ids(clock, name.hashCode() * 7919L), DirectExecutor.INSTANCE, notifications);
            member = new ClusterMember(store, engine, name, clock, time, ClusterMember.LEASE_TIME, u -> { })
                    .relayEvents(notifications).start();
            engine.recover();
            instances.add(this);
        }

        void close() {
            member.close();
            engine.close();
            notifications.close();
            store.close();
        }
    }
}
