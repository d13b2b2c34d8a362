package io.nija.sim.engine;

import static io.nija.sim.engine.TestMarket.SYMBOL;
import static io.nija.sim.engine.TestMarket.assertRejected;
import static io.nija.sim.engine.TestMarket.bd;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.signal.Side;
import io.nija.core.venue.VenueErrorKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderValidationTest {
    private final TestMarket m = new TestMarket().account("alice", "1000000", "10").account("maker", "0", "10");

    @Test
    void aPriceOffTheTickIsRejected() {
        assertRejected(VenueErrorKind.INVALID_PRICE_OR_QTY, () -> m.buy("alice", "b1", "0.1", "65000.005"));
    }

    @Test
    void aQuantityOffTheLotIsRejected() {
        assertRejected(VenueErrorKind.INVALID_PRICE_OR_QTY, () -> m.buy("alice", "b1", "0.100001", "65000"));
    }

    @Test
    void aQuantityBelowTheMinimumIsRejected() {
        assertRejected(VenueErrorKind.INVALID_PRICE_OR_QTY, () -> m.buy("alice", "b1", "0.00009", "65000"));
    }

    @Test
    void aNonPositivePriceOrQuantityIsRejected() {
        assertRejected(VenueErrorKind.INVALID_PRICE_OR_QTY, () -> m.buy("alice", "b1", "0.1", "0"));
        assertRejected(VenueErrorKind.INVALID_PRICE_OR_QTY, () -> m.buy("alice", "b1", "-0.1", "65000"));
    }

    @Test
    void aLimitOrderWorthLessThanTheMinimumNotionalIsRejected() {
        // 0.0001 x 40000 = 4 < 5
        assertRejected(VenueErrorKind.BELOW_MIN_NOTIONAL, () -> m.buy("alice", "b1", "0.0001", "40000"));
    }

    @Test
    void aMarketOrderIsValuedAtTheTouchForTheMinimumNotional() {
        m.sell("maker", "a1", "1", "40000");

        assertRejected(VenueErrorKind.BELOW_MIN_NOTIONAL,
                () -> m.engine.place("alice", NewOrder.market(SYMBOL, "m1", Side.BUY, bd("0.0001"))));
        assertRejected(VenueErrorKind.BELOW_MIN_NOTIONAL,
                () -> m.engine.place("alice", NewOrder.marketForQuote(SYMBOL, "m2", Side.BUY, bd("4.99"))));
    }

    @Test
    void aMarketOrderMustBeSizedInBaseOrInQuoteNotBoth() {
        assertRejected(VenueErrorKind.INVALID_PRICE_OR_QTY, () -> m.engine.place("alice",
                new NewOrder(SYMBOL, "m1", Side.BUY, io.nija.core.order.OrderType.MARKET, bd("1"), bd("100"), null)));
    }

    @Test
    void anUnknownSymbolIsRejected() {
        assertRejected(VenueErrorKind.INVALID_SYMBOL,
                () -> m.engine.place("alice", NewOrder.limit("ETHUSDT", "b1", Side.BUY, bd("1"), bd("3000"))));
        assertRejected(VenueErrorKind.INVALID_SYMBOL, () -> m.engine.book("ETHUSDT", 5));
    }

    @Test
    void anUnknownApiKeyOrWrongSecretFailsAuthentication() {
        assertRejected(VenueErrorKind.AUTH_FAILED, () -> m.engine.authenticate("mallory", "x", null));
        assertRejected(VenueErrorKind.AUTH_FAILED, () -> m.engine.authenticate("alice", "wrong", null));
        assertRejected(VenueErrorKind.AUTH_FAILED, () -> m.engine.authenticate("alice", null, null));
        assertRejected(VenueErrorKind.AUTH_FAILED, () -> m.buy("mallory", "b1", "0.1", "65000"));
        m.engine.authenticate("alice", "alice-secret", null);
    }

    @Test
    void anAccountWithAPassphraseNeedsIt() {
        m.engine.openAccount("okxuser", "s3cret", "phrase", Map.of());

        assertRejected(VenueErrorKind.AUTH_FAILED, () -> m.engine.authenticate("okxuser", "s3cret", null));
        assertRejected(VenueErrorKind.AUTH_FAILED, () -> m.engine.authenticate("okxuser", "s3cret", "other"));
        m.engine.authenticate("okxuser", "s3cret", "phrase");
    }

    @Test
    void aClientOrderIdThatIsStillOpenIsRejectedAsDuplicate() {
        m.buy("alice", "dup", "0.1", "60000");

        assertRejected(VenueErrorKind.DUPLICATE_ORDER, () -> m.buy("alice", "dup", "0.2", "60000"));
        assertThat(m.engine.orders("alice")).hasSize(1);
    }

    @Test
    void aClientOrderIdMayBeReusedOnceItsOrderIsClosedAndLookupFindsTheNewest() {
        OrderView first = m.buy("alice", "reuse", "0.1", "60000");
        m.engine.cancel("alice", "reuse");

        OrderView second = m.buy("alice", "reuse", "0.2", "60000");

        assertThat(second.venueOrderId()).isNotEqualTo(first.venueOrderId());
        assertThat(m.engine.orderByClientId("alice", "reuse").orElseThrow().venueOrderId())
                .isEqualTo(second.venueOrderId());
        assertThat(m.engine.orderByVenueId("alice", first.venueOrderId()).orElseThrow().state())
                .isEqualTo(OrderState.CANCELLED);
    }

    @Test
    void theSameClientOrderIdOnAnotherAccountIsNoDuplicate() {
        m.buy("alice", "same", "0.1", "60000");
        m.engine.deposit("maker", "USDT", bd("10000"));

        assertThat(m.buy("maker", "same", "0.1", "60000").state()).isEqualTo(OrderState.OPEN);
    }

    @Test
    void anOrderWithoutClientOrderIdGetsOneAssigned() {
        OrderView o = m.buy("alice", null, "0.1", "60000");

        assertThat(o.clientOrderId()).isNotBlank();
        assertThat(m.engine.orderByClientId("alice", o.clientOrderId())).isPresent();
    }

    @Test
    void aRejectedOrderLeavesNoTrace() {
        assertRejected(VenueErrorKind.INVALID_PRICE_OR_QTY, () -> m.buy("alice", "bad", "0.1", "65000.001"));

        assertThat(m.engine.orderByClientId("alice", "bad")).isEmpty();
        assertThat(m.engine.acceptedOrders()).isEmpty();
        assertThat(m.balance("alice", "USDT").locked()).isEqualByComparingTo("0");
    }

    @Test
    void acceptedOrdersRecordEveryAcceptedRequestWithItsCurrentState() {
        m.sell("maker", "a1", "0.5", "65000");
        m.engine.place("alice", NewOrder.market(SYMBOL, "m1", Side.BUY, bd("0.2")));

        assertThat(m.engine.acceptedOrders())
                .extracting(OrderView::clientOrderId, OrderView::apiKey, OrderView::state,
                        o -> o.filledQty().stripTrailingZeros().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a1", "maker", OrderState.PARTIALLY_FILLED, "0.2"),
                        org.assertj.core.groups.Tuple.tuple("m1", "alice", OrderState.FILLED, "0.2"));
    }
}
