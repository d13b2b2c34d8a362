package io.nija.sim.engine;

import static io.nija.sim.engine.TestMarket.SYMBOL;
import static io.nija.sim.engine.TestMarket.assertRejected;
import static io.nija.sim.engine.TestMarket.bd;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.signal.Side;
import io.nija.core.venue.VenueErrorKind;
import org.junit.jupiter.api.Test;

/** Venue-native stop-loss and take-profit limits: they wait off the book with their funds locked until a trade fires them. */
class NativeStopTest {
    private final TestMarket m = new TestMarket()
            .account("alice", "0", "2")
            .account("carol", "200000", "0")
            .account("dave", "0", "5")
            .account("erin", "200000", "0");

    private OrderView stopLoss(String cid, String qty, String limit, String stop) {
        return m.engine.place("alice", NewOrder.stopLimit(SYMBOL, cid, Side.SELL, bd(qty), bd(limit),
                StopTrigger.stopLoss(Side.SELL, bd(stop))));
    }

    private OrderView takeProfit(String cid, String qty, String limit, String stop) {
        return m.engine.place("alice", NewOrder.stopLimit(SYMBOL, cid, Side.SELL, bd(qty), bd(limit),
                StopTrigger.takeProfit(Side.SELL, bd(stop))));
    }

    private void daveSells(String qty) {
        m.engine.place("dave", NewOrder.market(SYMBOL, null, Side.SELL, bd(qty)));
    }

    private OrderView alice(String cid) {
        return m.engine.orderByClientId("alice", cid).orElseThrow();
    }

    @Test
    void aStopLossWaitsOffTheBookWithItsCoinsLockedAndFiresWhenATradePrintsAtItsStop() {
        m.buy("carol", "c1", "1", "60000");
        m.buy("carol", "c2", "1", "59000");
        OrderView placed = stopLoss("sl", "0.5", "58500", "59500");
        assertThat(placed.state()).isEqualTo(OrderState.OPEN);
        assertThat(placed.waitingForTrigger()).isTrue();
        assertThat(m.engine.book(SYMBOL, 5).asks()).isEmpty();
        assertThat(m.balance("alice", "BTC").locked()).isEqualByComparingTo("0.5");
        assertThat(m.engine.openOrders("alice")).extracting(OrderView::clientOrderId).containsExactly("sl");

        daveSells("1"); // prints at 60 000: above the stop
        assertThat(alice("sl").waitingForTrigger()).isTrue();
        assertThat(alice("sl").filledQty()).isZero();

        daveSells("0.5"); // prints at 59 000: through the stop, which sells into what is left of the 59 000 bid
        OrderView fired = alice("sl");
        assertThat(fired.waitingForTrigger()).isFalse();
        assertThat(fired.state()).isEqualTo(OrderState.FILLED);
        assertThat(fired.fills()).singleElement().satisfies(f -> assertThat(f.price()).isEqualByComparingTo("59000"));
        assertThat(m.balance("alice", "BTC").locked()).isEqualByComparingTo("0");
        assertThat(m.balance("alice", "BTC").available()).isEqualByComparingTo("1.5");
    }

    @Test
    void aFiredStopWhoseLimitIsNotReachedRestsAtItsLimit() {
        m.buy("carol", "c1", "0.1", "59000");
        stopLoss("sl", "0.5", "58800", "59000");
        daveSells("0.1");
        OrderView fired = alice("sl");
        assertThat(fired.waitingForTrigger()).isFalse();
        assertThat(fired.state()).isEqualTo(OrderState.OPEN);
        assertThat(m.engine.book(SYMBOL, 5).asks()).singleElement()
                .satisfies(l -> assertThat(l.price()).isEqualByComparingTo("58800"));
        assertThat(m.balance("alice", "BTC").locked()).isEqualByComparingTo("0.5");
    }

