package io.nija.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.user.Ids;
import io.nija.server.app.ClusterMember;
import io.nija.sim.SimulatedExchanges;
import io.nija.store.JdbcStore;
import io.nija.store.Stores;
import io.nija.venues.common.Charge;
import io.nija.venues.common.LimitRule;
import io.nija.venues.common.LimitScope;
import io.nija.venues.common.RateLimiter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A venue's "back off" (429/418 with Retry-After, a ban) told to one instance holds every instance on the same
 * schema until the stated time: announced over LISTEN/NOTIFY the moment it is stored, and read from the store by an
 * instance that starts (or reconnects its listener) while it runs. Per-key holds hold only that key. Each instance
 * here is its own store pool, engine, cluster member and limiter, as in separate processes.
 */
class SharedRateHoldsTest {
    private static final String URL = System.getProperty("nija.test.pg.url",
            System.getenv().getOrDefault("NIJA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    private static final LimitRule PER_IP = LimitRule.window("test-weight", LimitScope.IP, 1000, Duration.ofMinutes(1));
    private static final LimitRule PER_KEY = LimitRule.window("test-orders", LimitScope.API_KEY, 100, Duration.ofSeconds(1));
    private static final Duration BAN = Duration.ofSeconds(120);

    private final String schema = "holds_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final ManualScheduler time = new ManualScheduler(clock);
    private final SimulatedExchanges sim = new SimulatedExchanges(clock, 7);
    private final List<Instance> instances = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(reachable(), "no PostgreSQL at " + URL);
    }

    @AfterEach
    void tearDown() throws SQLException {
        instances.forEach(Instance::close);
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aBanToldToOneInstanceHoldsTheOtherUntilTheStatedTime() {
        Instance a = new Instance("a");
        Instance b = new Instance("b");
        assertThat(b.ipCall().granted()).isTrue();

        a.limiter.backOff(List.of(new Charge(PER_IP, Charge.SHARED_IP, 1)), BAN);

        await().atMost(Duration.ofSeconds(30)).until(() -> !b.ipCall().granted());
        RateLimiter.Reserved refused = b.ipCall();
        assertThat(refused.sharedLimit()).as("the venue waits, not one user").isTrue();
        assertThat(refused.delay()).isEqualTo(BAN);
        clock.advance(BAN.minusSeconds(1));
        assertThat(b.ipCall().granted()).as("still held one second before the stated time").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.ipCall().granted()).as("free at the stated time").isTrue();
        assertThat(a.ipCall().granted()).isTrue();
    }

    @Test
    void anInstanceThatStartsDuringAHoldReadsItFromTheStore() {
        Instance a = new Instance("a");
        a.limiter.backOff(List.of(new Charge(PER_IP, Charge.SHARED_IP, 1)), BAN);
        clock.advance(Duration.ofSeconds(30));

        Instance late = new Instance("late"); // was not listening when the hold was announced
        RateLimiter.Reserved r = late.ipCall();
        assertThat(r.granted()).isFalse();
        assertThat(r.delay()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aKeysHoldHoldsThatKeyOnlyOnEveryInstance() {
        Instance a = new Instance("a");
        Instance b = new Instance("b");
        a.limiter.backOff(List.of(new Charge(PER_KEY, "key-alice", 1)), Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).until(() -> !b.keyCall("key-alice").granted());
        RateLimiter.Reserved alice = b.keyCall("key-alice");
        assertThat(alice.sharedLimit()).as("only the key waits").isFalse();
        assertThat(b.keyCall("key-bob").granted()).isTrue();
        assertThat(b.ipCall().granted()).isTrue();
    }

    @Test
    void withoutSharingTheOtherInstanceWouldKeepSending() {
        RateLimiter a = new RateLimiter(clock);
        RateLimiter b = new RateLimiter(clock);
        a.backOff(List.of(new Charge(PER_IP, Charge.SHARED_IP, 1)), BAN);
        assertThat(b.reserve(List.of(new Charge(PER_IP, Charge.SHARED_IP, 1))).granted()).isTrue();
    }

    private static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * One instance as RouterApp wires it with --cluster: its own store pool, engine and {@link ClusterMember} on real
     * LISTEN/NOTIFY; the limiter stores its back-offs (SharedIpLimits) and gets the others' from the member.
     */
    private final class Instance {
        final JdbcStore store = Stores.external(URL, schema);
        final RateLimiter limiter = new RateLimiter(clock);
        final ExecutionEngine engine;
        final ClusterMember member;

        Instance(String name) {
            limiter.shareHolds(store.rateHolds(clock::now)::hold);
            EngineConfig defaults = EngineConfig.defaults();
            engine = new ExecutionEngine(defaults.withExecutor(defaults.executor().withInlineCalls()), store,
                    sim.venues(), (user, venue) -> Optional.empty(), clock, time, new Ids(clock, name.hashCode()),
                    DirectExecutor.INSTANCE, io.nija.core.engine.EngineListener.NONE);
            member = new ClusterMember(store, engine, name, clock, time, ClusterMember.LEASE_TIME, u -> { })
                    .shareRateHolds(limiter::heldElsewhere).start();
            instances.add(this);
        }

        RateLimiter.Reserved ipCall() {
            RateLimiter.Reserved r = limiter.reserve(List.of(new Charge(PER_IP, Charge.SHARED_IP, 1)));
            if (r.granted()) {
                limiter.refund(r.reservation());
            }
            return r;
        }

        RateLimiter.Reserved keyCall(String key) {
            RateLimiter.Reserved r = limiter.reserve(List.of(new Charge(PER_KEY, key, 1)));
            if (r.granted()) {
                limiter.refund(r.reservation());
            }
            return r;
        }

        void close() {
            member.close();
            engine.close();
            store.close();
        }
    }
}
