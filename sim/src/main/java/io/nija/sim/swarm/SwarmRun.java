package io.nija.sim.swarm;

import io.nija.core.bracket.BracketDesk;
import io.nija.core.engine.EngineConfig;
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
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.fault.SimFaults;
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
    /** How often a process checks armed brackets against the books (RouterApp's interval). */
    private static final Duration BRACKET_WATCH = Duration.ofMillis(500);

    /**
     * What one run did: its size, how often users traded with each other (trades whose two sides were both swarm
     * accounts), how many crashes struck mid-call, and the first violation, if any.
     */
    public record Outcome(Scenario scenario, long orders, long venueOrders, int steps, long sharedTrades,
                          int crashesInFlight, Violation violation) {
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

    /** Puts something between the router and a simulated venue (tests: a deliberately broken venue adapter). */
    public interface VenueDecorator {
        Venue decorate(View run, Venue venue);
    }

    private final Scenario scenario;
    private final List<Invariant> extra;
    private final VenueDecorator decorator;
    private final View view = new RunView();
    private RouterProcess process;
    /** Crashes armed to strike during a call, oldest first; each strikes once. */
    private final List<SwarmEvent.CrashInCall> armed = new ArrayList<>();
    private int crashesInFlight;
    private final Map<String, Integer> userOfKey = new HashMap<>();
    /** Per user, orders that may still have a leg to send (pruned as they finish). */
    private final List<List<String>> unfinishedByUser = new ArrayList<>();
    /** The first time an entry left while the same user's stop loss was still waiting to be sent there. */
    private String stopLossBehind;
    /** Orders the user (or a kill switch) cancelled: withdrawn, never sent from then on, so they wait for nothing. */
    private final java.util.Set<String> withdrawn = new java.util.HashSet<>();
    private final ManualClock clock = new ManualClock(T0);
    private ManualScheduler scheduler = new ManualScheduler(clock);
    private final SimulatedExchanges sim;
    private InMemoryStore store = new InMemoryStore();
    private ExecutionEngine engine;
    /** The running process's bracket desk (take profits and stop losses of entries, fired router-side). */
    private BracketDesk brackets;
    private int incarnation;
    private final Map<String, VenueAccount> accounts = new HashMap<>();
    private final List<String> acknowledged = new ArrayList<>();
    /** Orders a full look at the store found working, checked first by {@link #allFinal}. */
    private final List<String> stillWorking = new ArrayList<>();
    private final List<List<String>> ordersByUser = new ArrayList<>();
    private final List<SwarmEvent> applied = new ArrayList<>();
    private final Map<String, EnumMap<FaultKind, SwarmEvent.FaultOn>> activeFaults = new HashMap<>();
    private final Invariants invariants = new Invariants();
    private final Map<String, String> btcSymbol = new HashMap<>();
    private int signals;
    private int step;
    /** When the current step began, on the virtual clock (see {@link #overlapping}). */
    private Instant stepStart = T0;

    public SwarmRun(Scenario scenario) {
        this(scenario, List.of());
    }

    /** @param extra invariants checked after every step besides the built-in ones */
    public SwarmRun(Scenario scenario, List<Invariant> extra) {
        this(scenario, extra, (run, venue) -> venue);
    }

    public SwarmRun(Scenario scenario, List<Invariant> extra, VenueDecorator decorator) {
        this.scenario = scenario;
        this.extra = List.copyOf(extra);
        this.decorator = decorator;
        // Injected latency moves the virtual clock (overlapping within a step), so it shows in the router's measured
        // latency at no real cost.
        this.sim = new SimulatedExchanges(clock, scenario.seed(), this::overlapping);
    }

    public static Outcome run(Scenario scenario) {
        return new SwarmRun(scenario).run();
    }

    public Outcome run() {
        try {
            setUp();
            Violation v = drive();
            return new Outcome(scenario, acknowledged.size(), venueOrders(), step, sharedTrades(), crashesInFlight, v);
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
            int u2 = u;
            sim.openPaperAccounts(id).forEach((venue, account) -> {
                accounts.put(id + "/" + venue, account);
                userOfKey.put(account.apiKey(), u2);
            });
            ordersByUser.add(new ArrayList<>());
            unfinishedByUser.add(new ArrayList<>());
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
        try {
            brackets.attach(engine);
            brackets.watchEvery(scheduler, BRACKET_WATCH);
            engine.recover();
            engine.reconcileEvery(Duration.ofSeconds(60));
        } catch (RouterProcess.Killed killed) {
            // Died while recovering (a crash armed for a call the recovery made): the next process starts over.
        }
    }

    /** The process died mid-call: a new one starts from the store as it was at that instant. */
    private void restartAfterDeath() {
        while (process.dead()) {
            InMemoryStore atDeath = process.storeAtDeath();
            closeQuietly();
            store = atDeath;
            scheduler = new ManualScheduler(clock);
            incarnation++;
            start();
        }
    }

    private void closeQuietly() {
        brackets.close();
        try {
            engine.close();
        } catch (RuntimeException ignored) {
            // A dead process's engine: whatever it still does, nobody reads it again.
        }
    }

    /**
     * Stop losses are never queued behind entries of the same user: when an entry's order leaves for a venue, no stop
     * loss of that user, submitted earlier (in an earlier step, or before a crash), may still be waiting to be sent
     * there: a leg QUEUED at that venue whose client order id the venue does not hold. Per venue, because a stop loss
     * waiting out one venue's ban holds nothing back at another. A stop loss the venue already took is not waiting,
     * even while its leg still shows QUEUED (its answer is on its way back to the lane: its send left first).
     * A stop loss the user or a kill switch cancelled is not waiting either: it is withdrawn and never sent (seed 31: a
     * kill switch withdrew a stop loss whose fate was still being asked about; the entries after it went out). Checked
     * where it shows, at the venue's door.
     */
    private void stopLossNotBehindEntries(String venue, VenueAccount account, io.nija.core.venue.VenueOrderRequest request) {
        Integer u = userOfKey.get(account.apiKey());
        if (u == null || stopLossBehind != null) {
            return;
        }
        List<Order> open = new ArrayList<>();
        Order sending = null;
        java.util.Iterator<String> it = unfinishedByUser.get(u).iterator();
        while (it.hasNext()) {
            Optional<Order> o = store.findOrder(it.next());
            if (o.isEmpty() || o.get().status().isTerminal()) {
                it.remove();
                continue;
            }
            open.add(o.get());
            for (io.nija.core.order.OrderLeg leg : o.get().legs()) {
                if (request.clientOrderId().equals(leg.clientOrderId())) {
                    sending = o.get();
                }
            }
        }
        if (sending == null || sending.signalType() != io.nija.core.signal.SignalType.ENTRY) {
            return;
        }
        for (Order o : open) {
            if (o.signalType() == io.nija.core.signal.SignalType.STOP_LOSS && o.createdAt().isBefore(clock.now())
                    && !withdrawn.contains(o.orderId())) {
                for (io.nija.core.order.OrderLeg leg : o.legs()) {
                    if (leg.venue().equals(venue) && leg.status() == io.nija.core.order.OrderStatus.QUEUED
                            && !tookIt(venue, account, leg.clientOrderId())) {
                        stopLossBehind = "entry " + sending.orderId() + " of user-" + u + " sent to " + venue + " at "
                                + clock.now() + " while stop loss " + o.orderId() + " (submitted " + o.createdAt()
                                + ") still waits there, leg " + leg.legId() + " queued";
                        return;
                    }
                }
            }
        }
    }

    /**
     * Whether the venue's matching engine holds an order with this client order id: a stop loss it took is at the
     * venue, even while the router has not applied the answer yet (its send left first; the leg still shows QUEUED).
     */
    private boolean tookIt(String venue, VenueAccount account, String clientOrderId) {
        return clientOrderId != null
                && sim.engine(venue).engineOrderByClientId(account.apiKey(), clientOrderId).isPresent();
    }

    /** Consumes the oldest crash armed for this venue and call, if any. */
    private boolean strikes(String venue, SwarmEvent.CrashInCall.Call call) {
        for (int i = 0; i < armed.size(); i++) {
            if (armed.get(i).venue().equals(venue) && armed.get(i).call() == call) {
                armed.remove(i);
                crashesInFlight++;
                return true;
            }
        }
        return false;
    }

    /** A router process: a fresh engine (no memory of any earlier one) over what the store holds. */
    private ExecutionEngine newEngine() {
        EngineConfig defaults = EngineConfig.defaults()
                .withVisibility(VisibilityWindows.uniform(Duration.ofMillis(scenario.visibilityWindowMs())));
        defaults = defaults.withRouting(defaults.routing().withPolicy(scenario.routingPolicy()));
        EngineConfig config = defaults.withExecutor(defaults.executor().withInlineCalls());
        // Each process draws its own id bits, as two router instances do; derived, so the run stays reproducible.
        long idSeed = new SplittableRandom(scenario.seed() * 31 + incarnation).nextLong();
        process = new RouterProcess(this::strikes, () -> store);
        Map<String, Venue> venues = new LinkedHashMap<>();
        sim.venues().forEach((name, venue) -> venues.put(name, new ProcessVenue(decorator.decorate(view, venue), process,
                this::stopLossNotBehindEntries)));
        // Each process works the brackets it finds in the store, as RouterApp does (its own desk, watching the books).
        // Router-side only: the settle invariant wants every order final, and a native stop rests by design.
        brackets = BracketDesk.routerSideOnly(store, clock);
        return new ExecutionEngine(config, store, venues,
                (user, venue) -> Optional.ofNullable(accounts.get(user + "/" + venue)), clock, scheduler,
                new Ids(clock, idSeed), DirectExecutor.INSTANCE, brackets);
    }

    /**
     * Applies the events as the virtual clock reaches them, then stops the faults and gives every order the settle
     * bound, measured on the same clock. Events are due by the clock, not by a count of steps: injected latency moves
     * the clock once per call, and calls run one after another, so a busy step can move it by seconds. Counting
     * steps instead let a latency window outlast its end on the clock (more time, more questions, more latency) and
     * the settle phase end minutes past its bound (seed 34: 10 s of steps, 876 s on the clock).
     */
    private Violation drive() {
        List<SwarmEvent> sorted = new ArrayList<>(scenario.events());
        sorted.sort(Comparator.comparingLong(SwarmEvent::atMs));
        java.util.ArrayDeque<SwarmEvent> pending = new java.util.ArrayDeque<>(sorted);
        Duration stepLength = Duration.ofMillis(scenario.stepMs());
        while (elapsedMs() < scenario.durationMs() || !pending.isEmpty()) {
            long at = elapsedMs();
            Violation v = step(view, stepLength, () -> {
                while (!pending.isEmpty() && pending.peekFirst().atMs() <= at) {
                    SwarmEvent e = pending.pollFirst();
                    applied.add(e);
                    applyInProcess(e);
                }
                refreshBans();
            });
            if (v != null) {
                return v;
            }
        }
        // The faults stop; every order now has a bounded time, on the virtual clock, to become final.
        sim.venueNames().forEach(venue -> sim.setFaults(venue, SimFaults.NONE));
        activeFaults.clear();
        armed.clear();
        Instant faultsStopped = clock.now();
        Instant deadline = faultsStopped.plus(SETTLE_BOUND);
        while (!allFinal() && clock.now().isBefore(deadline)) {
            Violation v = step(view, stepLength, () -> { });
            if (v != null) {
                return v;
            }
        }
        Duration settled = Duration.between(faultsStopped, clock.now());
        if (!allFinal() || settled.compareTo(SETTLE_BOUND.plus(stepLength)) > 0) {
            // Strict: not final by the bound, or a step carried the clock past it (nothing may move the clock by more
            // than a step once the faults are off), is a violation of "final within a bound after the faults stop".
            String open = invariants.atEnd(view);
            return violation(Invariants.NOT_FINAL, "virtual clock " + settled.toMillis() + " ms after the faults stopped"
                    + " (bound " + SETTLE_BOUND.toMillis() + " ms), " + (allFinal() ? "every order final but the clock overran"
                    : store.findActiveOrders().size() + " orders still working" + (open == null ? "" : "; " + open)));
        }
        String seen = invariants.atEnd(view);
        if (seen != null) {
            return violation(seen.substring(0, seen.indexOf(": ")), seen.substring(seen.indexOf(": ") + 2));
        }
        return null;
    }

    private long elapsedMs() {
        return Duration.between(T0, clock.now()).toMillis();
    }

    /**
     * Injected latency as calls in flight together see it: a call made during a step answers no earlier than its
     * latency after the step began, and the calls of one step overlap, as the executors' calls of different users and
     * orders do in a deployment. Summing them (one clock advance per call) turned a busy step under a latency window
     * into minutes of virtual time (1 213 calls at up to a second each: seed 34 ran 720 s of clock in 10 s of
     * workload), far past any bound meant for the orders.
     */
    private void overlapping(Duration latency) {
        Instant answered = stepStart.plus(latency);
        if (clock.now().isBefore(answered)) {
            clock.advance(Duration.between(clock.now(), answered));
        }
    }

    /** Applies what is due, moves virtual time one step and checks the invariants; the first violation, or null. */
    private Violation step(View view, Duration stepLength, Runnable due) {
        stepStart = clock.now();
        try {
            due.run();
            advance(stepLength);
        } catch (RuntimeException e) {
            return violation(Invariants.ENGINE_THREW, describe(e));
        }
        step++;
        return checkStep(view, step % SCAN_EVERY == 0);
    }

    private Violation checkStep(View view, boolean scan) {
        if (stopLossBehind != null) {
            return violation(Invariants.STOP_BEHIND_ENTRY, stopLossBehind);
        }
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

    /** Moves virtual time one step; a process that died during it is replaced at its end. */
    private void advance(Duration stepLength) {
        try {
            scheduler.advance(stepLength);
        } catch (RouterProcess.Killed killed) {
            // Escaped from the dead engine's work: the death itself is handled below.
        }
        restartAfterDeath();
    }

    /** Applies one event; if the process dies during it, the next events go to the process that replaces it. */
    private void applyInProcess(SwarmEvent e) {
        try {
            apply(e);
        } catch (RouterProcess.Killed killed) {
            // Handled below.
        }
        restartAfterDeath();
    }

    /**
     * Every acknowledged order final, and nothing else left working either: an order whose signal was cut off by a
     * crash mid-submit is not acknowledged, but it is in the store and must finish too (the end checks look at it).
     * Asked at every step of the settle phase: while an order seen working at the last full look still works, the
     * answer is no without reading the whole store again; "yes" is only ever answered by a full look.
     */
    private boolean allFinal() {
        for (java.util.Iterator<String> it = stillWorking.iterator(); it.hasNext(); ) {
            Optional<Order> o = store.findOrder(it.next());
            if (o.isPresent() && !o.get().status().isTerminal()) {
                return false;
            }
            it.remove();
        }
        List<Order> active = store.findActiveOrders();
        if (!active.isEmpty()) {
            active.forEach(o -> stillWorking.add(o.orderId()));
            return false;
        }
        for (String id : acknowledged) {
            Optional<Order> o = store.findOrder(id);
            if (o.isPresent() && !o.get().status().isTerminal()) {
                stillWorking.add(id);
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
                    String id = open.get(c.pick() % open.size());
                    withdrawn.add(id);
                    engine.cancel(user(c.user()), id);
                }
            }
            case SwarmEvent.KillSwitch k -> {
                if (k.on()) {
                    // The kill switch cancels the user's (or everyone's) open orders: none of them is sent from now on.
                    store.findActiveOrders().stream()
                            .filter(o -> k.user() < 0 || o.userId().equals(user(k.user())))
                            .forEach(o -> withdrawn.add(o.orderId()));
                }
                engine.killSwitch(k.user() < 0 ? null : user(k.user()), k.on());
            }
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
            case SwarmEvent.CrashInCall c -> armed.add(c);
        }
    }

    private void signal(SwarmEvent.Signal s) {
        String userId = user(s.user());
        if (s.side() == Side.SELL && !hasPosition(userId)) {
            // An exit with nothing to exit: a strategy would not send it.
            return;
        }
        TradeSignal signal = new TradeSignal("sig-" + (++signals), userId, PAIR, s.side(), s.sizeUsd(), s.type(),
                "swarm", clock.now(), null, false, null, terms(s.terms()));
        try {
            String id = engine.submit(signal).orderIds().get(0);
            if (process.dead()) {
                // The process died before its answer left it: the strategy never heard an acknowledgement.
                return;
            }
            acknowledged.add(id);
            ordersByUser.get(s.user()).add(id);
            unfinishedByUser.get(s.user()).add(id);
        } catch (SignalRejectedException refused) {
            // Kill switch, disabled user, order too large, rate: refused before anything was stored, as designed.
        }
    }

    /** The signal's terms in prices, from basis points of the house mid at Binance right now (as a strategy quotes). */
    private io.nija.core.signal.EntryTerms terms(SwarmEvent.Terms t) {
        if (t == null) {
            return io.nija.core.signal.EntryTerms.NONE;
        }
        BigDecimal mid = sim.engine("binance").houseMid(btcSymbol.get("binance"));
        return new io.nija.core.signal.EntryTerms(t.limitBelowMidBps() == null ? null : bps(mid, -t.limitBelowMidBps()),
                t.timeInForceS(), t.takeProfitBps() == null ? null : bps(mid, t.takeProfitBps()),
                t.stopLossBps() == null ? null : bps(mid, -t.stopLossBps()));
    }

    private static BigDecimal bps(BigDecimal mid, int bps) {
        return mid.multiply(BigDecimal.valueOf(10_000L + bps)).divide(BigDecimal.valueOf(10_000), 2,
                java.math.RoundingMode.HALF_EVEN);
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
        brackets.close();
        engine.close();
        store = store.reloaded();
        scheduler = new ManualScheduler(clock);
        incarnation++;
        start();
    }

    private void applyFaults(String venue) {
        long nowMs = Duration.between(T0, clock.now()).toMillis();
        SimFaults f = SimFaults.NONE;
        for (SwarmEvent.FaultOn on : activeFaults.getOrDefault(venue, new EnumMap<>(FaultKind.class)).values()) {
            f = on.kind().apply(f, on, nowMs);
        }
        sim.setFaults(venue, f);
    }

    /** A ban's Retry-After is what is left of it: brought up to date at every step while one is on. */
    private void refreshBans() {
        for (Map.Entry<String, EnumMap<FaultKind, SwarmEvent.FaultOn>> e : activeFaults.entrySet()) {
            if (e.getValue().containsKey(FaultKind.BAN)) {
                applyFaults(e.getKey());
            }
        }
    }

    /** Trades whose buyer and seller were both swarm accounts of the same venue (one trade id, two users). */
    private long sharedTrades() {
        long n = 0;
        for (String venue : sim.venueNames()) {
            Map<String, String> firstKey = new HashMap<>();
            java.util.Set<String> shared = new java.util.HashSet<>();
            for (int u = 0; u < scenario.users(); u++) {
                VenueAccount a = accounts.get(user(u) + "/" + venue);
                for (io.nija.sim.engine.AccountFill f : sim.engine(venue).fills(a.apiKey())) {
                    String trade = f.symbol() + '\u0000' + f.tradeId();
                    String first = firstKey.putIfAbsent(trade, f.apiKey());
                    if (first != null && !first.equals(f.apiKey())) {
                        shared.add(trade);
                    }
                }
            }
            n += shared.size();
        }
        return n;
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
