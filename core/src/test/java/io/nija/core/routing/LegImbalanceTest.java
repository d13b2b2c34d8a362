package io.nija.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.testing.Markets;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A split order's venue may not fill alone beyond the bound ahead of the slowest other venue still working. */
class LegImbalanceTest {
    static final BigDecimal BOUND = new BigDecimal("0.25");
    int fills;

    static OrderLeg leg(String id, String venue, String qty) {
        return new OrderLeg(id, 0, Markets.btcUsd(venue), OrderType.LIMIT, new BigDecimal(qty), new BigDecimal("50000"),
                Markets.T0, "c-" + id);
    }

    void fill(OrderLeg leg, String qty) {
        if (leg.status() == OrderStatus.QUEUED) {
            leg.moveTo(OrderStatus.EXECUTING, null);
        }
        leg.applyFill(new Fill("f" + (fills++), leg.venue(), new BigDecimal(qty), new BigDecimal("50000"), BigDecimal.ZERO,
                "USD", Liquidity.TAKER, Markets.T0));
        leg.moveTo(leg.isFullyFilled() ? OrderStatus.FILLED : OrderStatus.PARTIAL_FILL, null);
    }

    static Order order(OrderLeg... legs) {
        Order o = new Order("o1", "s1", "u1", Markets.BTC_USD, Side.BUY, SignalType.ENTRY, new BigDecimal("400000"), Markets.T0);
        o.routed(ExecutionMethod.TWAP, "test", List.of(legs));
        return o;
    }

    @Test
    void aVenueFillingAloneBeyondTheBoundWaitsUntilTheOthersCatchUpOrEnd() {
        // a TWAP split 4 BTC on alpha (four 1 BTC slices) and 4 on beta (one resting leg); total 8, bound 2 BTC.
        OrderLeg a1 = leg("a1", "alpha", "1");
        OrderLeg a2 = leg("a2", "alpha", "1");
        OrderLeg a3 = leg("a3", "alpha", "1");
        OrderLeg a4 = leg("a4", "alpha", "1");
        OrderLeg b = leg("b", "beta", "4");
        b.moveTo(OrderStatus.EXECUTING, null); // resting below the market
        Order o = order(a1, a2, a3, a4, b);
        fill(a1, "1");
        assertThat(LegImbalance.maySend(o, a2, BOUND)).isTrue(); // 1 BTC alone, 2 if a2 fills: at the bound
        fill(a2, "1");
        assertThat(LegImbalance.maySend(o, a3, BOUND)).as("3 BTC alone if a3 fills > 2").isFalse();
        fill(b, "1"); // beta a quarter done: alpha's 2 are 1 ahead of that progress, 2 with a3
        assertThat(LegImbalance.maySend(o, a3, BOUND)).isTrue();
        fill(a3, "1");
        assertThat(LegImbalance.maySend(o, a4, BOUND)).isFalse();
        // The other way: beta may always go, it is behind.
        assertThat(LegImbalance.maySend(o, b, BOUND)).isTrue();
    }

    @Test
    void legsAlreadyOutCountAsIfTheyFilledSoTheFirstPiecesHoldTheBound() {
        // A market order split 4 BTC on alpha and 4 on beta, each cut into 2 BTC pieces; nothing filled yet.
        OrderLeg a1 = leg("a1", "alpha", "2");
        OrderLeg a2 = leg("a2", "alpha", "2");
        OrderLeg b1 = leg("b1", "beta", "2");
        OrderLeg b2 = leg("b2", "beta", "2");
        Order o = order(a1, a2, b1, b2);
        java.util.Set<OrderLeg> sent = new java.util.HashSet<>();
        java.util.function.Predicate<OrderLeg> out = sent::contains;
        assertThat(LegImbalance.maySend(o, a1, BOUND, out)).as("each venue's first piece goes").isTrue();
        sent.add(a1);
        assertThat(LegImbalance.maySend(o, a2, BOUND, out)).as("a1 and a2 could fill 4 alone").isFalse();
        assertThat(LegImbalance.maySend(o, b1, BOUND, out)).isTrue();
        sent.add(b1);
        assertThat(LegImbalance.maySend(o, b2, BOUND, out)).isFalse();
        // alpha's first piece fills alone: 2 BTC alone, at the bound, and no more may join it.
        fill(a1, "2");
        assertThat(LegImbalance.maySend(o, a2, BOUND, out)).isFalse();
        // beta fills its piece: both halfway, each venue's last piece goes.
        fill(b1, "2");
        assertThat(LegImbalance.maySend(o, a2, BOUND, out)).isTrue();
        assertThat(LegImbalance.maySend(o, b2, BOUND, out)).isTrue();
    }

    @Test
    void theSlowestVenueWithNothingOutAlwaysMovesEvenWithAPieceAboveTheBound() {
        // beta's minimum made its pieces 3 BTC (above the 2 BTC bound): it must still be able to catch up.
        OrderLeg a1 = leg("a1", "alpha", "2");
        OrderLeg a2 = leg("a2", "alpha", "2");
        OrderLeg b1 = leg("b1", "beta", "3");
        OrderLeg b2 = leg("b2", "beta", "1");
        Order o = order(a1, a2, b1, b2);
        fill(a1, "2");
        assertThat(LegImbalance.maySend(o, b1, BOUND)).isTrue();
        b1.moveTo(OrderStatus.EXECUTING, null);
        // b1 out: if b1 and b2 both fill, beta's 4 are 2 ahead of alpha's half: at the bound.
        assertThat(LegImbalance.maySend(o, b2, BOUND)).isTrue();
        assertThat(LegImbalance.maySend(o, a2, BOUND)).as("alpha 2 ahead of beta's nothing, 4 with a2").isFalse();
    }

    @Test
    void aVenueWhoseLegsEndedHoldsNobodyBackAndOneVenueOrNoBoundIsNeverHeld() {
        OrderLeg a1 = leg("a1", "alpha", "3");
        OrderLeg a2 = leg("a2", "alpha", "1");
        OrderLeg b = leg("b", "beta", "4");
        b.moveTo(OrderStatus.EXECUTING, null);
        Order o = order(a1, a2, b);
        fill(a1, "3");
        assertThat(LegImbalance.maySend(o, a2, BOUND)).isFalse();
        assertThat(LegImbalance.maySend(o, a2, null)).isTrue();
        b.moveTo(OrderStatus.CANCELLED, "time to live"); // beta gave up: alpha's last slice goes
        assertThat(LegImbalance.maySend(o, a2, BOUND)).isTrue();

        OrderLeg only1 = leg("x1", "alpha", "3");
        OrderLeg only2 = leg("x2", "alpha", "1");
        Order single = order(only1, only2);
        fill(only1, "3");
        assertThat(LegImbalance.maySend(single, only2, BOUND)).isTrue();
    }
}
