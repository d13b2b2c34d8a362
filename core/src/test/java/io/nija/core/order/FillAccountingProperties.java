package io.nija.core.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Decimals;
import io.nija.core.testing.Cases;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A leg's (and an order's) quantity, value and fees are always the exact sums of the fills it accepted; a fill id
 * seen before is ignored; a fill that would exceed the leg's quantity is refused and changes nothing.
 */
class FillAccountingProperties {
    private static final Instant T0 = OrderStateMachineProperties.T0;
    private static final String[] LEG_QTY = {"0.5", "1", "0.25"};

    record FillEvent(int leg, Fill fill) { }

    /**
     * Up to 40 fills, each on one of the legs under one of twelve ids (so duplicates happen), 0.001..0.4 at
     * 49000..51000 with a 0..1 fee in USD, BTC or BNB.
     */
    static List<FillEvent> fillEvents(Cases.Gen g) {
        return g.listOf(0, 40, x -> {
            int leg = x.intBetween(0, LEG_QTY.length - 1);
            String id = "t" + x.intBetween(0, 11);
            BigDecimal qty = new BigDecimal("0.001").multiply(BigDecimal.valueOf(x.intBetween(1, 400)));
            BigDecimal price = x.decimalBetween(new BigDecimal("49000"), new BigDecimal("51000"), 2);
            BigDecimal fee = x.decimalBetween(BigDecimal.ZERO, BigDecimal.ONE, 6);
            String feeAsset = x.oneOf("USD", "BTC", "BNB");
            return new FillEvent(leg, new Fill(id, "binance", qty, price, fee, feeAsset, Liquidity.TAKER, T0));
        });
    }

    static LongStream seeds2001() {
        return Cases.seeds(2001, 1000);
    }

    static LongStream seeds2002() {
        return Cases.seeds(2002, 1000);
    }

