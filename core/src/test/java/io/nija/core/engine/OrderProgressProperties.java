package io.nija.core.engine;

import static io.nija.core.order.OrderStatus.CANCELLED;
import static io.nija.core.order.OrderStatus.EXECUTING;
import static io.nija.core.order.OrderStatus.FAILED;
import static io.nija.core.order.OrderStatus.FILLED;
import static io.nija.core.order.OrderStatus.PARTIAL_FILL;
import static io.nija.core.order.OrderStatus.QUEUED;
import static io.nija.core.order.OrderStatus.REJECTED;
import static io.nija.core.order.OrderStatus.ROUTING;
import static io.nija.core.order.OrderStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.testing.Cases;
import io.nija.core.testing.Markets;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How an order's status follows from its legs (OrderProgress.derive/update). */
class OrderProgressProperties {
    private static final Instant T0 = Markets.T0;
    private static final Instrument BTC = Markets.btcUsd("binance");

    /** A leg in some status with nothing, part or all of its quantity (1) filled. */
    record LegSpec(OrderStatus status, int filledTenths) { }

    static OrderLeg leg(int index, OrderStatus status, int filledTenths) {
        List<Fill> fills = filledTenths == 0 ? List.of() : List.of(new Fill("t" + index, "binance",
                BigDecimal.valueOf(filledTenths, 1), new BigDecimal("50000"), BigDecimal.ZERO, "USD", Liquidity.TAKER, T0));
        return OrderLeg.restore("ord-" + index, index, BTC, OrderType.LIMIT, BigDecimal.ONE, new BigDecimal("50000"), T0,
                "nj" + index, 0, status, null, null, fills);
    }

    static Order orderAt(OrderStatus status, List<OrderLeg> legs) {
        Order o = new Order("ord", "sig", "u1", Markets.BTC_USD, Side.BUY, SignalType.ENTRY, new BigDecimal("1000"), T0);
        o.restoreState(status, T0, ExecutionMethod.LIMIT, "test", null, null, legs);
        return o;
    }

    static Order orderWith(LegSpec... specs) {
        List<OrderLeg> legs = new ArrayList<>();
        for (int i = 0; i < specs.length; i++) {
            legs.add(leg(i, specs[i].status(), specs[i].filledTenths()));
        }
        return orderAt(QUEUED, legs);
    }

    static LegSpec s(OrderStatus status) {
        return new LegSpec(status, status == FILLED ? 10 : 0);
    }

    static LegSpec s(OrderStatus status, int filledTenths) {
        return new LegSpec(status, filledTenths);
    }

    @Test
    void allLegsFilledMakesTheOrderFilled() {
        assertThat(OrderProgress.derive(orderWith(s(FILLED), s(FILLED)))).isEqualTo(FILLED);
    }

    @Test
    void allLegsFinalWithSomeFillButNotAllIsCancelled() {
        assertThat(OrderProgress.derive(orderWith(s(FILLED), s(REJECTED)))).isEqualTo(CANCELLED);
        assertThat(OrderProgress.derive(orderWith(s(CANCELLED, 4)))).isEqualTo(CANCELLED);
        assertThat(OrderProgress.derive(orderWith(s(FILLED), s(FAILED)))).isEqualTo(CANCELLED);
    }

    @Test
    void allLegsFinalWithoutFillsIsRejectedThenFailedThenCancelled() {
        assertThat(OrderProgress.derive(orderWith(s(REJECTED), s(FAILED), s(CANCELLED)))).isEqualTo(REJECTED);
        assertThat(OrderProgress.derive(orderWith(s(FAILED), s(CANCELLED)))).isEqualTo(FAILED);
        assertThat(OrderProgress.derive(orderWith(s(CANCELLED), s(CANCELLED)))).isEqualTo(CANCELLED);
    }

    @Test
    void unfinishedLegsGivePartialFillThenUnknownThenExecutingThenQueued() {
        assertThat(OrderProgress.derive(orderWith(s(FILLED), s(QUEUED)))).isEqualTo(PARTIAL_FILL);
        assertThat(OrderProgress.derive(orderWith(s(PARTIAL_FILL, 3), s(UNKNOWN)))).isEqualTo(PARTIAL_FILL);
        assertThat(OrderProgress.derive(orderWith(s(UNKNOWN), s(EXECUTING)))).isEqualTo(UNKNOWN);
        assertThat(OrderProgress.derive(orderWith(s(EXECUTING), s(QUEUED)))).isEqualTo(EXECUTING);
        assertThat(OrderProgress.derive(orderWith(s(REJECTED), s(QUEUED)))).isEqualTo(QUEUED);
        assertThat(OrderProgress.derive(orderWith(s(QUEUED)))).isEqualTo(QUEUED);
    }

