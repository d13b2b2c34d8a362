package io.nija.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

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

class ReservationLedgerTest {
    static OrderLeg leg(Order o, int index, String venue, String qty) {
        return new OrderLeg(o.orderId() + "-" + index, index, Markets.btcUsd(venue), OrderType.LIMIT, new BigDecimal(qty),
                new BigDecimal("50100"), Markets.T0, "c" + o.orderId() + index);
    }

    @Test
    void legsHoldWhatTheyHaveNotFilledUntilTheyEndOrAreSuperseded() {
        ReservationLedger ledger = new ReservationLedger();
        Order o = new Order("o1", "s1", "u1", Markets.BTC_USD, Side.BUY, SignalType.ENTRY, new BigDecimal("5000"), Markets.T0, "t");
        o.moveTo(OrderStatus.ROUTING, Markets.T0, null);
        OrderLeg a = leg(o, 0, "a", "0.06");
        OrderLeg b = leg(o, 1, "b", "0.04");
        o.routed(io.nija.core.order.ExecutionMethod.LIMIT, "split", List.of(a, b));
        ledger.sync(o);
        assertThat(ledger.reserved("a", Markets.BTC_USD, Side.BUY)).isEqualByComparingTo("0.06");
        assertThat(ledger.reserved("b", Markets.BTC_USD, Side.BUY)).isEqualByComparingTo("0.04");
        assertThat(ledger.reserved("a", Markets.BTC_USD, Side.SELL)).isEqualByComparingTo("0");
        ledger.sync(o); // idempotent
        assertThat(ledger.reserved("a", Markets.BTC_USD, Side.BUY)).isEqualByComparingTo("0.06");

        a.moveTo(OrderStatus.EXECUTING, null);
        a.applyFill(new Fill("t1", "a", new BigDecimal("0.02"), new BigDecimal("50000"), BigDecimal.ZERO, "USD", Liquidity.TAKER, Markets.T0));
        ledger.sync(o);
        assertThat(ledger.reserved("a", Markets.BTC_USD, Side.BUY)).as("released as it fills").isEqualByComparingTo("0.04");

        OrderLeg c = leg(o, 2, "c", "0.04");
        b.supersede(c.legId(), "failed over");
        o.failedOver(List.of(c), "failover", Markets.T0);
        ledger.sync(o);
        assertThat(ledger.reserved("b", Markets.BTC_USD, Side.BUY)).as("superseded").isEqualByComparingTo("0");
        assertThat(ledger.reserved("c", Markets.BTC_USD, Side.BUY)).as("its replacement holds").isEqualByComparingTo("0.04");

        a.moveTo(OrderStatus.CANCELLED, "cancelled");
        c.moveTo(OrderStatus.FAILED, "failed");
        ledger.sync(o);
        assertThat(ledger.holds()).isZero();
        assertThat(ledger.reserved("a", Markets.BTC_USD, Side.BUY)).isEqualByComparingTo("0");
    }
}
