package io.nija.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.cluster.ClusterBus;
import io.nija.core.cluster.ClusterTransport;
import io.nija.core.cluster.Shards;
import io.nija.core.cluster.StaleLeaseException;
import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.EngineListener;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.order.Order;
import io.nija.core.position.Position;
import io.nija.core.risk.KillSwitchMode;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.time.Scheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.VenueAccount;
import io.nija.server.app.ClusterMember;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import io.nija.store.JdbcStore;
import io.nija.store.Stores;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three router instances (each its own engine, store connection pool and lease manager) on one PostgreSQL schema and
 * one simulated exchange set, in virtual time on the test's thread: a steady multi-user load sent to any instance, one
 * instance killed (nothing of it runs again), another paused past its lease and resumed. Every acknowledged signal
 * ends final, no client order id reaches a venue twice, and positions equal the venues' fills. The takeover time is
 * measured in virtual time (the lease protocol's bound, not the database's speed) and written to
 * {@code target/cluster-takeover.txt}.
 */
class ClusterTakeoverTest {
    private static final String URL = System.getProperty("nija.test.pg.url",
            System.getenv().getOrDefault("NIJA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final Pair PAIR = Pair.parse("BTC-USD");
    private static final Duration LEASE = ClusterMember.LEASE_TIME;
    private static final Duration STEP = Duration.ofMillis(250);
    private static final int USERS = 12;

    private final String schema = "cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ManualClock clock = new ManualClock(T0);
    private final ManualScheduler time = new ManualScheduler(clock);
    private final SimulatedExchanges sim = new SimulatedExchanges(clock, 42);
    private final Map<String, VenueAccount> accounts = new ConcurrentHashMap<>();
    private final List<Instance> instances = new ArrayList<>();
    private final Loopback loopback = new Loopback();
    private final List<String> acknowledged = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(7);
    private final Set<String> seenFinal = new HashSet<>();
    private final Map<String, String> userOf = new HashMap<>();
    private int signals;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(reachable(), "no PostgreSQL at " + URL);
        JdbcStore first = Stores.external(URL, schema);
        for (int u = 0; u < USERS; u++) {
            String id = user(u);
            first.createUser(new User(id, Role.USER, UserLimits.defaults().withTradesPerSecond(1000), T0), "hash-" + id);
            sim.openPaperAccounts(id).forEach((venue, a) -> accounts.put(id + "/" + venue, a));
        }
        first.close();
        for (String name : List.of("a", "b", "c")) {
            instances.add(new Instance(name));
        }
        advance(Duration.ofSeconds(10)); // the three share the shards out
    }

    @AfterEach
    void tearDown() throws SQLException {
        instances.forEach(Instance::close);
        if (!instances.isEmpty()) {
            try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void aKilledInstancesShardsAreTakenOverAndAPausedOneCannotWriteAndEverythingEndsConsistent() throws IOException {
        Instance a = instances.get(0);
        Instance b = instances.get(1);
        Instance c = instances.get(2);
        assertThat(List.of(a, b, c)).allMatch(i -> i.member.leases().held().size() >= 20);
        load(Duration.ofSeconds(15));

        // kill -9 c: nothing of it runs again; its shards must move within 10 s.
        Set<Integer> shardsOfC = Set.copyOf(c.member.leases().held().keySet());
        c.scheduler.kill();
        Instant killedAt = clock.now();
        Duration takeover = null;
        while (takeover == null) {
            loadStep(List.of(a, b));
            if (heldBy(List.of(a, b)).containsAll(shardsOfC)) {
                takeover = Duration.between(killedAt, clock.now());
            }
            assertThat(Duration.between(killedAt, clock.now())).isLessThan(Duration.ofSeconds(30));
        }
        assertThat(takeover).isLessThanOrEqualTo(Duration.ofSeconds(10));
        long takeovers = a.member.leases().takeovers() + b.member.leases().takeovers();
        assertThat(takeovers).isEqualTo(shardsOfC.size());
        load(Duration.ofSeconds(10));

        // SIGSTOP b past its lease: a takes everything; b's writes for users it lost are refused.
        Set<Integer> shardsOfB = Set.copyOf(b.member.leases().held().keySet());
        b.scheduler.pause();
        Instant pausedAt = clock.now();
        while (!heldBy(List.of(a)).containsAll(shardsOfB)) {
            loadStep(List.of(a));
            assertThat(Duration.between(pausedAt, clock.now())).isLessThan(Duration.ofSeconds(30));
        }
        Duration takeoverOfPaused = Duration.between(pausedAt, clock.now());
        Order someOrderOfB = acknowledged.stream().map(id -> a.store.findOrder(id).orElseThrow())
                .filter(o -> shardsOfB.contains(Shards.of(o.userId()))).findFirst().orElseThrow();
        assertThatThrownBy(() -> b.store.saveOrder(someOrderOfB)).isInstanceOf(StaleLeaseException.class);
        String legOfB = someOrderOfB.legs().isEmpty() ? null : someOrderOfB.legs().get(0).legId();
        if (legOfB != null) {
            assertThatThrownBy(() -> b.store.beginVenueRequest(legOfB, someOrderOfB.legs().get(0).venue(), "x", "place",
                    clock.now())).isInstanceOf(StaleLeaseException.class);
        }
        b.scheduler.resume(); // what b had queued runs now, against a store that refuses it; then b rejoins
        load(Duration.ofSeconds(15));
        assertThat(b.member.leases().held()).as("b rejoined and got shards back").isNotEmpty();

        // Quiet: every acknowledged signal ends final.
        Instant settleEnd = clock.now().plus(Duration.ofMinutes(3));
        while (!allFinal(a) && clock.now().isBefore(settleEnd)) {
            advance(Duration.ofSeconds(1));
        }
        assertThat(notFinal(a)).as("acknowledged orders not final").isEmpty();
        assertThat(duplicateClientIds()).as("client order ids placed twice").isEmpty();
        assertThat(positionMismatches(a)).as("positions that differ from the venues' fills").isEmpty();

        Path report = Path.of("target", "cluster-takeover.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, String.join("\n",
                "three instances, " + USERS + " users, lease " + LEASE.toSeconds() + " s, renewal every "
                        + LEASE.dividedBy(3).toSeconds() + " s (virtual time)",
                "acknowledged signals: " + acknowledged.size() + ", venue orders: " + venueOrders(),
                "kill -9 of c (" + shardsOfC.size() + " shards): all taken over after " + takeover.toMillis() + " ms, "
                        + takeovers + " takeovers counted",
                "pause of b (" + shardsOfB.size() + " shards): all taken over after " + takeoverOfPaused.toMillis() + " ms",
                "every acknowledged signal final, no client order id twice at a venue, positions equal venue fills", ""));
    }

    @Test
    void aKillSwitchOrLimitSetThroughOneInstanceHoldsForSignalsSentThroughEveryOther() {
        Instance a = instances.get(0);
        String user = user(3);
        Instance owner = instances.stream().filter(i -> i.member.leases().owns(user)).findFirst().orElseThrow();
        Instance other = instances.stream().filter(i -> i != owner).findFirst().orElseThrow();
        Instance setter = instances.stream().filter(i -> i != owner && i != other).findFirst().orElseThrow();

        setter.engine.killSwitch(user, true, KillSwitchMode.BLOCK_ENTRIES);
        for (Instance via : instances) {
            assertThatThrownBy(() -> via.engine.submit(entry(user, "10")))
                    .isInstanceOf(SignalRejectedException.class).hasMessageContaining("kill switch");
        }
        setter.engine.killSwitch(user, false, KillSwitchMode.BLOCK_ENTRIES);
        owner.engine.submit(entry(user, "10"));
        other.engine.submit(entry(user, "10"));

        // A limit stored and announced through one instance: the others refuse by it before the next signal.
        UserLimits tight = UserLimits.defaults().withTradesPerSecond(1000).withEnabled(false);
        a.store.saveLimits(user, tight);
        a.engine.updateLimits(user, tight);
        for (Instance via : instances) {
            assertThatThrownBy(() -> via.engine.submit(entry(user, "25")))
                    .isInstanceOf(SignalRejectedException.class).extracting("code").isEqualTo("user_disabled");
        }
        advance(Duration.ofSeconds(5));
    }

    // --- load and checks ----------------------------------------------------------------------------

    private void load(Duration d) {
        Instant end = clock.now().plus(d);
        while (clock.now().isBefore(end)) {
            loadStep(instances.stream().filter(i -> i.scheduler.running()).toList());
        }
    }

    /** One step: a signal through a random live instance, then a quarter second of virtual time. */
    private void loadStep(List<Instance> live) {
        for (int k = 0; k < 1; k++) {
            Instance via = live.get(random.nextInt(live.size()));
            String u = user(random.nextInt(USERS));
            boolean exit = random.nextInt(4) == 0;
            TradeSignal s = exit
                    ? new TradeSignal("sig-" + (++signals), u, PAIR, Side.SELL, new BigDecimal("30"), SignalType.EXIT,
                    "load", clock.now(), null)
                    : entry(u, String.valueOf(20 + random.nextInt(60)));
            try {
                String orderId = via.engine.submit(s).orderIds().get(0);
                acknowledged.add(orderId);
                userOf.put(orderId, u);
            } catch (SignalRejectedException refused) {
                // no position to exit, or a limit: refused before anything was stored
            }
            if (random.nextInt(10) == 0) {
                // A cancel through any instance (the owner acts on it), of an order that may be final already.
                String orderId = acknowledged.get(random.nextInt(acknowledged.size()));
                live.get(random.nextInt(live.size())).engine.cancel(userOf.get(orderId), orderId);
            }
        }
        advance(STEP);
    }

    private TradeSignal entry(String user, String usd) {
        return new TradeSignal("sig-" + (++signals), user, PAIR, Side.BUY, new BigDecimal(usd), SignalType.ENTRY, "load",
                clock.now(), null);
    }

    private void advance(Duration d) {
        time.advance(d);
    }

    private Set<Integer> heldBy(List<Instance> which) {
        Set<Integer> s = new HashSet<>();
        which.forEach(i -> s.addAll(i.member.leases().held().keySet()));
        return s;
    }

    private boolean allFinal(Instance reader) {
        return notFinal(reader).isEmpty();
    }

    /** Acknowledged orders not final yet; those once seen final are not read again (final is final). */
    private List<String> notFinal(Instance reader) {
        List<String> open = new ArrayList<>();
        for (String id : acknowledged) {
            if (seenFinal.contains(id)) {
                continue;
            }
            Optional<Order> o = reader.store.findOrder(id);
            if (o.isEmpty() || !o.get().status().isTerminal()) {
                open.add(id + " " + o.map(x -> x.status() + " " + x.legs().stream().map(l -> l.venue() + ":" + l.status())
                        .toList()).orElse("missing"));
            } else {
                seenFinal.add(id);
            }
        }
        return open;
    }

    private List<String> duplicateClientIds() {
        List<String> dup = new ArrayList<>();
        for (String venue : sim.venueNames()) {
            Set<String> seen = new HashSet<>();
            for (OrderView o : sim.engine(venue).acceptedOrdersSince(0)) {
                if (o.clientOrderId() != null && !seen.add(o.apiKey() + "/" + o.clientOrderId())) {
                    dup.add(venue + " " + o.clientOrderId());
                }
            }
        }
        return dup;
    }

    private long venueOrders() {
        return sim.venueNames().stream().mapToLong(v -> sim.engine(v).acceptedOrdersSince(0).size()).sum();
    }

    private List<String> positionMismatches(Instance reader) {
        Map<String, BigDecimal> router = new HashMap<>();
        for (Position p : reader.store.findPositions(null)) {
            if (p.pair().equals(PAIR)) {
                router.merge(p.userId() + "/" + p.venue(), p.quantity(), BigDecimal::add);
            }
        }
        List<String> out = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (String venue : sim.venueNames()) {
                MatchingEngine engine = sim.engine(venue);
                BigDecimal net = BigDecimal.ZERO;
                for (AccountFill f : engine.fills(accounts.get(user(u) + "/" + venue).apiKey())) {
                    String base = engine.instrument(f.symbol()).map(Instrument::pair).map(Pair::base).orElse("");
                    BigDecimal baseFee = base.equals(f.feeAsset()) ? f.fee() : BigDecimal.ZERO;
                    net = f.side() == Side.BUY ? net.add(f.quantity()).subtract(baseFee) : net.subtract(f.quantity()).subtract(baseFee);
                }
                BigDecimal mine = router.getOrDefault(user(u) + "/" + venue, BigDecimal.ZERO);
                if (mine.compareTo(net) != 0) {
                    out.add(user(u) + " at " + venue + ": router " + mine.toPlainString() + ", venue " + net.toPlainString());
                }
            }
        }
        return out;
    }

    private static String user(int u) {
        return "cu-" + u;
    }

    private static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    // --- the instances ------------------------------------------------------------------------------

    private final class Instance {
        final JdbcStore store;
        final InstanceScheduler scheduler = new InstanceScheduler();
        final ExecutionEngine engine;
        final ClusterMember member;

        Instance(String name) {
            store = Stores.external(URL, schema);
            EngineConfig defaults = EngineConfig.defaults();
            engine = new ExecutionEngine(defaults.withExecutor(defaults.executor().withInlineCalls()), store, sim.venues(),
                    (user, venue) -> Optional.ofNullable(accounts.get(user + "/" + venue)), clock, scheduler,
                    new Ids(clock, name.hashCode() * 7919L), DirectExecutor.INSTANCE, EngineListener.NONE);
            member = new ClusterMember(store, loopback.endpoint(scheduler), engine, name, clock, scheduler, LEASE, u -> { })
                    .start();
            engine.recover();
        }

        void close() {
            if (scheduler.running()) {
                member.close();
            }
            engine.close();
            store.close();
        }
    }

    /**
     * An instance's share of the virtual-time scheduler. Killed, nothing of the instance runs again; paused, what
     * falls due waits and runs when it resumes, as a process stopped with SIGSTOP does.
     */
    private final class InstanceScheduler implements Scheduler {
        private volatile boolean killed;
        private volatile boolean paused;
        private final List<Runnable> held = new CopyOnWriteArrayList<>();

        @Override
        public void schedule(Duration delay, Runnable task) {
            time.schedule(delay, () -> {
                if (killed) {
                    return;
                }
                if (paused) {
                    held.add(task);
                } else {
                    task.run();
                }
            });
        }

        void kill() {
            killed = true;
        }

        void pause() {
            paused = true;
        }

        void resume() {
            paused = false;
            List<Runnable> due = List.copyOf(held);
            held.clear();
            due.forEach(Runnable::run);
        }

        boolean running() {
            return !killed && !paused;
        }

        @Override
        public void close() {
        }
    }

    /** LISTEN/NOTIFY stand-in: a message reaches every instance through its own scheduler, in virtual time. */
    private static final class Loopback {
        private final List<Map.Entry<InstanceScheduler, ClusterBus>> receivers = new CopyOnWriteArrayList<>();

        ClusterTransport endpoint(InstanceScheduler scheduler) {
            return new ClusterTransport() {
                @Override
                public void listen(ClusterBus receiver) {
                    receivers.add(Map.entry(scheduler, receiver));
                }

                @Override
                public void signalStored(int shard) {
                    receivers.forEach(r -> r.getKey().schedule(Duration.ZERO, () -> r.getValue().signalStored(shard)));
                }

                @Override
                public void settingsChanged(String userId) {
                    receivers.forEach(r -> r.getKey().schedule(Duration.ZERO, () -> r.getValue().settingsChanged(userId)));
                }

                @Override
                public void cancelRequested(String userId, String orderId) {
                    receivers.forEach(r -> r.getKey().schedule(Duration.ZERO,
                            () -> r.getValue().cancelRequested(userId, orderId)));
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
