package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.order.OrderType;
import io.nija.core.position.Position;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exits, profit takes and stop losses only ever reduce a position, on the venues that hold it. */
class ReduceOnlyExitsTest {
    final EngineHarness h = new EngineHarness();
    final Instrument btcOkx = Markets.btcUsd("okx");
    final Instrument btcBybit = Markets.btcUsd("bybit");

    ReduceOnlyExitsTest() {
        h.addVenue(new ScriptedVenue("okx", h.clock).list(btcOkx, Markets.book(btcOkx, "49990", "50000", "10", 3)));
        h.addVenue(new ScriptedVenue("bybit", h.clock).list(btcBybit, Markets.book(btcBybit, "49990", "50000", "10", 3)));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void holds(String userId, String venue, String qty) {
        h.store.savePositions(List.of(Position.restore(userId, venue, Markets.BTC_USD, new BigDecimal(qty),
                new BigDecimal("40000"), BigDecimal.ZERO)));
    }

    private TradeSignal exit(String userId, Side side, String usd, SignalType type, boolean closeAll) {
        TradeSignal s = h.signal(userId, side, usd, type, null);
        return new TradeSignal(s.signalId(), s.userId(), s.pair(), s.side(), s.sizeUsd(), s.signalType(), s.strategy(),
                s.timestamp(), null, closeAll, null);
    }

    private Map<String, BigDecimal> legQtyByVenue(Order o) {
        return o.legs().stream().collect(Collectors.toMap(OrderLeg::venue, l -> l.quantity().stripTrailingZeros(), BigDecimal::add));
    }

    @Test
    void anExitWithNoPositionIsRefusedAndNothingIsStored() {
        h.user("u1");
        h.start();
        for (SignalType type : List.of(SignalType.EXIT, SignalType.PROFIT_TAKE, SignalType.STOP_LOSS)) {
            assertThatThrownBy(() -> h.engine.submit(h.signal("u1", Side.SELL, "100", type, null)))
                    .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("no_position"));
        }
        assertThat(h.store.findActiveOrders()).isEmpty();
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).isEmpty();
    }

    @Test
    void aBuyLabelledExitWhileLongIsRefused() {
        h.user("u1");
        holds("u1", "binance", "0.1");
        h.start();
        assertThatThrownBy(() -> h.engine.submit(h.signal("u1", Side.BUY, "100", SignalType.EXIT, null)))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("side_mismatch"));
        assertThat(h.store.findActiveOrders()).isEmpty();
    }

    @Test
    void anExitLargerThanThePositionSellsOnlyWhatIsHeld() {
        h.user("u1");
        holds("u1", "binance", "0.1");
        h.start();
        String id = h.submit(h.signal("u1", Side.SELL, "20000", SignalType.EXIT, null));
        Order o = h.awaitStatus(id, OrderStatus.FILLED);
        assertThat(legQtyByVenue(o)).containsExactly(Map.entry("binance", new BigDecimal("0.1")));
        assertThat(o.legs().get(0).type()).isEqualTo(OrderType.MARKET);
        assertThat(h.store.findPositions("u1")).allSatisfy(p -> assertThat(p.quantity().signum()).isZero());
    }

    @Test
    void anExitGoesToTheVenuesHoldingThePositionLargestFirstAndNeverSellsMoreThanAVenueHolds() {
        h.user("u1");
        holds("u1", "okx", "0.03");
        holds("u1", "bybit", "0.05");
        h.start();
        // $3000 at the 49 990 bid is 0.06001 BTC (lot 0.00001): bybit's 0.05, then 0.01001 from okx; nothing on binance.
        String id = h.submit(h.signal("u1", Side.SELL, "3000", SignalType.EXIT, null));
        Order o = h.awaitStatus(id, OrderStatus.FILLED);
        assertThat(o.legs().get(0).venue()).isEqualTo("bybit");
        assertThat(legQtyByVenue(o)).containsOnly(Map.entry("bybit", new BigDecimal("0.05")),
                Map.entry("okx", new BigDecimal("0.01001")));
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).isEmpty();
        assertThat(h.store.findPositions("u1")).allSatisfy(p -> assertThat(p.quantity().signum()).isNotNegative());
    }

    @Test
    void closeAllClosesTheWholePositionOnEveryVenue() {
        h.user("u1");
        holds("u1", "okx", "0.03");
        holds("u1", "bybit", "0.05");
        h.start();
        String id = h.submit(exit("u1", Side.SELL, "10", SignalType.STOP_LOSS, true));
        Order o = h.awaitStatus(id, OrderStatus.FILLED);
        assertThat(legQtyByVenue(o)).containsOnly(Map.entry("bybit", new BigDecimal("0.05")),
                Map.entry("okx", new BigDecimal("0.03")));
        assertThat(h.store.findPositions("u1")).allSatisfy(p -> assertThat(p.quantity().signum()).isZero());
    }

    @Test
    void twoExitsTogetherNeverSellMoreThanIsHeld() {
        h.user("u1");
        holds("u1", "binance", "0.1");
        h.binance.defaultStep(ScriptedVenue.Step.rest());
        h.start();
        String first = h.submit(h.signal("u1", Side.SELL, "4000", SignalType.EXIT, null));
        h.await(first, "is at the venue", o -> o.status() == OrderStatus.EXECUTING);
        String second = h.submit(h.signal("u1", Side.SELL, "4000", SignalType.EXIT, null));
        Order o = h.await(second, "is routed", x -> x.status() != OrderStatus.PENDING && x.status() != OrderStatus.ROUTING);
        BigDecimal total = h.order(first).legs().get(0).quantity().add(
                o.legs().isEmpty() ? BigDecimal.ZERO : o.legs().get(0).quantity());
        assertThat(total).isLessThanOrEqualTo(new BigDecimal("0.1"));
    }
}