    @Test
    void updateFromQueuedToFilledPassesThroughExecuting() {
        Order o = orderWith(s(FILLED));
        assertThat(OrderProgress.update(o, T0.plusSeconds(1), "done")).isTrue();
        assertThat(o.status()).isEqualTo(FILLED);
        assertThat(o.updatedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void updateNeverMovesATerminalOrder() {
        Order o = orderAt(CANCELLED, List.of(leg(0, FILLED, 10)));
        assertThat(OrderProgress.update(o, T0.plusSeconds(1), "x")).isFalse();
        assertThat(o.status()).isEqualTo(CANCELLED);
    }

    @Test
    void updateRecordsAnotherPartialFillAsAMove() {
        Order o = orderAt(PARTIAL_FILL, List.of(leg(0, PARTIAL_FILL, 5)));
        assertThat(OrderProgress.update(o, T0.plusSeconds(2), "more")).isTrue();
        assertThat(o.status()).isEqualTo(PARTIAL_FILL);
        assertThat(o.updatedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void updateLeavesAnOrderAloneWhenTheDerivedStatusIsTheSame() {
        Order o = orderAt(EXECUTING, List.of(leg(0, EXECUTING, 0)));
        assertThat(OrderProgress.update(o, T0.plusSeconds(2), null)).isFalse();
        assertThat(o.updatedAt()).isEqualTo(T0);
    }

    // --- properties ---------------------------------------------------------------------------------

    /** One leg in any status a leg can have, with the fills that status allows. */
    static LegSpec legSpec(Cases.Gen g) {
        OrderStatus st = g.oneOf(QUEUED, EXECUTING, PARTIAL_FILL, UNKNOWN, FILLED, REJECTED, FAILED, CANCELLED);
        int part = g.intBetween(1, 9);
        return switch (st) {
            case FILLED -> new LegSpec(st, 10);
            case PARTIAL_FILL -> new LegSpec(st, part);
            // a cancelled or unknown leg may have been partly filled first
            case CANCELLED, UNKNOWN -> new LegSpec(st, part % 2 == 0 ? part : 0);
            default -> new LegSpec(st, 0);
        };
    }

    /** One to four legs. */
    static List<LegSpec> legSet(Cases.Gen g) {
        return g.listOf(1, 4, OrderProgressProperties::legSpec);
    }

    static LongStream seeds3001() {
        return Cases.seeds(3001, 1000);
    }

    static LongStream seeds3002() {
        return Cases.seeds(3002, 1000);
    }

    static LongStream seeds3003() {
        return Cases.seeds(3003, 1000);
    }

    /** The documented rules, stated over the leg specs rather than the order. */
    static OrderStatus expected(List<LegSpec> legs) {
        boolean allFinal = legs.stream().allMatch(l -> l.status().isTerminal());
        boolean anyFill = legs.stream().anyMatch(l -> l.filledTenths() > 0);
        if (allFinal) {
            if (legs.stream().allMatch(l -> l.status() == FILLED)) {
                return FILLED;
            }
            if (anyFill) {
                return CANCELLED;
            }
            if (legs.stream().anyMatch(l -> l.status() == REJECTED)) {
                return REJECTED;
            }
            return legs.stream().anyMatch(l -> l.status() == FAILED) ? FAILED : CANCELLED;
        }
        if (anyFill) {
            return PARTIAL_FILL;
        }
        if (legs.stream().anyMatch(l -> l.status() == UNKNOWN)) {
            return UNKNOWN;
        }
        return legs.stream().anyMatch(l -> l.status() == EXECUTING || l.status() == PARTIAL_FILL) ? EXECUTING : QUEUED;
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds3001")
    void derivedStatusFollowsTheDocumentedRules(long seed) {
        List<LegSpec> legs = legSet(new Cases.Gen(seed));
        Cases.check(seed, legs, () ->
                assertThat(OrderProgress.derive(orderWith(legs.toArray(LegSpec[]::new)))).isEqualTo(expected(legs)));
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds3002")
    void aQueuedOrderAlwaysReachesItsDerivedStatusAlongLegalEdges(long seed) {
        List<LegSpec> legs = legSet(new Cases.Gen(seed));
        Cases.check(seed, legs, () -> {
            Order o = orderWith(legs.toArray(LegSpec[]::new));
            OrderProgress.update(o, T0.plusSeconds(1), "r");
            assertThat(o.status()).isEqualTo(expected(legs));
        });
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds3003")
    void updateNeverThrowsAndNeverLeavesATerminalStatus(long seed) {
        Cases.Gen g = new Cases.Gen(seed);
        List<LegSpec> legs = legSet(g);
        OrderStatus start = g.oneOf(OrderStatus.class);
        Cases.check(seed, "start " + start + ", legs " + legs, () -> {
            List<OrderLeg> built = new ArrayList<>();
            for (int i = 0; i < legs.size(); i++) {
                built.add(leg(i, legs.get(i).status(), legs.get(i).filledTenths()));
            }
            Order o = orderAt(start, built);
            OrderProgress.update(o, T0.plusSeconds(1), "r");
            if (start.isTerminal()) {
                assertThat(o.status()).isEqualTo(start);
            } else {
                assertThat(o.status()).isIn(start, expected(legs), EXECUTING);
            }
            if (start != ROUTING) {
                assertThat(o.status()).as("update never sends an order back to routing").isNotEqualTo(ROUTING);
            }
        });
    }

    /** Every one- and two-leg combination the generator can make, checked exhaustively against the rules. */
    @Test
    void derivedStatusFollowsTheDocumentedRulesForEveryOneAndTwoLegOrder() {
        List<LegSpec> all = new ArrayList<>();
        for (OrderStatus st : List.of(QUEUED, EXECUTING, PARTIAL_FILL, UNKNOWN, FILLED, REJECTED, FAILED, CANCELLED)) {
            switch (st) {
                case FILLED -> all.add(new LegSpec(st, 10));
                case PARTIAL_FILL -> {
                    for (int part = 1; part <= 9; part++) {
                        all.add(new LegSpec(st, part));
                    }
                }
                case CANCELLED, UNKNOWN -> {
                    for (int part = 0; part <= 8; part += 2) {
                        all.add(new LegSpec(st, part));
                    }
                }
                default -> all.add(new LegSpec(st, 0));
            }
        }
        for (LegSpec a : all) {
            assertThat(OrderProgress.derive(orderWith(a))).as("%s", a).isEqualTo(expected(List.of(a)));
            for (LegSpec b : all) {
                assertThat(OrderProgress.derive(orderWith(a, b))).as("%s, %s", a, b).isEqualTo(expected(List.of(a, b)));
            }
        }
    }
}
