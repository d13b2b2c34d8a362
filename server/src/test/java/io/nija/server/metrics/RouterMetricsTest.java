package io.nija.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.testing.Markets;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The unknown-order gauge and counter follow the legs' states as the lanes publish them. */
class RouterMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private static OrderLeg leg(String id, String venue) {
        OrderLeg leg = new OrderLeg(id, 0, Markets.btcUsd(venue), OrderType.MARKET, new BigDecimal("0.01"), null, null,
                "cid-" + id);
        leg.moveTo(OrderStatus.EXECUTING, null);
        return leg;
    }

    private static Order order(OrderLeg... legs) {
        Order o = new Order("ord_" + legs[0].legId(), "sig_1", "u1", Markets.BTC_USD, Side.BUY, SignalType.ENTRY,
                new BigDecimal("650"), T0);
        o.routed(io.nija.core.order.ExecutionMethod.MARKET, "test", java.util.List.of(legs));
        return o;
    }

    @Test
    void unknownLegsAreCountedPerVenueWhileUnknownAndEnteredOnce() {
        UnknownLegs unknown = new UnknownLegs();
        java.util.List<String> entered = new java.util.ArrayList<>();
        OrderLeg a = leg("a", "kraken");
        OrderLeg b = leg("b", "binance");
        Order o = order(a, b);

        a.moveTo(OrderStatus.UNKNOWN, "timeout");
        unknown.update(o, entered::add);
        unknown.update(o, entered::add); // the same state published again is not a new entry
        assertThat(unknown.count("kraken")).isEqualTo(1);
        assertThat(unknown.count("binance")).isZero();
        assertThat(entered).containsExactly("kraken");

        b.moveTo(OrderStatus.UNKNOWN, "reset");
        a.moveTo(OrderStatus.EXECUTING, "venue has it");
        unknown.update(o, entered::add);
        assertThat(unknown.count("kraken")).isZero();
        assertThat(unknown.count("binance")).isEqualTo(1);
        assertThat(entered).containsExactly("kraken", "binance");
    }

    @Test
    void theScrapeCarriesTheUnknownOrderSeries() {
        RouterMetrics metrics = new RouterMetrics();
        OrderLeg a = leg("a", "okx");
        Order o = order(a);
        a.moveTo(OrderStatus.UNKNOWN, "timeout");
        metrics.orderUpdated(o);
        assertThat(metrics.scrape()).contains("nija_unknown_orders_entered_total{broker=\"okx\"} 1.0");
    }
}