    /** Quote fees as they are; base (BTC) fees at the fill price; a third asset (BNB) is not quote and adds nothing. */
    private static BigDecimal feeInQuote(Fill f) {
        return switch (f.feeAsset()) {
            case "BTC" -> f.fee().multiply(f.price());
            case "BNB" -> BigDecimal.ZERO;
            default -> f.fee();
        };
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds2001")
    void legAndOrderTotalsAlwaysEqualTheSumsOfAcceptedFillsAndNeverExceedTheLeg(long seed) {
        List<FillEvent> events = fillEvents(new Cases.Gen(seed));
        Cases.check(seed, events, () -> totalsEqualTheSumsOfAcceptedFills(events));
    }

    private static void totalsEqualTheSumsOfAcceptedFills(List<FillEvent> events) {
        Order order = OrderStateMachineProperties.newOrder();
        List<OrderLeg> legs = new ArrayList<>();
        List<Map<String, Fill>> accepted = new ArrayList<>();
        for (int i = 0; i < LEG_QTY.length; i++) {
            legs.add(OrderStateMachineProperties.newLeg("L" + i, LEG_QTY[i]));
            accepted.add(new LinkedHashMap<>());
        }
        order.routed(ExecutionMethod.LIMIT, "test", legs);

        for (FillEvent e : events) {
            OrderLeg leg = legs.get(e.leg());
            Map<String, Fill> seen = accepted.get(e.leg());
            BigDecimal before = leg.filledQty();
            if (seen.containsKey(e.fill().fillId())) {
                assertThat(leg.applyFill(e.fill())).as("duplicate fill id is not new").isFalse();
            } else if (before.add(e.fill().quantity()).compareTo(leg.quantity()) > 0) {
                assertThatThrownBy(() -> leg.applyFill(e.fill())).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(e.fill().fillId());
            } else {
                assertThat(leg.applyFill(e.fill())).isTrue();
                seen.put(e.fill().fillId(), e.fill());
            }
            assertTotals(order, legs, accepted);
        }
    }

    private static void assertTotals(Order order, List<OrderLeg> legs, List<Map<String, Fill>> accepted) {
        BigDecimal orderQty = BigDecimal.ZERO;
        BigDecimal orderNotional = BigDecimal.ZERO;
        BigDecimal orderFees = BigDecimal.ZERO;
        for (int i = 0; i < legs.size(); i++) {
            OrderLeg leg = legs.get(i);
            List<Fill> fills = List.copyOf(accepted.get(i).values());
            BigDecimal qty = fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal notional = fills.stream().map(f -> f.quantity().multiply(f.price())).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal fees = fills.stream().map(FillAccountingProperties::feeInQuote).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(leg.fills()).containsExactlyElementsOf(fills);
            assertThat(leg.filledQty()).isEqualByComparingTo(qty);
            assertThat(leg.filledNotional()).isEqualByComparingTo(notional);
            assertThat(leg.fees()).isEqualByComparingTo(fees);
            assertThat(leg.filledQty()).isLessThanOrEqualTo(leg.quantity());
            assertThat(leg.remainingQty()).isEqualByComparingTo(leg.quantity().subtract(qty));
            assertThat(leg.isFullyFilled()).isEqualTo(qty.compareTo(leg.quantity()) == 0);
            if (qty.signum() == 0) {
                assertThat(leg.averagePrice()).isNull();
            } else {
                assertThat(leg.averagePrice()).isEqualByComparingTo(Decimals.divide(notional, qty));
            }
            orderQty = orderQty.add(qty);
            orderNotional = orderNotional.add(notional);
            orderFees = orderFees.add(fees);
        }
        assertThat(order.filledQty()).isEqualByComparingTo(orderQty);
        assertThat(order.filledNotional()).isEqualByComparingTo(orderNotional);
        assertThat(order.fees()).isEqualByComparingTo(orderFees);
        if (orderQty.signum() == 0) {
            assertThat(order.averagePrice()).isNull();
        } else {
            assertThat(order.averagePrice()).isEqualByComparingTo(Decimals.divide(orderNotional, orderQty));
        }
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds2002")
    void aRestoredLegHasTheSameTotalsAsTheOriginal(long seed) {
        List<FillEvent> events = fillEvents(new Cases.Gen(seed));
        Cases.check(seed, events, () -> restoredLegHasTheSameTotals(events));
    }

    private static void restoredLegHasTheSameTotals(List<FillEvent> events) {
        OrderLeg leg = OrderStateMachineProperties.newLeg("L0", "1");
        for (FillEvent e : events) {
            try {
                leg.applyFill(e.fill());
            } catch (IllegalStateException overfill) {
                // refused, as the first property shows
            }
        }
        OrderLeg restored = OrderLeg.restore(leg.legId(), leg.legIndex(), leg.instrument(), leg.type(), leg.quantity(),
                leg.limitPrice(), leg.notBefore(), leg.clientOrderId(), 2, OrderStatus.UNKNOWN, "v-1", "why", leg.fills());
        assertThat(restored.fills()).containsExactlyElementsOf(leg.fills());
        assertThat(restored.filledQty()).isEqualByComparingTo(leg.filledQty());
        assertThat(restored.filledNotional()).isEqualByComparingTo(leg.filledNotional());
        assertThat(restored.fees()).isEqualByComparingTo(leg.fees());
        assertThat(restored.status()).isEqualTo(OrderStatus.UNKNOWN);
        assertThat(restored.attemptFamily()).isEqualTo(2);
        assertThat(restored.venueOrderId()).isEqualTo("v-1");
    }

    @Test
    void aFeeChargedInTheBaseAssetIsValuedAtTheFillPrice() {
        OrderLeg leg = OrderStateMachineProperties.newLeg("L0", "1");
        leg.applyFill(new Fill("t1", "binance", new BigDecimal("0.5"), new BigDecimal("50000"), new BigDecimal("0.0005"),
                "BTC", Liquidity.TAKER, T0));
        leg.applyFill(new Fill("t2", "binance", new BigDecimal("0.5"), new BigDecimal("50100"), new BigDecimal("25.05"),
                "USD", Liquidity.TAKER, T0));
        assertThat(leg.fees()).isEqualByComparingTo("50.05");
        assertThat(leg.filledNotional()).isEqualByComparingTo("50050");
        assertThat(leg.averagePrice()).isEqualByComparingTo("50050");
        assertThat(leg.isFullyFilled()).isTrue();
    }

    @Test
    void theSameFillReportedTwiceCountsOnce() {
        OrderLeg leg = OrderStateMachineProperties.newLeg("L0", "1");
        Fill f = new Fill("t1", "binance", new BigDecimal("0.4"), new BigDecimal("50000"), BigDecimal.ONE, "USD", Liquidity.TAKER, T0);
        assertThat(leg.applyFill(f)).isTrue();
        assertThat(leg.applyFill(f)).isFalse();
        assertThat(leg.filledQty()).isEqualByComparingTo("0.4");
        assertThat(leg.fees()).isEqualByComparingTo("1");
    }

    @Test
    void anOverfillIsRefusedAndChangesNothing() {
        OrderLeg leg = OrderStateMachineProperties.newLeg("L0", "1");
        leg.applyFill(new Fill("t1", "binance", new BigDecimal("0.9"), new BigDecimal("50000"), BigDecimal.ZERO, "USD", Liquidity.TAKER, T0));
        assertThatThrownBy(() -> leg.applyFill(new Fill("t2", "binance", new BigDecimal("0.2"), new BigDecimal("50000"),
                BigDecimal.ZERO, "USD", Liquidity.TAKER, T0))).isInstanceOf(IllegalStateException.class);
        assertThat(leg.filledQty()).isEqualByComparingTo("0.9");
        assertThat(leg.fills()).hasSize(1);
    }

    @Test
    void invalidFillsAndLegsAreRefusedAtConstruction() {
        assertThatThrownBy(() -> new Fill("t", "v", BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ZERO, "USD", Liquidity.TAKER, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fill("t", "v", BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, "USD", Liquidity.TAKER, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fill("t", "v", BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("-1"), "USD", Liquidity.TAKER, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderLeg("L", 0, OrderStateMachineProperties.BTC, OrderType.LIMIT, BigDecimal.ONE, null, T0, "c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderLeg("L", 0, OrderStateMachineProperties.BTC, OrderType.MARKET, BigDecimal.ZERO, null, T0, "c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new OrderLeg("L", 0, OrderStateMachineProperties.BTC, OrderType.MARKET, BigDecimal.ONE, null, T0, "c").limitPrice())
                .isNull();
    }

    @Test
    void orderLegLookupAndVenueListFollowTheLegs() {
        Order order = OrderStateMachineProperties.newOrder();
        assertThat(order.venue()).isNull();
        OrderLeg a = OrderStateMachineProperties.newLeg("L0", "1");
        order.routed(ExecutionMethod.LIMIT, "why", List.of(a));
        assertThat(order.leg("L0")).isSameAs(a);
        assertThat(order.venue()).isEqualTo("binance");
        assertThat(order.executionMethod()).isEqualTo(ExecutionMethod.LIMIT);
        assertThat(order.routeReason()).isEqualTo("why");
        assertThatThrownBy(() -> order.leg("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
