package io.nija.core.order;

import static io.nija.core.order.OrderStatus.CANCELLED;
import static io.nija.core.order.OrderStatus.EXECUTING;
import static io.nija.core.order.OrderStatus.FAILED;
import static io.nija.core.order.OrderStatus.FILLED;
import static io.nija.core.order.OrderStatus.PARTIAL_FILL;
import static io.nija.core.order.OrderStatus.PENDING;
import static io.nija.core.order.OrderStatus.QUEUED;
import static io.nija.core.order.OrderStatus.REJECTED;
import static io.nija.core.order.OrderStatus.ROUTING;
import static io.nija.core.order.OrderStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.testing.Cases;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The order/leg state machine: only the documented edges exist, an illegal move throws and changes nothing,
 * terminal states have no way out.
 */
class OrderStateMachineProperties {
    static final Instant T0 = Instant.parse("2025-01-06T12:00:00Z");
    static final Pair BTC_USD = new Pair("BTC", "USD");
    static final Instrument BTC = new Instrument("binance", BTC_USD, "BTCUSDT", new BigDecimal("0.01"),
            new BigDecimal("0.001"), new BigDecimal("0.001"), BigDecimal.ZERO);

    /** The edges as the design states them, written out independently of OrderStatus. */
    static final Map<OrderStatus, Set<OrderStatus>> EDGES = Map.of(
            PENDING, EnumSet.of(ROUTING, REJECTED, CANCELLED, FAILED),
            ROUTING, EnumSet.of(QUEUED, REJECTED, CANCELLED, FAILED),
            QUEUED, EnumSet.of(EXECUTING, ROUTING, CANCELLED, FAILED, REJECTED),
            EXECUTING, EnumSet.of(PARTIAL_FILL, FILLED, REJECTED, FAILED, CANCELLED, UNKNOWN, QUEUED),
            PARTIAL_FILL, EnumSet.of(PARTIAL_FILL, FILLED, CANCELLED, UNKNOWN),
            UNKNOWN, EnumSet.of(EXECUTING, PARTIAL_FILL, FILLED, REJECTED, FAILED, CANCELLED, QUEUED),
            FILLED, EnumSet.noneOf(OrderStatus.class),
            REJECTED, EnumSet.noneOf(OrderStatus.class),
            FAILED, EnumSet.noneOf(OrderStatus.class),
            CANCELLED, EnumSet.noneOf(OrderStatus.class));

    static Order newOrder() {
        return new Order("ord_1", "sig_1", "u1", BTC_USD, Side.BUY, SignalType.ENTRY, new BigDecimal("1000"), T0);
    }

    static OrderLeg newLeg(String legId, String qty) {
        return new OrderLeg(legId, 0, BTC, OrderType.LIMIT, new BigDecimal(qty), new BigDecimal("50000"), T0, "nj" + legId);
    }

