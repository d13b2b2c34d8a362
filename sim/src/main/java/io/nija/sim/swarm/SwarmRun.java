package io.nija.sim.swarm;

import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.EngineListener;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.engine.VisibilityWindows;
import io.nija.core.instrument.Pair;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.order.Order;
import io.nija.core.position.Position;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.memory.InMemoryStore;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.fault.SimFaults;
import io.nija.sim.fault.Sleeper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One swarm seed: the real engine over the in-memory store and the six simulated venues, in virtual time, driven
 * by a {@link Scenario}'s events, with the {@link Invariants} checked after every step.
 *
 * <p>Single threaded and reproducible: venue calls run inline ({@code ExecutorConfig.withInlineCalls}), lanes run on
 * the caller's thread ({@link DirectExecutor}), injected latency advances the manual clock, and nothing reads the
 * wall clock. The same scenario therefore gives the same trail, every time.
 */
public final class SwarmRun {
    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    static final Pair PAIR = Pair.parse("BTC-USD");
    /** How long, after the last event and with every fault cleared, each acknowledged order has to become final. */
    static final Duration SETTLE_BOUND = Duration.ofMinutes(5);
    /** Invariants that read every account at every venue run every this many steps (and at the end). */
    private static final int SCAN_EVERY = 20;

    /** What one run did: its size and the first violation, if any. */
    public record Outcome(Scenario scenario, long orders, long venueOrders, int steps, Violation violation) {
        public boolean violated() {
            return violation != null;
        }
    }

    /** A read-only look at a run for invariants. */
    public interface View {
        SimulatedExchanges sim();

        InMemoryStore store();

        /** The user's paper account at a venue. */
        VenueAccount account(int user, String venue);

        int users();

        /** Order ids of every acknowledged signal, in submission order. */
        List<String> acknowledged();

        /** The events applied so far. */
        List<SwarmEvent> applied();
    }

    private final Scenario scenario;
    private final List<Invariant> extra;
    private final ManualClock clock = new ManualClock(T0);
    private ManualScheduler scheduler = new ManualScheduler(clock);
    private final SimulatedExchanges sim;
    private InMemoryStore store = new InMemoryStore();
    private ExecutionEngine engine;
    private int incarnation;
    private final Map<String, VenueAccount> accounts = new HashMap<>();
    private final List<String> acknowledged = new ArrayList<>();
    private final List<List<String>> ordersByUser = new ArrayList<>();
    private final List<SwarmEvent> applied = new ArrayList<>();
    private final Map<String, EnumMap<FaultKind, SwarmEvent.FaultOn>> activeFaults = new HashMap<>();
    private final Invariants invariants = new Invariants();
    private final Map<String, String> btcSymbol = new HashMap<>();
    private int signals;
    private int step;

    public SwarmRun(Scenario scenario) {
        this(scenario, List.of());
    }

    /** @param extra invariants checked after every step besides the built-in ones */
    public SwarmRun(Scenario scenario, List<Invariant> extra) {
        this.scenario = scenario;
        this.extra = List.copyOf(extra);
        // Injected latency moves the virtual clock, so it shows in the router's measured latency at no real cost.
        this.sim = new SimulatedExchanges(clock, scenario.seed(), Sleeper.advancing(clock));
    }

    public static Outcome run(Scenario scenario) {
        return new SwarmRun(scenario).run();
    }

