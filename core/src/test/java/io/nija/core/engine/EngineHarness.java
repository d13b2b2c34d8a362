package io.nija.core.engine;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.testing.Eventually;
import io.nija.core.store.memory.InMemoryStore;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An engine over an {@link InMemoryStore}, {@link ScriptedVenue}s, a {@link ManualClock} and a {@link ManualScheduler},
 * with lanes running on the calling thread. Venue calls still run on the executors' virtual threads, so outcomes are
 * awaited (bounded) on what the store holds; nothing scheduled happens until the test advances the scheduler.
 */
final class EngineHarness implements AutoCloseable {
    final ManualClock clock = new ManualClock(Markets.T0);
    final Instrument btcBinance = Markets.btcUsd("binance");
    final ScriptedVenue binance = new ScriptedVenue("binance", clock)
            .list(btcBinance, Markets.book(btcBinance, "49990", "50000", "10", 3));
    final Map<String, Venue> venues = new LinkedHashMap<>();
    final List<ExecutionEngine> engines = new ArrayList<>();
    InMemoryStore store = new InMemoryStore();
    ManualScheduler scheduler;
    ExecutionEngine engine;
    EngineConfig config = EngineConfig.defaults();
    EngineListener listener = EngineListener.NONE;
    AccountDirectory accounts = EngineHarness::account;
    private long seed = 11;
    private int signals;

    EngineHarness() {
        venues.put("binance", binance);
    }

    EngineHarness addVenue(ScriptedVenue v) {
        venues.put(v.name(), v);
        return this;
    }

    static Optional<VenueAccount> account(String userId, String venue) {
        return Optional.of(new VenueAccount(userId, venue, "key-" + userId + "-" + venue, "secret", null));
    }

    /** Starts a new engine (a new "process") over the current store, with its own scheduler. */
    ExecutionEngine start() {
        scheduler = new ManualScheduler(clock);
        engine = new ExecutionEngine(config, store, venues, accounts, clock, scheduler,
                new Ids(clock, seed++), DirectExecutor.INSTANCE, listener);
        engines.add(engine);
        return engine;
    }

    /** Stops the current engine and starts another over the store as it was reloaded from disk. */
    ExecutionEngine restart() {
        engine.close();
        store = store.reloaded();
        return start();
    }

    void user(String userId, UserLimits limits) {
        store.createUser(new User(userId, Role.USER, limits, Markets.T0), "hash-" + userId);
    }

    void user(String userId) {
        user(userId, UserLimits.defaults());
    }

    TradeSignal signal(String userId, Side side, String usd, SignalType type, String key) {
        return new TradeSignal("sig_" + userId + "_" + (++signals), userId, Markets.BTC_USD, side, new BigDecimal(usd), type,
                "test", clock.now(), key);
    }

    TradeSignal buy(String userId, String usd) {
        return signal(userId, Side.BUY, usd, SignalType.ENTRY, null);
    }

    /** Submits and returns the id of the (single) order. */
    String submit(TradeSignal s) {
        return engine.submit(s).orderIds().get(0);
    }

    Order order(String orderId) {
        return store.findOrder(orderId).orElseThrow();
    }

    OrderLeg leg(String orderId) {
        return order(orderId).legs().get(0);
    }

    /** Waits (bounded) until the stored order satisfies {@code condition}, then until the lanes are idle. */
    Order await(String orderId, String what, Predicate<Order> condition) {
        Eventually.until("order " + orderId + " " + what,
                () -> store.findOrder(orderId).map(condition::test).orElse(false));
        settle();
        return order(orderId);
    }

    Order awaitStatus(String orderId, OrderStatus status) {
        return await(orderId, "is " + status.wire(), o -> o.status() == status);
    }

    /** Waits until every lane has finished what it was given so far. */
    void settle() {
        try {
            if (!engine.awaitLanesIdle(5, TimeUnit.SECONDS)) {
                throw new AssertionError("lanes did not become idle");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the scheduler holds at least {@code n} tasks (a lane has scheduled its next step). */
    void awaitScheduled(int n) {
        Eventually.until(n + " scheduled task(s)", () -> scheduler.pending() >= n);
        settle();
    }

    @Override
    public void close() {
        engines.forEach(ExecutionEngine::close);
    }
}
