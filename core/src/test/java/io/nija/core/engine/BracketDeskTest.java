package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.bracket.Bracket;
import io.nija.core.bracket.BracketDesk;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.risk.KillSwitchMode;
import io.nija.core.signal.EntryTerms;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.memory.InMemoryStore;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Brackets: exits armed for what an entry fills, triggered on the venue's book, one side cancelling the other. */
class BracketDeskTest {
    final EngineHarness h = new EngineHarness();
    BracketDesk desk;

    @AfterEach
    void stop() {
        h.close();
    }

    private void start() {
        desk = new BracketDesk(h.store, h.clock);
        h.listener = desk;
        h.start();
        desk.attach(h.engine);
    }

    private void restart() {
        h.engine.close();
        h.store = h.store.reloaded();
        start();
        h.engine.recover();
    }

    /** Moves binance's book (and time, past the engine's book cache). */
    private void market(String bid, String ask) {
        h.binance.list(h.btcBinance, Markets.book(h.btcBinance, bid, ask, "10", 3));
        h.clock.advance(Duration.ofSeconds(1));
    }

    private String bracketedBuy(String usd, String takeProfit, String stopLoss) {
        return h.submit(new TradeSignal("sig_b" + System.nanoTime(), "u1", Markets.BTC_USD, Side.BUY, new BigDecimal(usd),
                SignalType.ENTRY, "test", h.clock.now(), null, false, null,
                new EntryTerms(null, null, takeProfit == null ? null : new BigDecimal(takeProfit),
                        stopLoss == null ? null : new BigDecimal(stopLoss))));
    }

    private List<Order> exitsOf(SignalType type) {
        return h.store.allOrders().stream().filter(o -> o.signalType() == type).toList();
    }