    public Outcome run() {
        try {
            setUp();
            Violation v = drive();
            return new Outcome(scenario, acknowledged.size(), venueOrders(), step, v);
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }

    private void setUp() {
        for (int u = 0; u < scenario.users(); u++) {
            String id = user(u);
            store.createUser(new User(id, Role.USER, UserLimits.defaults().withTradesPerSecond(1000), T0), "hash-" + id);
            sim.openPaperAccounts(id).forEach((venue, account) -> accounts.put(id + "/" + venue, account));
            ordersByUser.add(new ArrayList<>());
        }
        for (String venue : sim.venueNames()) {
            sim.engine(venue).instruments().stream().filter(i -> i.pair().equals(PAIR)).findFirst()
                    .ifPresent(i -> btcSymbol.put(venue, i.symbol()));
        }
        start();
    }

    /** Starts a router process as RouterApp does: recover what the store holds, then reconcile every minute. */
    private void start() {
        engine = newEngine();
        engine.recover();
        engine.reconcileEvery(Duration.ofSeconds(60));
    }

    /** A router process: a fresh engine (no memory of any earlier one) over what the store holds. */
    private ExecutionEngine newEngine() {
        EngineConfig defaults = EngineConfig.defaults()
                .withVisibility(VisibilityWindows.uniform(Duration.ofMillis(scenario.visibilityWindowMs())));
        defaults = defaults.withRouting(defaults.routing().withPolicy(scenario.routingPolicy()));
        EngineConfig config = defaults.withExecutor(defaults.executor().withInlineCalls());
        // Each process draws its own id bits, as two router instances do; derived, so the run stays reproducible.
        long idSeed = new SplittableRandom(scenario.seed() * 31 + incarnation).nextLong();
        return new ExecutionEngine(config, store, sim.venues(),
                (user, venue) -> Optional.ofNullable(accounts.get(user + "/" + venue)), clock, scheduler,
                new Ids(clock, idSeed), DirectExecutor.INSTANCE, EngineListener.NONE);
    }

    private Violation drive() {
        List<SwarmEvent> sorted = new ArrayList<>(scenario.events());
        sorted.sort(Comparator.comparingLong(SwarmEvent::atMs));
        java.util.ArrayDeque<SwarmEvent> pending = new java.util.ArrayDeque<>(sorted);
        long now = 0;
        Duration stepLength = Duration.ofMillis(scenario.stepMs());
        View view = new RunView();
        while (now < scenario.durationMs() || !pending.isEmpty()) {
            long at = now;
            Violation v = step(view, stepLength, () -> {
                while (!pending.isEmpty() && pending.peekFirst().atMs() <= at) {
                    SwarmEvent e = pending.pollFirst();
                    applied.add(e);
                    apply(e);
                }
            });
            if (v != null) {
                return v;
            }
            now += scenario.stepMs();
        }
        // The faults stop; every acknowledged order now has a bounded time to become final.
        sim.venueNames().forEach(venue -> sim.setFaults(venue, SimFaults.NONE));
        activeFaults.clear();
        long settleEnd = now + SETTLE_BOUND.toMillis();
        while (now < settleEnd && !allFinal()) {
            Violation v = step(view, stepLength, () -> { });
            if (v != null) {
                return v;
            }
            now += scenario.stepMs();
        }
        String seen = invariants.atEnd(view);
        if (seen != null) {
            return violation(seen.substring(0, seen.indexOf(": ")), seen.substring(seen.indexOf(": ") + 2));
        }
        return null;
    }

    /** Applies what is due, moves virtual time one step and checks the invariants; the first violation, or null. */
    private Violation step(View view, Duration stepLength, Runnable due) {
        try {
            due.run();
            scheduler.advance(stepLength);
        } catch (RuntimeException e) {
            return violation(Invariants.ENGINE_THREW, describe(e));
        }
        step++;
        return checkStep(view, step % SCAN_EVERY == 0);
    }

    private Violation checkStep(View view, boolean scan) {
        String seen = invariants.everyStep(view, scan);
        if (seen != null) {
            return violation(seen.substring(0, seen.indexOf(": ")), seen.substring(seen.indexOf(": ") + 2));
        }
        for (Invariant i : extra) {
            String s = i.check(view);
            if (s != null) {
                return violation(i.name(), s);
            }
        }
        return null;
    }

    private Violation violation(String invariant, String detail) {
        return new Violation(scenario.seed(), step, Duration.between(T0, clock.now()).toMillis(), invariant, detail, applied);
    }

    private boolean allFinal() {
        for (String id : acknowledged) {
            Optional<Order> o = store.findOrder(id);
            if (o.isPresent() && !o.get().status().isTerminal()) {
                return false;
            }
        }
        return true;
    }

    private void apply(SwarmEvent event) {
        switch (event) {
            case SwarmEvent.Signal s -> signal(s);
            case SwarmEvent.Cancel c -> {
                List<String> open = ordersByUser.get(c.user()).stream()
                        .filter(id -> store.findOrder(id).map(o -> !o.status().isTerminal()).orElse(false)).toList();
                if (!open.isEmpty()) {
                    engine.cancel(user(c.user()), open.get(c.pick() % open.size()));
                }
            }
            case SwarmEvent.KillSwitch k -> engine.killSwitch(k.user() < 0 ? null : user(k.user()), k.on());
            case SwarmEvent.Limits l -> {
                UserLimits d = UserLimits.defaults();
                UserLimits limits = new UserLimits(l.enabled(), java.util.Set.copyOf(l.venues()), java.util.Set.of(),
                        l.maxOrderUsd(), d.maxPositionUsd(), d.dailyLossUsd(), d.maxOpenPositions(), 1000);
                // As the admin API does: stored for the next process, applied to the running one.
                store.saveLimits(user(l.user()), limits);
                engine.updateLimits(user(l.user()), limits);
            }
            case SwarmEvent.FaultOn f -> {
                activeFaults.computeIfAbsent(f.venue(), v -> new EnumMap<>(FaultKind.class)).put(f.kind(), f);
                applyFaults(f.venue());
            }
            case SwarmEvent.FaultOff f -> {
                activeFaults.computeIfAbsent(f.venue(), v -> new EnumMap<>(FaultKind.class)).remove(f.kind());
                applyFaults(f.venue());
            }
            case SwarmEvent.Reshape r -> {
                String symbol = btcSymbol.get(r.venue());
                if (symbol != null) {
                    sim.engine(r.venue()).reshapeBook(symbol, r.shiftBps(), r.depthScale());
                }
            }
            case SwarmEvent.Crash c -> crash();
        }
    }

    private void signal(SwarmEvent.Signal s) {
        String userId = user(s.user());
        if (s.side() == Side.SELL && !hasPosition(userId)) {
            // An exit with nothing to exit: a strategy would not send it.
            return;
        }
        TradeSignal signal = new TradeSignal("sig-" + (++signals), userId, PAIR, s.side(), s.sizeUsd(), s.type(),
                "swarm", clock.now(), null);
        try {
            String id = engine.submit(signal).orderIds().get(0);
            acknowledged.add(id);
            ordersByUser.get(s.user()).add(id);
        } catch (SignalRejectedException refused) {
            // Kill switch, disabled user, order too large, rate: refused before anything was stored, as designed.
        }
    }

    private boolean hasPosition(String userId) {
        for (Position p : store.findPositions(userId)) {
            if (p.quantity().signum() > 0) {
                return true;
            }
        }
        return false;
    }

    /** kill -9: the engine's memory and its scheduled work are gone; a new process recovers from the store alone. */
    private void crash() {
        engine.close();
        store = store.reloaded();
        scheduler = new ManualScheduler(clock);
        incarnation++;
        start();
    }

    private void applyFaults(String venue) {
        SimFaults f = SimFaults.NONE;
        for (SwarmEvent.FaultOn on : activeFaults.getOrDefault(venue, new EnumMap<>(FaultKind.class)).values()) {
            f = on.kind().apply(f, on);
        }
        sim.setFaults(venue, f);
    }

    private long venueOrders() {
        long n = 0;
        for (String venue : sim.venueNames()) {
            n += sim.engine(venue).ordersPlaced();
        }
        return n;
    }

    private static String user(int u) {
        return "user-" + u;
    }

    private static String describe(RuntimeException e) {
        StringBuilder sb = new StringBuilder(e.toString());
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < Math.min(8, trace.length); i++) {
            sb.append(" at ").append(trace[i]);
        }
        return sb.toString();
    }

    private final class RunView implements View {
        @Override
        public SimulatedExchanges sim() {
            return sim;
        }

        @Override
        public InMemoryStore store() {
            return store;
        }

        @Override
        public VenueAccount account(int user, String venue) {
            return accounts.get(user(user) + "/" + venue);
        }

        @Override
        public int users() {
            return scenario.users();
        }

        @Override
        public List<String> acknowledged() {
            return acknowledged;
        }

        @Override
        public List<SwarmEvent> applied() {
            return applied;
        }
    }

    /** For reports: the BTC-USD symbol of each venue this run traded. */
    Map<String, String> symbols() {
        return new LinkedHashMap<>(btcSymbol);
    }
}
