package io.nija.core.engine;

import static io.nija.core.testing.ScriptedVenue.CallKind.CANCEL;
import static io.nija.core.testing.ScriptedVenue.CallKind.PLACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.bracket.Bracket;
import io.nija.core.bracket.BracketDesk;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.signal.EntryTerms;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.venue.NativeStops;
import io.nija.core.venue.NativeTrigger;
import io.nija.core.venue.VenueOrderRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Brackets placed as the venue's own stop and take-profit orders: both sides where waiting stops lock nothing (as on
 * Bybit), the stop alone where they lock the coins (as on Binance, the take profit then watched by the router); one
 * side trading cancels the other, a partial entry fill re-sizes them, and a restart finds them instead of sending them
 * again.
 */
class NativeBracketTest {
    static final NativeStops BOTH_UNLOCKED = new NativeStops(true, true, false);
    static final NativeStops LOCKING = new NativeStops(true, true, true);

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
        h.settle();
    }

    private void market(String bid, String ask) {
        h.binance.list(h.btcBinance, Markets.book(h.btcBinance, bid, ask, "10", 3));
        h.clock.advance(Duration.ofSeconds(1));
    }

    /** Has the engine ask the venue about its unfinished legs now (as its follow-ups and reconciler do). */
    private void askVenue() {
        h.engine.reconcile();
        h.settle();
    }

    private String bracketedBuy(String usd, String takeProfit, String stopLoss) {
        return h.submit(new TradeSignal("sig_b" + System.nanoTime(), "u1", Markets.BTC_USD, Side.BUY, new BigDecimal(usd),
                SignalType.ENTRY, "test", h.clock.now(), null, false, null,
                new EntryTerms(null, null, takeProfit == null ? null : new BigDecimal(takeProfit),
                        stopLoss == null ? null : new BigDecimal(stopLoss))));
    }

    private List<Order> ordersOf(SignalType type) {
        return h.store.allOrders().stream().filter(o -> o.signalType() == type).toList();
    }

    private Order nativeOrder(String signalId) {
        String id = h.store.findSignal("u1", signalId).orElseThrow().orderIds().get(0);
        return h.store.findOrder(id).orElseThrow();
    }

    /** Waits (bounded) until the venue has answered for every native order the bracket has placed: they rest there. */
    private Bracket awaitNativesResting(String entry) {
        Bracket b = h.store.findBracket(entry).orElseThrow();
        for (String sig : new String[] {b.nativeStopSignalId(), b.nativeTakeSignalId()}) {
            if (sig != null) {
                h.await(nativeOrder(sig).orderId(), "resting", o -> o.status() == OrderStatus.EXECUTING);
            }
        }
        return b;
    }

    private String cid(Order o) {
        return o.legs().get(0).clientOrderId();
    }

    private BigDecimal held() {
        return h.store.findPositions("u1").stream().map(p -> p.quantity()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** What the venue's open trigger orders of one kind would sell in all. */
    private BigDecimal openNative(NativeTrigger.Kind kind) {
        return h.binance.openTriggerOrders().stream().map(h.binance::request)
                .filter(r -> r.trigger().kind() == kind).map(VenueOrderRequest::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void bothSidesRestAtTheVenueAndTheStopTradingCancelsTheTakeProfit() {
        h.binance.nativeStops(BOTH_UNLOCKED);
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", "52000", "48000");
        Order filled = h.awaitStatus(entry, OrderStatus.FILLED);

        assertThat(desk.evaluate()).isEqualTo(2);
        h.settle();
        Bracket b = h.store.findBracket(entry).orElseThrow();
        assertThat(b.nativeStopSignalId()).isNotNull();
        assertThat(b.nativeTakeSignalId()).isNotNull();
        assertThat(b.nativeQty()).isEqualByComparingTo(filled.filledQty());
        Order stop = h.await(nativeOrder(b.nativeStopSignalId()).orderId(), "resting",
                o -> o.status() == OrderStatus.EXECUTING);
        Order take = h.await(nativeOrder(b.nativeTakeSignalId()).orderId(), "resting",
                o -> o.status() == OrderStatus.EXECUTING);
        VenueOrderRequest stopSent = h.binance.request(cid(stop));
        assertThat(stopSent.side()).isEqualTo(Side.SELL);
        assertThat(stopSent.trigger()).isEqualTo(NativeTrigger.stopLoss(new BigDecimal("48000")));
        assertThat(stopSent.limitPrice()).isEqualByComparingTo("47520"); // 1 % below the stop, so a gap still fills
        assertThat(stopSent.quantity()).isEqualByComparingTo(filled.filledQty());
        VenueOrderRequest takeSent = h.binance.request(cid(take));
        assertThat(takeSent.trigger()).isEqualTo(NativeTrigger.takeProfit(new BigDecimal("52000")));
        assertThat(takeSent.limitPrice()).isEqualByComparingTo("52000");
        // The two sides close the same coins once between them: each is the whole position, never their sum.
        assertThat(openNative(NativeTrigger.Kind.STOP_LOSS)).isEqualByComparingTo(held());
        assertThat(openNative(NativeTrigger.Kind.TAKE_PROFIT)).isEqualByComparingTo(held());
        // Nothing more is placed while they rest, and the router does not trigger a side the venue holds.
        market("47990", "48000");
        assertThat(desk.evaluate()).isZero();

        // The venue's trigger fires while the router only watches.
        h.binance.fillResting(cid(stop), "47990");
        askVenue();
        h.awaitStatus(stop.orderId(), OrderStatus.FILLED);
        assertThat(desk.evaluate()).isZero();
        h.await(take.orderId(), "cancelled", o -> o.status() == OrderStatus.CANCELLED);
        assertThat(h.binance.calls(CANCEL, cid(take))).hasSize(1);
        assertThat(h.binance.calls(CANCEL, cid(stop))).isEmpty();
        desk.evaluate();
        Bracket done = h.store.findBracket(entry).orElseThrow();
        assertThat(done.status()).isEqualTo(Bracket.Status.DONE);
        assertThat(done.sideState(SignalType.STOP_LOSS)).isEqualTo(Bracket.SideState.EXECUTED);
        assertThat(done.sideState(SignalType.PROFIT_TAKE)).isEqualTo(Bracket.SideState.CANCELLED);
        assertThat(held()).isZero();
        assertThat(desk.live()).isEmpty();
        assertThat(h.binance.openTriggerOrders()).isEmpty();
    }

    @Test
    void whereWaitingStopsLockTheCoinsTheTakeProfitGoesOutOnlyAfterTheStopsCancelIsConfirmed() {
        h.binance.nativeStops(LOCKING);
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", "52000", "48000");
        Order filled = h.awaitStatus(entry, OrderStatus.FILLED);
        assertThat(desk.evaluate()).isEqualTo(1); // the stop loss only
        h.settle();
        Bracket b = h.store.findBracket(entry).orElseThrow();
        assertThat(b.nativeTakeSignalId()).isNull();
        Order stop = h.await(nativeOrder(b.nativeStopSignalId()).orderId(), "resting",
                o -> o.status() == OrderStatus.EXECUTING);

        market("52000", "52010");
        assertThat(desk.evaluate()).isZero(); // the stop holds the coins: cancelled first, nothing sent yet
        h.await(stop.orderId(), "cancelled", o -> o.status() == OrderStatus.CANCELLED);
        assertThat(ordersOf(SignalType.PROFIT_TAKE)).isEmpty();

        assertThat(desk.evaluate()).isEqualTo(1);
        Order take = h.awaitStatus(ordersOf(SignalType.PROFIT_TAKE).get(0).orderId(), OrderStatus.FILLED);
        assertThat(take.filledQty()).isEqualByComparingTo(filled.filledQty());
        List<ScriptedVenue.Call> calls = h.binance.calls();
        int cancelAt = calls.indexOf(h.binance.calls(CANCEL, cid(stop)).get(0));
        int takeAt = calls.indexOf(h.binance.calls(PLACE, cid(take)).get(0));
        assertThat(cancelAt).isLessThan(takeAt);
        assertThat(h.store.findBracket(entry).orElseThrow().status()).isEqualTo(Bracket.Status.DONE);
        assertThat(held()).isZero();
    }

    @Test
    void aPartialEntryFillIsProtectedAndTheRestReSizesTheNativeOrdersByCancelThenReplace() {
        h.binance.nativeStops(BOTH_UNLOCKED);
        h.binance.script(ScriptedVenue.Step.partial("0.01", "50000"));
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", "52000", "48000");
        h.await(entry, "filled in part", o -> o.filledQty().signum() > 0);
        assertThat(desk.evaluate()).isEqualTo(2);
        awaitNativesResting(entry);
        assertThat(openNative(NativeTrigger.Kind.STOP_LOSS)).isEqualByComparingTo("0.01");
        assertThat(openNative(NativeTrigger.Kind.TAKE_PROFIT)).isEqualByComparingTo("0.01");
        Bracket first = h.store.findBracket(entry).orElseThrow();

        h.binance.fillResting(h.leg(entry).clientOrderId(), "50000");
        askVenue();
        h.awaitStatus(entry, OrderStatus.FILLED);
        assertThat(h.order(entry).filledQty()).isEqualByComparingTo("0.02");
        // Cancel first: never two live protections of one side summing above the position.
        assertThat(desk.evaluate()).isZero();
        h.await(nativeOrder(first.nativeStopSignalId()).orderId(), "cancelled", o -> o.status().isTerminal());
        h.await(nativeOrder(first.nativeTakeSignalId()).orderId(), "cancelled", o -> o.status().isTerminal());
        assertThat(h.binance.openTriggerOrders()).isEmpty();

        assertThat(desk.evaluate()).isEqualTo(2);
        Bracket resized = awaitNativesResting(entry);
        assertThat(resized.nativeAttempts()).isEqualTo(2);
        assertThat(resized.nativeQty()).isEqualByComparingTo("0.02");
        assertThat(openNative(NativeTrigger.Kind.STOP_LOSS)).isEqualByComparingTo("0.02");
        assertThat(openNative(NativeTrigger.Kind.TAKE_PROFIT)).isEqualByComparingTo("0.02");
        assertThat(held()).isEqualByComparingTo("0.02");
    }

    @Test
    void afterACrashTheNativeOrdersAreFoundByClientOrderIdAndAFillWhileDownCancelsTheOtherSide() {
        h.binance.nativeStops(BOTH_UNLOCKED);
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", "52000", "48000");
        h.awaitStatus(entry, OrderStatus.FILLED);
        desk.evaluate();
        Bracket b = awaitNativesResting(entry);
        Order take = nativeOrder(b.nativeTakeSignalId());
        Order stop = nativeOrder(b.nativeStopSignalId());

        // The router goes down; the venue holds the take profit and fires it.
        h.binance.fillResting(cid(take), "52000");
        restart();

        h.awaitStatus(take.orderId(), OrderStatus.FILLED);
        assertThat(desk.evaluate()).isZero();
        h.await(stop.orderId(), "cancelled", o -> o.status() == OrderStatus.CANCELLED);
        desk.evaluate();
        assertThat(h.store.findBracket(entry).orElseThrow().status()).isEqualTo(Bracket.Status.DONE);
        // Found, never sent again.
        assertThat(h.binance.placeCount(cid(take))).isEqualTo(1);
        assertThat(h.binance.placeCount(cid(stop))).isEqualTo(1);
        assertThat(h.binance.calls(PLACE)).hasSize(3);
        assertThat(held()).isZero();
    }

    @Test
    void aNativePlacementStoredButNeverSubmittedBeforeACrashIsPlacedAnewOnce() {
        h.binance.nativeStops(BOTH_UNLOCKED);
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", "52000", "48000");
        Order filled = h.awaitStatus(entry, OrderStatus.FILLED);
        // The desk stored its intent and crashed before submitting anything.
        Bracket armed = h.store.findBracket(entry).orElseThrow();
        h.store.saveBracket(armed.nativePlaced("sig_brk_" + entry + "_n1_sl", "sig_brk_" + entry + "_n1_tp",
                filled.filledQty(), h.clock.now()));
        restart();

        Bracket forgotten = h.store.findBracket(entry).orElseThrow();
        assertThat(forgotten.hasNativeOrders()).isFalse();
        assertThat(desk.evaluate()).isEqualTo(2);
        assertThat(awaitNativesResting(entry).nativeStopSignalId()).endsWith("_n2_sl");
        assertThat(h.binance.openTriggerOrders()).hasSize(2);
        assertThat(desk.evaluate()).isZero();
        assertThat(h.binance.calls(PLACE)).hasSize(3);
    }

    @Test
    void coinsHeldByANativeStopAreNotSoldAgainByAnotherExit() {
        h.binance.nativeStops(BOTH_UNLOCKED);
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", "52000", "48000");
        h.awaitStatus(entry, OrderStatus.FILLED);
        assertThat(desk.evaluate()).isEqualTo(2);
        awaitNativesResting(entry);

        assertThatThrownBy(() -> h.submit(new TradeSignal("sig_manual", "u1", Markets.BTC_USD, Side.SELL,
                BigDecimal.TEN, SignalType.EXIT, "test", h.clock.now(), null, true, null)))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("no_position"));
    }

    @Test
    void aNativeOrderCancelledBySomeoneElseHandsTheBracketToTheRoutersOwnTrigger() {
        h.binance.nativeStops(BOTH_UNLOCKED);
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", null, "48000");
        Order filled = h.awaitStatus(entry, OrderStatus.FILLED);
        assertThat(desk.evaluate()).isEqualTo(1);
        h.settle();
        Order stop = h.await(nativeOrder(h.store.findBracket(entry).orElseThrow().nativeStopSignalId()).orderId(),
                "resting", o -> o.status() == OrderStatus.EXECUTING);

        h.engine.cancel("u1", stop.orderId()); // the trader withdrew it
        h.await(stop.orderId(), "cancelled", o -> o.status() == OrderStatus.CANCELLED);
        assertThat(h.store.findBracket(entry).orElseThrow().nativeOff()).isTrue();
        assertThat(desk.evaluate()).isZero(); // not placed again

        market("47990", "48000");
        assertThat(desk.evaluate()).isEqualTo(1);
        Order routerStop = h.awaitStatus(ordersOf(SignalType.STOP_LOSS).stream()
                .filter(o -> !o.orderId().equals(stop.orderId())).findFirst().orElseThrow().orderId(), OrderStatus.FILLED);
        assertThat(routerStop.filledQty()).isEqualByComparingTo(filled.filledQty());
        assertThat(held()).isZero();
    }

    @Test
    void aNativeStopTradingWhileTheEntryStillRestsCancelsTheRestOfTheEntry() {
        h.binance.nativeStops(BOTH_UNLOCKED);
        h.binance.script(ScriptedVenue.Step.partial("0.01", "50000"));
        h.user("u1");
        start();
        String entry = bracketedBuy("1000", "52000", "48000");
        h.await(entry, "filled in part", o -> o.filledQty().signum() > 0);
        assertThat(desk.evaluate()).isEqualTo(2);
        Bracket b = awaitNativesResting(entry);
        Order stop = nativeOrder(b.nativeStopSignalId());

        h.binance.fillResting(cid(stop), "47990");
        askVenue();
        h.awaitStatus(stop.orderId(), OrderStatus.FILLED);
        assertThat(desk.evaluate()).isZero();
        h.awaitStatus(entry, OrderStatus.CANCELLED);
        h.await(nativeOrder(b.nativeTakeSignalId()).orderId(), "cancelled", o -> o.status() == OrderStatus.CANCELLED);
        desk.evaluate();
        assertThat(h.store.findBracket(entry).orElseThrow().status()).isEqualTo(Bracket.Status.DONE);
        assertThat(held()).isZero();
    }
}