    private BigDecimal held() {
        return h.store.findPositions("u1").stream().map(p -> p.quantity()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aTakeProfitFillClosesThePositionAndCancelsItsStop() {
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", "52000", "48000");
        Order filled = h.awaitStatus(entry, OrderStatus.FILLED);
        Bracket armed = h.store.findBracket(entry).orElseThrow();
        assertThat(armed.status()).isEqualTo(Bracket.Status.ARMED);
        assertThat(Bracket.forEntry(entry, "u1", Markets.BTC_USD, Side.BUY, new BigDecimal("52000"), null, h.clock.now())
                .sideState(SignalType.PROFIT_TAKE)).isEqualTo(Bracket.SideState.WAITING);
        assertThat(Bracket.forEntry(entry, "u1", Markets.BTC_USD, Side.BUY, new BigDecimal("52000"), null, h.clock.now())
                .sideState(SignalType.STOP_LOSS)).isNull();
        assertThat(armed.armedQty()).isEqualByComparingTo(filled.filledQty());
        assertThat(desk.evaluate()).isZero();

        market("52000", "52010");
        assertThat(desk.evaluate()).isEqualTo(1);
        Order takeProfit = h.awaitStatus(exitsOf(SignalType.PROFIT_TAKE).get(0).orderId(), OrderStatus.FILLED);
        assertThat(takeProfit.side()).isEqualTo(Side.SELL);
        assertThat(takeProfit.filledQty()).isEqualByComparingTo(filled.filledQty());
        Bracket done = h.store.findBracket(entry).orElseThrow();
        assertThat(done.status()).isEqualTo(Bracket.Status.DONE);
        assertThat(done.lastTriggered()).isEqualTo(SignalType.PROFIT_TAKE);
        assertThat(done.sideState(SignalType.PROFIT_TAKE)).isEqualTo(Bracket.SideState.EXECUTED);
        assertThat(done.sideState(SignalType.STOP_LOSS)).isEqualTo(Bracket.SideState.CANCELLED);
        assertThat(held()).isZero();

        // The stop went with it: the price falling through it later sends nothing.
        market("47000", "47010");
        assertThat(desk.evaluate()).isZero();
        assertThat(exitsOf(SignalType.STOP_LOSS)).isEmpty();
    }

    @Test
    void aPartialFillArmsOnlyWhatFilledAndTheStopClosesExactlyThatAndCancelsTheRestOfTheEntry() {
        h.user("u1");
        h.binance.script(ScriptedVenue.Step.partial("0.01", "50000"));
        start();
        String entry = bracketedBuy("1000", "52000", "48000");
        h.await(entry, "filled in part", o -> o.filledQty().signum() > 0);
        Bracket partly = h.store.findBracket(entry).orElseThrow();
        assertThat(partly.armedQty()).isEqualByComparingTo("0.01");
        assertThat(partly.sideState(SignalType.STOP_LOSS)).isEqualTo(Bracket.SideState.ARMED);

        market("47990", "48000");
        assertThat(desk.evaluate()).isEqualTo(1);
        Order stop = h.awaitStatus(exitsOf(SignalType.STOP_LOSS).get(0).orderId(), OrderStatus.FILLED);
        assertThat(stop.filledQty()).isEqualByComparingTo("0.01");
        assertThat(stop.priority()).isEqualTo(1); // ahead of every other order in the venue's queue
        h.awaitStatus(entry, OrderStatus.CANCELLED);
        assertThat(h.binance.calls(ScriptedVenue.CallKind.CANCEL)).hasSize(1);
        assertThat(h.store.findBracket(entry).orElseThrow().status()).isEqualTo(Bracket.Status.DONE);
        assertThat(held()).isZero();
    }

    @Test
    void anArmedStopSurvivesARestartAndStillGoesOutWithTheKillSwitchBlockingEntries() {
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", null, "48000");
        Order filled = h.awaitStatus(entry, OrderStatus.FILLED);
        restart();
        h.engine.killSwitch("u1", true, KillSwitchMode.BLOCK_ENTRIES);
        assertThat(desk.live()).containsKey(entry);

        market("47990", "48000");
        assertThat(desk.evaluate()).isEqualTo(1);
        Order stop = h.awaitStatus(exitsOf(SignalType.STOP_LOSS).get(0).orderId(), OrderStatus.FILLED);
        assertThat(stop.filledQty()).isEqualByComparingTo(filled.filledQty());
        assertThat(held()).isZero();
        assertThat(desk.evaluate()).isZero();
    }

    @Test
    void aStopOfAPositionClosedSomeOtherWayEndsTheBracketWithoutOpeningAShort() {
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", "52000", "48000");
        h.awaitStatus(entry, OrderStatus.FILLED);
        String manual = h.submit(new TradeSignal("sig_x", "u1", Markets.BTC_USD, Side.SELL, BigDecimal.TEN,
                SignalType.EXIT, "test", h.clock.now(), null, true, null));
        h.awaitStatus(manual, OrderStatus.FILLED);

        market("47990", "48000");
        assertThat(desk.evaluate()).isZero();
        assertThat(h.store.findBracket(entry).orElseThrow().isFinished()).isTrue();
        assertThat(held()).isZero();
    }
    @Test
    void aTakeProfitWorthMoreThanMaxOrderUsdStillClosesThePositionInsteadOfStayingArmed() {
        // The entry uses the whole $1 000 limit; at the take profit its exit is worth more than that. An exit only
        // reduces (capped at the position), so max_order_usd does not hold it back.
        h.user("u1", new io.nija.core.user.UserLimits(true, java.util.Set.of(), java.util.Set.of(), new BigDecimal("1000"),
                new BigDecimal("100000"), new BigDecimal("5000"), 20, 1.0));
        start();
        String entry = bracketedBuy("1000", "60000", "48000");
        Order filled = h.awaitStatus(entry, OrderStatus.FILLED);
        // Kept open by a second, manual, entry so the exit is not a close_all.
        String other = h.submit(new TradeSignal("sig_other", "u1", Markets.BTC_USD, Side.BUY, new BigDecimal("500"),
                SignalType.ENTRY, "test", h.clock.now(), null, false, null));
        h.awaitStatus(other, OrderStatus.FILLED);

        market("60000", "60010");
        assertThat(desk.evaluate()).isEqualTo(1);
        Order takeProfit = h.awaitStatus(exitsOf(SignalType.PROFIT_TAKE).get(0).orderId(), OrderStatus.FILLED);
        assertThat(takeProfit.requestedUsd()).isGreaterThan(new BigDecimal("1000"));
        assertThat(takeProfit.filledQty()).isEqualByComparingTo(filled.filledQty());
        assertThat(h.store.findBracket(entry).orElseThrow().status()).isEqualTo(Bracket.Status.DONE);
        assertThat(desk.evaluate()).isZero();
    }

    @Test
    void anEntryAboveMaxOrderUsdIsStillRefused() {
        h.user("u1", new io.nija.core.user.UserLimits(true, java.util.Set.of(), java.util.Set.of(), new BigDecimal("1000"),
                new BigDecimal("100000"), new BigDecimal("5000"), 20, 1.0));
        start();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bracketedBuy("1000.01", "60000", "48000"))
                .isInstanceOfSatisfying(io.nija.core.signal.SignalRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("order_too_large"));
        assertThat(h.store.allOrders()).isEmpty();
    }
}