    @Test
    void transitionTableIsExactlyTheDocumentedOne() {
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(EDGES.get(from).contains(to));
            }
        }
    }

    @Test
    void terminalStatesAreExactlyThoseWithNoWayOut() {
        assertThat(EnumSet.allOf(OrderStatus.class).stream().filter(OrderStatus::isTerminal).toList())
                .containsExactlyInAnyOrder(FILLED, REJECTED, FAILED, CANCELLED);
        for (OrderStatus t : List.of(FILLED, REJECTED, FAILED, CANCELLED)) {
            for (OrderStatus to : OrderStatus.values()) {
                assertThat(t.canMoveTo(to)).as("%s -> %s", t, to).isFalse();
            }
        }
    }

    @Test
    void unknownIsNeverLeftBySendingButMayReturnToQueuedOnlyFromUnknownOrExecuting() {
        // UNKNOWN -> QUEUED exists (after the venue confirmed it has no such order); nothing skips straight to
        // sending from a state where the order might already be at the venue.
        assertThat(PARTIAL_FILL.canMoveTo(QUEUED)).isFalse();
        assertThat(UNKNOWN.canMoveTo(QUEUED)).isTrue();
        assertThat(PENDING.canMoveTo(EXECUTING)).isFalse();
    }

    @Test
    void wireNamesRoundTrip() {
        for (OrderStatus s : OrderStatus.values()) {
            assertThat(OrderStatus.parse(s.wire())).isEqualTo(s);
            assertThat(OrderStatus.parse(" " + s.wire().toUpperCase() + " ")).isEqualTo(s);
        }
    }

    /** Up to 40 target statuses, any status in any order. */
    static List<OrderStatus> targets(Cases.Gen g) {
        return g.listOf(0, 40, x -> x.oneOf(OrderStatus.class));
    }

    static LongStream seeds1001() {
        return Cases.seeds(1001, 1000);
    }

    static LongStream seeds1002() {
        return Cases.seeds(1002, 1000);
    }

    static LongStream seeds1003() {
        return Cases.seeds(1003, 1000);
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds1001")
    void randomMovesOnAnOrderFollowOnlyLegalEdgesAndIllegalOnesChangeNothing(long seed) {
        List<OrderStatus> targets = targets(new Cases.Gen(seed));
        Cases.check(seed, targets, () -> movesOnAnOrderFollowOnlyLegalEdges(targets));
    }

    private static void movesOnAnOrderFollowOnlyLegalEdges(List<OrderStatus> targets) {
        Order order = newOrder();
        Instant t = T0;
        for (OrderStatus target : targets) {
            t = t.plusSeconds(1);
            OrderStatus before = order.status();
            Instant updatedBefore = order.updatedAt();
            if (EDGES.get(before).contains(target)) {
                order.moveTo(target, t, "to " + target);
                assertThat(order.status()).isEqualTo(target);
                assertThat(order.updatedAt()).isEqualTo(t);
                assertThat(order.statusReason()).isEqualTo("to " + target);
            } else {
                Instant at = t;
                assertThatThrownBy(() -> order.moveTo(target, at, "nope")).isInstanceOf(IllegalTransitionException.class)
                        .hasMessageContaining(before.wire()).hasMessageContaining(target.wire());
                assertThat(order.status()).isEqualTo(before);
                assertThat(order.updatedAt()).isEqualTo(updatedBefore);
                assertThat(order.statusReason()).isNotEqualTo("nope");
            }
            if (before.isTerminal()) {
                assertThat(order.status()).as("a terminal order never moves").isEqualTo(before);
            }
        }
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds1002")
    void randomMovesOnALegFollowOnlyLegalEdgesAndIllegalOnesChangeNothing(long seed) {
        List<OrderStatus> targets = targets(new Cases.Gen(seed));
        Cases.check(seed, targets, () -> movesOnALegFollowOnlyLegalEdges(targets));
    }

    private static void movesOnALegFollowOnlyLegalEdges(List<OrderStatus> targets) {
        OrderLeg leg = newLeg("L0", "1");
        for (OrderStatus target : targets) {
            OrderStatus before = leg.status();
            if (EDGES.get(before).contains(target)) {
                leg.moveTo(target, null);
                assertThat(leg.status()).isEqualTo(target);
            } else {
                assertThatThrownBy(() -> leg.moveTo(target, "nope")).isInstanceOf(IllegalTransitionException.class);
                assertThat(leg.status()).isEqualTo(before);
                assertThat(leg.statusReason()).isNotEqualTo("nope");
            }
        }
    }

    @Test
    void aLegStartsQueuedAndAnOrderStartsPending() {
        assertThat(newLeg("L0", "1").status()).isEqualTo(QUEUED);
        assertThat(newOrder().status()).isEqualTo(PENDING);
    }

    @Test
    void rejectSetsTheCodeOnlyWhenTheMoveIsLegal() {
        Order o = newOrder();
        o.reject("order_too_large", "too big", T0.plusSeconds(1));
        assertThat(o.status()).isEqualTo(REJECTED);
        assertThat(o.rejectCode()).isEqualTo("order_too_large");
        assertThat(o.statusReason()).isEqualTo("too big");
        assertThatThrownBy(() -> o.reject("other", "again", T0)).isInstanceOf(IllegalTransitionException.class);
        assertThat(o.rejectCode()).isEqualTo("order_too_large");
    }

    /** One event on a leg: a move to {@code target}, or (when target is null) a fill of {@code lots} thousandths. */
    record LegEvent(OrderStatus target, String fillId, int lots) { }

    /** Up to 50 events, each a move to any status or (as often) a fill of 0.001..0.6 under one of eight ids. */
    static List<LegEvent> legEvents(Cases.Gen g) {
        return g.listOf(0, 50, x -> x.bool()
                ? new LegEvent(x.oneOf(OrderStatus.class), null, 0)
                : new LegEvent(null, "t" + x.intBetween(0, 7), x.intBetween(1, 600)));
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds1003")
    void mixedMovesAndFillsKeepALegLegalAndItsTotalsTheSumOfItsDistinctFills(long seed) {
        List<LegEvent> events = legEvents(new Cases.Gen(seed));
        Cases.check(seed, events, () -> movesAndFillsKeepALegLegalAndItsTotalsExact(events));
    }

    private static void movesAndFillsKeepALegLegalAndItsTotalsExact(List<LegEvent> events) {
        OrderLeg leg = newLeg("L0", "1");
        Map<String, BigDecimal> accepted = new LinkedHashMap<>();
        for (LegEvent e : events) {
            OrderStatus before = leg.status();
            BigDecimal filledBefore = leg.filledQty();
            if (e.target() != null) {
                if (EDGES.get(before).contains(e.target())) {
                    leg.moveTo(e.target(), null);
                } else {
                    assertThatThrownBy(() -> leg.moveTo(e.target(), null)).isInstanceOf(IllegalTransitionException.class);
                }
                assertThat(leg.filledQty()).as("a move never changes the fills").isEqualByComparingTo(filledBefore);
            } else {
                BigDecimal qty = BigDecimal.valueOf(e.lots(), 3);
                Fill f = new Fill(e.fillId(), "binance", qty, new BigDecimal("50000"), BigDecimal.ZERO, "USD",
                        Liquidity.TAKER, T0);
                if (accepted.containsKey(e.fillId())) {
                    assertThat(leg.applyFill(f)).isFalse();
                } else if (filledBefore.add(qty).compareTo(leg.quantity()) > 0) {
                    assertThatThrownBy(() -> leg.applyFill(f)).isInstanceOf(IllegalStateException.class);
                } else {
                    assertThat(leg.applyFill(f)).isTrue();
                    accepted.put(e.fillId(), qty);
                }
                assertThat(leg.status()).as("a fill never moves the leg by itself").isEqualTo(before);
            }
            if (before.isTerminal()) {
                assertThat(leg.status()).isEqualTo(before);
            }
            BigDecimal sum = accepted.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(leg.filledQty()).isEqualByComparingTo(sum).isLessThanOrEqualTo(leg.quantity());
            assertThat(leg.fills()).hasSize(accepted.size());
        }
    }
}
