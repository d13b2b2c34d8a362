package io.nija.sim.simulation;

import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.EngineListener;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.execution.VenueExecutor;
import io.nija.core.instrument.Pair;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.store.memory.InMemoryStore;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.OrderView;
import io.nija.sim.fault.Sleeper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A deterministic simulation of the whole router over the in-process simulated exchanges: virtual time (a
 * manual clock and scheduler), seeded books and seeded faults. Time moves only in {@link #run}, in small steps,
 * after everything the previous step started has settled.
 */
final class RouterSimulation implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    static final Pair BTC_USD = Pair.parse("BTC-USD");
    private static final Duration STEP = Duration.ofMillis(50);

    final ManualClock clock = new ManualClock(T0);
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final SimulatedExchanges sim;
    final InMemoryStore store = new InMemoryStore();
    final ExecutionEngine engine;
    private final Map<String, VenueAccount> accounts = new ConcurrentHashMap<>();
    private final List<String> orderIds = new ArrayList<>();
    private int signals;
    private final boolean inline;

    /**
     * Venue calls run inline on the thread that moves virtual time: one thread, no polling, the same order every run.
     * (A test of the executors' queueing passes a config without inline calls.)
     */
    RouterSimulation(long seed, boolean latencyAdvancesClock) {
        this(seed, latencyAdvancesClock, inline(EngineConfig.defaults()));
    }

    static EngineConfig inline(EngineConfig config) {
        return config.withExecutor(config.executor().withInlineCalls());
    }

    RouterSimulation(long seed, boolean latencyAdvancesClock, EngineConfig config) {
        this.sim = new SimulatedExchanges(clock, seed, latencyAdvancesClock ? Sleeper.advancing(clock) : Sleeper.none());
        this.inline = config.executor().inlineCalls();
        this.engine = new ExecutionEngine(config, store, sim.venues(),
                (user, venue) -> Optional.ofNullable(accounts.get(user + "/" + venue)), clock, scheduler,
                new Ids(clock, seed), DirectExecutor.INSTANCE, EngineListener.NONE);
    }

    void users(int n) {
        for (int i = 0; i < n; i++) {
            String id = "user-" + i;
            store.createUser(new User(id, Role.USER, UserLimits.defaults().withTradesPerSecond(1000), T0), "hash-" + id);
            sim.openPaperAccounts(id).forEach((venue, account) -> accounts.put(id + "/" + venue, account));
        }
    }

    /** Replaces a user's credentials for one venue as the router knows them (a revoked or wrong key). */
    void replaceAccount(String userId, String venue, VenueAccount account) {
        accounts.put(userId + "/" + venue, account);
    }

    /** Restricts every user's routing to the given venues. */
    void usersOnlyOn(int n, java.util.Set<String> venues) {
        for (int i = 0; i < n; i++) {
            String id = "user-" + i;
            UserLimits l = UserLimits.defaults().withTradesPerSecond(1000);
            store.saveLimits(id, new UserLimits(true, venues, java.util.Set.of(), l.maxOrderUsd(), l.maxPositionUsd(),
                    l.dailyLossUsd(), l.maxOpenPositions(), l.tradesPerSecond()));
        }
    }

    /** Creates one user with the given limits and funded paper accounts. */
    void user(String id, UserLimits limits) {
        store.createUser(new User(id, Role.USER, limits, T0), "hash-" + id);
        sim.openPaperAccounts(id).forEach((venue, account) -> accounts.put(id + "/" + venue, account));
    }

    /** Submits a $size entry for {@code userId}; returns its order id. */
    String buy(String userId, String size) {
        return submit(userId, Side.BUY, size, SignalType.ENTRY);
    }

    String submit(String userId, Side side, String size, SignalType type) {
        TradeSignal s = new TradeSignal("sig-" + (++signals), userId, BTC_USD, side, new BigDecimal(size),
                type, "simulation", clock.now(), null);
        String id = engine.submit(s).orderIds().get(0);
        orderIds.add(id);
        return id;
    }

    List<Order> orders() {
        return orderIds.stream().map(id -> store.findOrder(id).orElseThrow()).toList();
    }

    /** Moves virtual time forward in steps until every order is final or {@code limit} has passed. */
    Duration run(Duration limit) {
        Instant start = clock.now();
        settle();
        while (!orders().stream().allMatch(o -> o.status().isTerminal())
                && Duration.between(start, clock.now()).compareTo(limit) < 0) {
            scheduler.advance(STEP);
            settle();
        }
        return Duration.between(start, clock.now());
    }

    /**
     * Waits until nothing more happens at the current virtual time: lanes idle, and the executors' load, the
     * scheduler's pending work and the venues' order counts unchanged over several consecutive looks (an executor
     * may be parked on the scheduler, waiting for virtual time, with tasks still queued).
     */
    void settle() {
        if (inline) {
            // Everything a step started ran on this thread before the step returned.
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        int stable = 0;
        try {
            while (System.nanoTime() < deadline) {
                engine.awaitLanesIdle(30, TimeUnit.SECONDS);
                String now = snapshot();
                stable = now.equals(last) ? stable + 1 : 0;
                last = now;
                // A venue call running is real work under way (the in-process venues never wait on virtual time);
                // so are queued tasks while nothing waits on virtual time. Under CPU load a lane or call can be
                // descheduled for longer than the stability looks, so these are checked, not inferred from quiet.
                boolean working = callsInFlight() > 0 || (inFlightOrQueued() > 0 && scheduler.pending() == 0);
                if (stable >= 5 && !working) {
                    return;
                }
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("the simulation did not settle: " + last);
    }

    private int callsInFlight() {
        return engine.executors().values().stream().mapToInt(VenueExecutor::callsInFlight).sum();
    }

    private int inFlightOrQueued() {
        return engine.executors().values().stream().mapToInt(VenueExecutor::queueDepth).sum();
    }

    private String snapshot() {
        int depth = engine.executors().values().stream().mapToInt(VenueExecutor::queueDepth).sum();
        long accepted = sim.venueNames().stream().mapToLong(v -> sim.engine(v).acceptedOrders().size()).sum();
        long finals = orders().stream().filter(o -> o.status().isTerminal()).count();
        return depth + "/" + scheduler.pending() + "/" + accepted + "/" + finals + "/" + store.venueRequests().size();
    }

    /** Client order ids the venues accepted more than once for the same account: must always be empty. */
    Map<String, Long> duplicatePlacements() {
        Map<String, Long> dup = new HashMap<>();
        for (String venue : sim.venueNames()) {
            sim.engine(venue).acceptedOrders().stream()
                    .collect(Collectors.groupingBy(o -> venue + "/" + o.apiKey() + "/" + o.clientOrderId(), Collectors.counting()))
                    .forEach((k, n) -> {
                        if (n > 1) {
                            dup.put(k, n);
                        }
                    });
        }
        return dup;
    }

    /** The venue's own fills of a leg, summed: what the router's view must equal. */
    BigDecimal venueFilledQty(Order order, OrderLeg leg) {
        VenueAccount a = accounts.get(order.userId() + "/" + leg.venue());
        return sim.engine(leg.venue()).orderByClientId(a.apiKey(), leg.clientOrderId())
                .map(OrderView::filledQty).orElse(BigDecimal.ZERO);
    }

    @Override
    public void close() {
        engine.close();
    }
}
