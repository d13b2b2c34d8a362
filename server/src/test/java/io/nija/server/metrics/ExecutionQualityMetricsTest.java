package io.nija.server.metrics;

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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leg outcomes and slippage per venue, counted once per leg, with slippage signed against the arrival mid. */
class ExecutionQualityMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private static OrderLeg leg(String id, String venue) {
        OrderLeg leg = new OrderLeg(id, 0, Markets.btcUsd(venue), OrderType.LIMIT, new BigDecimal("0.01"),
                new BigDecimal("50100"), null, "cid-" + id);
        leg.moveTo(OrderStatus.EXECUTING, null);
        return leg;
    }

    private static void fill(OrderLeg leg, String price) {
        leg.applyFill(new Fill("f-" + leg.legId(), leg.venue(), new BigDecimal("0.01"), new BigDecimal(price),
                BigDecimal.ZERO, "USD", Liquidity.TAKER, T0));
        leg.moveTo(OrderStatus.FILLED, null);
    }

    private static Order order(String id, Side side, OrderLeg... legs) {
        Order o = new Order(id, "sig_" + id, "u1", Markets.BTC_USD, side, SignalType.ENTRY, new BigDecimal("500"), T0);
        o.recordArrivalMid(new BigDecimal("50000"));
        o.routed(ExecutionMethod.LIMIT, "test", List.of(legs));
        return o;
    }

    @Test
    void eachLegIsCountedOnceByHowItEndedAndTheRatesAreSharesOfTheVenuesEndedLegs() {
        RouterMetrics metrics = new RouterMetrics();
        OrderLeg filled = leg("a", "okx");
        OrderLeg refused = leg("b", "okx");
        Order o = order("o1", Side.BUY, filled, refused);
        fill(filled, "50010"); // 2 bps worse than the mid
        metrics.orderUpdated(o);
        metrics.orderUpdated(o); // published again: not counted again
        refused.moveTo(OrderStatus.REJECTED, "insufficient funds");
        o.moveTo(OrderStatus.ROUTING, T0, null);
        o.moveTo(OrderStatus.QUEUED, T0, null);
        o.moveTo(OrderStatus.EXECUTING, T0, null);
        o.moveTo(OrderStatus.PARTIAL_FILL, T0, null);
        o.moveTo(OrderStatus.CANCELLED, T0, null);
        metrics.orderUpdated(o);
        metrics.orderUpdated(o); // a final order's late repeat counts nothing

        String scrape = metrics.scrape();
        assertThat(scrape).contains("nija_leg_outcomes_total{broker=\"okx\",outcome=\"filled\"} 1.0")
                .contains("nija_leg_outcomes_total{broker=\"okx\",outcome=\"rejected\"} 1.0")
                .contains("nija_leg_outcome_rate{broker=\"okx\",outcome=\"filled\"} 0.5")
                .contains("nija_leg_outcome_rate{broker=\"okx\",outcome=\"cancelled\"} 0.0")
                // 2 bps: above the 1 bps bucket, inside the 2 bps one and every one above it
                .contains("nija_slippage_bps{broker=\"okx\",le=\"1\"} 0.0")
                .contains("nija_slippage_bps{broker=\"okx\",le=\"2\"} 1.0")
                .contains("nija_slippage_bps{broker=\"okx\",le=\"+Inf\"} 1.0")
                .contains("nija_slippage_bps_sum{broker=\"okx\"} 2.0");
    }

    @Test
    void aPriceBetterThanTheMidIsNegativeSlippageOnEitherSide() {
        RouterMetrics metrics = new RouterMetrics();
        OrderLeg sell = leg("s", "kraken");
        fill(sell, "50025"); // sold 5 bps above the mid
        metrics.orderUpdated(order("o2", Side.SELL, sell));
        assertThat(metrics.scrape()).contains("nija_slippage_bps{broker=\"kraken\",le=\"-5\"} 1.0")
                .contains("nija_slippage_bps{broker=\"kraken\",le=\"-10\"} 0.0")
                .contains("nija_slippage_bps_sum{broker=\"kraken\"} -5.0");
    }
}
