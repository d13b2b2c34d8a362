package io.nija.store;

import static io.nija.store.TestData.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.cluster.LeaseManager;
import io.nija.core.cluster.Shards;
import io.nija.core.cluster.StaleLeaseException;
import io.nija.core.order.Order;
import io.nija.core.time.ManualClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two and three lease managers on one PostgreSQL schema (fresh per test), in virtual time: shards are shared out,
 * moved on join and leave, taken over when a holder stops renewing, and a holder that lost a shard cannot write.
 */
class ShardLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(6);
    private final String schema = "lease_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ManualClock clock = new ManualClock(TestData.T0);
    private final List<JdbcStore> stores = new ArrayList<>();

    @BeforeEach
    void reachable() {
        Assumptions.assumeTrue(ExternalStoreTest.reachable(), "no PostgreSQL");
    }

    @AfterEach
    void drop() throws SQLException {
        stores.forEach(JdbcStore::close);
        if (!stores.isEmpty()) {
            try (Connection c = DriverManager.getConnection(ExternalStoreTest.URL); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private JdbcStore store() {
        JdbcStore s = Stores.external(ExternalStoreTest.URL, schema);
        stores.add(s);
        return s;
    }

    private LeaseManager manager(String name, JdbcStore store) {
        LeaseManager m = new LeaseManager(name, store.leases(), clock, LEASE);
        store.fenceWith(m);
        return m;
    }

    private void rounds(int n, LeaseManager... managers) {
        for (int i = 0; i < n; i++) {
            for (LeaseManager m : managers) {
                m.tick();
            }
            clock.advance(Duration.ofSeconds(2));
        }
    }

    @Test
    void aloneItHoldsEveryShardAndAJoinerGetsHalfWithoutOverlap() {
        LeaseManager a = manager("a", store());
        a.tick();
        assertThat(a.held()).hasSize(Shards.COUNT);
        LeaseManager b = manager("b", store());
        rounds(3, b, a);
        assertThat(a.held()).hasSize(32);
        assertThat(b.held()).hasSize(32);
        Set<Integer> all = new HashSet<>(a.held().keySet());
        all.addAll(b.held().keySet());
        assertThat(all).hasSize(Shards.COUNT);
        assertThat(a.takeovers() + b.takeovers()).as("a hand-over is not a takeover").isZero();

        LeaseManager c = manager("c", store());
        rounds(3, c, a, b);
        assertThat(List.of(a.held().size(), b.held().size(), c.held().size())).allMatch(n -> n >= 20 && n <= 22);
        assertThat(a.held().size() + b.held().size() + c.held().size()).isEqualTo(Shards.COUNT);
    }

    @Test
    void aSilentHoldersShardsAreTakenOverWithinTheLeaseAndATickAndItsTokenNoLongerWrites() {
        JdbcStore storeA = store();
        LeaseManager a = manager("a", storeA);
        LeaseManager b = manager("b", store());
        rounds(3, a, b);
        rounds(2, b, a);
        int shardOfA = a.held().keySet().iterator().next();
        String user = userIn(shardOfA);
        storeA.createUser(TestData.user(user), id("th"));
        Order order = TestData.pendingOrder(id("ord"), id("sig"), user, clock.now());
        storeA.saveAcceptedSignal(TestData.signal(order.signalId(), user, null, clock.now()), List.of(order));
        storeA.saveOrder(order); // a holds the shard: its write goes through

        List<Set<Integer>> lostByA = new CopyOnWriteArrayList<>();
        a.listener(new LeaseManager.Listener() {
            @Override
            public void gained(Set<Integer> shards) {
            }

            @Override
            public void lost(Set<Integer> shards) {
                lostByA.add(shards);
            }
        });
        long tokenBefore = a.held().get(shardOfA).token();
        // a is paused (SIGSTOP): it does not tick while b goes on.
        clock.advance(LEASE);
        b.tick();
        assertThat(b.held()).hasSize(Shards.COUNT);
        assertThat(b.takeovers()).isEqualTo(32);
        assertThat(b.held().get(shardOfA).token()).isEqualTo(tokenBefore + 1);

        // a resumes and has not renewed yet: by its own view it still holds the shard, but the database refuses its
        // old token; its next renewal tells it, and it drops the shard.
        assertThat(a.owns(user)).isTrue();
        assertThatThrownBy(() -> storeA.saveOrder(order)).isInstanceOf(StaleLeaseException.class);
        a.tick();
        assertThat(lostByA).hasSize(1);
        assertThat(lostByA.get(0)).contains(shardOfA);
        assertThat(a.owns(user)).isFalse();
        assertThatThrownBy(() -> storeA.saveOrder(order)).isInstanceOf(StaleLeaseException.class);
    }

    @Test
    void theDatabaseRefusesAStaleTokenEvenWhenTheWritersClockSaysItStillHoldsTheShard() {
        JdbcStore storeA = store();
        LeaseManager a = manager("a", storeA);
        a.tick();
        String user = userIn(5);
        storeA.createUser(TestData.user(user), id("th"));
        Order order = TestData.pendingOrder(id("ord"), id("sig"), user, clock.now());
        storeA.saveAcceptedSignal(TestData.signal(order.signalId(), user, null, clock.now()), List.of(order));
        // Someone else takes shard 5 behind a's back (a's clock is behind, say): the token moves on.
        var lease = storeA.leases().leases().get(5);
        assertThat(storeA.leases().acquire(5, lease.token(), "intruder", clock.now(), clock.now().plus(LEASE))).isNotNull();
        assertThat(a.owns(user)).isTrue();
        assertThatThrownBy(() -> storeA.saveOrder(order)).isInstanceOf(StaleLeaseException.class);
        assertThatThrownBy(() -> storeA.savePositions(List.of(new io.nija.core.position.Position(user, "binance",
                TestData.BTC_USD)))).isInstanceOf(StaleLeaseException.class);
    }

    @Test
    void aRenewalLatePastTheExpiryWithNobodyElseAroundKeepsTheShardsAndTheWrites() {
        // The first version refused writes once the lease's expiry passed by the instance's own clock: under load the
        // renewal queued behind order traffic and a lone instance refused its own writes.
        JdbcStore storeA = store();
        LeaseManager a = manager("a", storeA);
        a.tick();
        String user = userIn(9);
        storeA.createUser(TestData.user(user), id("th"));
        Order order = TestData.pendingOrder(id("ord"), id("sig"), user, clock.now());
        storeA.saveAcceptedSignal(TestData.signal(order.signalId(), user, null, clock.now()), List.of(order));
        clock.advance(LEASE.multipliedBy(3));
        assertThat(a.owns(user)).isTrue();
        storeA.saveOrder(order);
        a.tick();
        assertThat(a.held()).hasSize(Shards.COUNT);
        assertThat(a.lost()).isZero();
    }

    @Test
    void aCleanStopHandsEveryShardOverAtOnce() {
        LeaseManager a = manager("a", store());
        LeaseManager b = manager("b", store());
        rounds(3, a, b);
        a.stop();
        b.tick();
        assertThat(b.held()).hasSize(Shards.COUNT);
        assertThat(b.takeovers()).isZero();
        assertThat(a.held()).isEmpty();
    }

    @Test
    void notificationsReachTheOtherInstancesOfTheSameSchemaOnly() throws InterruptedException {
        JdbcStore storeA = store();
        JdbcStore storeB = store();
        List<String> heard = new CopyOnWriteArrayList<>();
        try (var listening = storeA.clusterBus("a"); var sending = storeB.clusterBus("b")) {
            listening.listen(new io.nija.core.cluster.ClusterBus() {
                @Override
                public void signalStored(int shard) {
                    heard.add("signal " + shard);
                }

                @Override
                public void settingsChanged(String userId) {
                    heard.add("settings " + userId);
                }

                @Override
                public void cancelRequested(String userId, String orderId) {
                    heard.add("cancel " + userId + " " + orderId);
                }
            });
            // LISTEN is issued on the listener's own thread: send until the first message is heard (bounded).
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (heard.isEmpty() && System.nanoTime() < deadline) {
                sending.signalStored(5);
                Thread.sleep(100);
            }
            sending.settingsChanged(null);
            sending.settingsChanged("u-1");
            sending.cancelRequested("u-2", "ord-9");
            while (heard.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(heard).contains("signal 5", "settings null", "settings u-1", "cancel u-2 ord-9");
    }

    static String userIn(int shard) {
        for (int i = 0; ; i++) {
            String u = "u-" + shard + "-" + i;
            if (Shards.of(u) == shard) {
                return u;
            }
        }
    }
}