    @Test
    void aTakeProfitFiresOnATradeAtOrAboveItsStop() {
        m.sell("dave", "d1", "1", "61000");
        takeProfit("tp", "0.5", "60500", "61000");
        m.buy("erin", "e1", "0.2", "60000"); // rests; no trade, nothing fires
        assertThat(alice("tp").waitingForTrigger()).isTrue();

        m.engine.place("erin", NewOrder.market(SYMBOL, null, Side.BUY, bd("0.1"))); // prints at 61 000
        OrderView fired = alice("tp");
        assertThat(fired.waitingForTrigger()).isFalse();
        // At 60 500 it is below dave's 61 000 ask and above erin's 60 000 bid: it rests at its limit.
        assertThat(fired.state()).isEqualTo(OrderState.OPEN);
        assertThat(m.engine.book(SYMBOL, 5).asks()).extracting(l -> l.price().stripTrailingZeros().toPlainString())
                .containsExactly("60500", "61000");
    }

    @Test
    void aStopTheLastTradeHasAlreadyReachedIsRefusedAndChangesNothing() {
        m.buy("carol", "c1", "1", "59000");
        daveSells("0.1");
        assertRejected(VenueErrorKind.INVALID_PRICE_OR_QTY, () -> stopLoss("sl", "0.5", "58000", "59500"));
        assertThat(m.engine.orders("alice")).isEmpty();
        assertThat(m.balance("alice", "BTC").locked()).isEqualByComparingTo("0");
    }

    @Test
    void cancellingAWaitingStopReleasesItsCoinsAndItNeverFires() {
        m.buy("carol", "c1", "1", "59000");
        stopLoss("sl", "0.5", "58500", "59500");
        assertThat(m.engine.cancel("alice", "sl").state()).isEqualTo(OrderState.CANCELLED);
        assertThat(m.balance("alice", "BTC").locked()).isEqualByComparingTo("0");
        daveSells("0.5");
        assertThat(alice("sl").state()).isEqualTo(OrderState.CANCELLED);
        assertThat(alice("sl").filledQty()).isZero();
        assertThat(m.engine.book(SYMBOL, 5).bids()).singleElement()
                .satisfies(l -> assertThat(l.quantity()).isEqualByComparingTo("0.5"));
    }

    @Test
    void aStopAndATakeProfitOfTheSameCoinsCannotBothBeAccepted() {
        // The venue locks the coins of a waiting stop: a second sell of them is refused, which is why a bracket on
        // one venue needs the venue's one-cancels-other order rather than two orders.
        stopLoss("sl", "2", "58500", "59500");
        assertRejected(VenueErrorKind.INSUFFICIENT_FUNDS, () -> takeProfit("tp", "2", "61000", "61000"));
    }
    @Test
    void stopsThatLockNothingWhileWaitingCanCoverTheSameCoinsAndOneThatFiresUnfundedIsCancelled() {
        // Bybit's spot StopOrder: nothing is locked until it fires, so a stop loss and a take profit of all the coins
        // are both accepted; once one has sold them, the other cannot be paid for when it fires.
        m.buy("carol", "c1", "3", "59000");
        m.sell("dave", "d1", "1", "61000");
        m.engine.place("alice", NewOrder.stopLimit(SYMBOL, "sl", Side.SELL, bd("2"), bd("58000"),
                StopTrigger.stopLoss(Side.SELL, bd("59000")).lockingOnlyWhenFired()));
        m.engine.place("alice", NewOrder.stopLimit(SYMBOL, "tp", Side.SELL, bd("2"), bd("60000"),
                StopTrigger.takeProfit(Side.SELL, bd("61000")).lockingOnlyWhenFired()));
        assertThat(m.balance("alice", "BTC").locked()).isZero();

        daveSells("0.1"); // prints at 59 000: the stop loss fires and sells both coins into carol's bid
        assertThat(alice("sl").state()).isEqualTo(OrderState.FILLED);
        m.engine.place("erin", NewOrder.market(SYMBOL, null, Side.BUY, bd("0.5"))); // prints at 61 000
        OrderView tp = alice("tp");
        assertThat(tp.waitingForTrigger()).isFalse();
        assertThat(tp.state()).isEqualTo(OrderState.CANCELLED);
        assertThat(tp.filledQty()).isZero();
        assertThat(m.balance("alice", "BTC").available()).isZero();
        assertThat(m.engine.openOrders("alice")).isEmpty();
    }
}
