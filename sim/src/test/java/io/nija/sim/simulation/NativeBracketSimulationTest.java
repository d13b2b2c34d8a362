package io.nija.sim.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.bracket.Bracket;
import io.nija.core.bracket.BracketDesk;
import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.Order;
import io.nija.core.signal.EntryTerms;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
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
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bracket on the simulated Bybit, whose spot conditional orders lock nothing while they wait: the desk places both
 * sides there; another trader's sale prints through the stop, the venue fires it, and the desk cancels the take
 * profit. Everything runs inline on virtual time.
 */
class NativeBracketSimulationTest {
    static final Pair BTC_USD = Pair.parse("BTC-USD");
    final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final SimulatedExchanges sim = new SimulatedExchanges(clock, 21);
    final InMemoryStore store = new InMemoryStore();
    final BracketDesk desk = new BracketDesk(store, clock);
    final Map<String, VenueAccount> accounts = sim.openPaperAccounts("u1");
    ExecutionEngine engine;

    @AfterEach
    void stop() {
        engine.close();
    }

    private Order order(String id) {
        return store.findOrder(id).orElseThrow();
    }

    private void runUntil(String id, java.util.function.Predicate<Order> done) {
        for (int i = 0; i < 2_000 && !done.test(order(id)); i++) {
            scheduler.advance(Duration.ofMillis(100));
        }
        assertThat(done.test(order(id))).as("order " + id + " reached its state: " + order(id).status()).isTrue();
    }

    @Test
    void theStopFiresAtTheVenueAndTheDeskCancelsTheTakeProfit() {
        UserLimits l = UserLimits.defaults().withTradesPerSecond(1000);
        store.createUser(new User("u1", Role.USER, new UserLimits(true, Set.of("bybit"), Set.of(), l.maxOrderUsd(),
                l.maxPositionUsd(), l.dailyLossUsd(), l.maxOpenPositions(), l.tradesPerSecond()), clock.now()), "h");
        EngineConfig config = EngineConfig.defaults();
        engine = new ExecutionEngine(config.withExecutor(config.executor().withInlineCalls()), store, sim.venues(),
                (user, venue) -> Optional.ofNullable(accounts.get(venue)), clock, scheduler, new Ids(clock, 5),
                DirectExecutor.INSTANCE, desk);
        desk.attach(engine);
        MatchingEngine bybit = sim.engine("bybit");
        Instrument btc = sim.venue("bybit").instruments().stream().filter(i -> i.pair().equals(BTC_USD)).findFirst()
                .orElseThrow();
        BigDecimal bid = bybit.book(btc.symbol(), 1).bestBid();
        BigDecimal stop = Decimals.floorToStep(bid.multiply(new BigDecimal("0.995")), btc.tickSize());
        BigDecimal target = Decimals.floorToStep(bid.multiply(new BigDecimal("1.05")), btc.tickSize());

        String entry = engine.submit(new TradeSignal("sig_e", "u1", BTC_USD, Side.BUY, new BigDecimal("500"),
                SignalType.ENTRY, "test", clock.now(), null, false, null,
                new EntryTerms(null, null, target, stop))).orderIds().get(0);
        runUntil(entry, o -> o.status().isTerminal());
        BigDecimal bought = order(entry).filledQty();
        assertThat(bought).isPositive();

        assertThat(desk.evaluate()).isEqualTo(2);
        Bracket b = store.findBracket(entry).orElseThrow();
        String stopOrder = store.findSignal("u1", b.nativeStopSignalId()).orElseThrow().orderIds().get(0);
        String takeOrder = store.findSignal("u1", b.nativeTakeSignalId()).orElseThrow().orderIds().get(0);
        runUntil(stopOrder, o -> !o.legs().isEmpty() && o.legs().get(0).venueOrderId() != null);
        runUntil(takeOrder, o -> !o.legs().isEmpty() && o.legs().get(0).venueOrderId() != null);
        String stopCid = order(stopOrder).legs().get(0).clientOrderId();
        String takeCid = order(takeOrder).legs().get(0).clientOrderId();
        String key = accounts.get("bybit").apiKey();
        assertThat(bybit.orderByClientId(key, stopCid).orElseThrow().waitingForTrigger()).isTrue();
        assertThat(bybit.orderByClientId(key, takeCid).orElseThrow().waitingForTrigger()).isTrue();

        // Another trader sells through every bid down to the stop: the last trade prints at or below it.
        bybit.openAccount("whale-key", "whale-secret-0123456789", null, Map.of("BTC", new BigDecimal("1000000")));
        for (int round = 0; round < 500 && bybit.orderByClientId(key, stopCid).orElseThrow().waitingForTrigger(); round++) {
            BigDecimal through = btc.minQty();
            for (PriceLevel level : bybit.book(btc.symbol(), 200).bids()) {
                through = through.add(level.quantity());
                if (level.price().compareTo(stop) <= 0) {
                    break;
                }
            }
            bybit.place("whale-key", NewOrder.market(btc.symbol(), null, Side.SELL,
                    Decimals.ceilToStep(through, btc.lotSize())));
        }
        assertThat(bybit.orderByClientId(key, stopCid).orElseThrow().waitingForTrigger()).isFalse();

        engine.reconcile();
        runUntil(stopOrder, o -> o.status().isTerminal());
        assertThat(order(stopOrder).filledQty()).isEqualByComparingTo(bought);
        desk.evaluate();
        runUntil(takeOrder, o -> o.status().isTerminal());
        assertThat(bybit.orderByClientId(key, takeCid).orElseThrow().isOpen()).isFalse();
        assertThat(order(takeOrder).filledQty()).isZero();
        desk.evaluate();
        assertThat(store.findBracket(entry).orElseThrow().status()).isEqualTo(Bracket.Status.DONE);
        assertThat(store.findPositions("u1").stream().map(p -> p.quantity()).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isZero();
    }
}
