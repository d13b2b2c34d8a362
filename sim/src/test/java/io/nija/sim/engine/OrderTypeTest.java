package io.nija.sim.engine;

import static io.nija.sim.engine.TestMarket.SYMBOL;
import static io.nija.sim.engine.TestMarket.assertRejected;
import static io.nija.sim.engine.TestMarket.bd;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.signal.Side;
import io.nija.core.venue.VenueErrorKind;
import org.junit.jupiter.api.Test;

class OrderTypeTest {
    private final TestMarket m = new TestMarket().account("maker", "1000000", "10").account("taker", "1000000", "10");

    @Test
    void iocFillsWhatItCanAndExpiresTheRest() {
        m.sell("maker", "a1", "0.3", "65000");
        m.sell("maker", "a2", "1", "65100");

        OrderView ioc = m.engine.place("taker", NewOrder.ioc(SYMBOL, "i1", Side.BUY, bd("1"), bd("65000")));

        assertThat(ioc.state()).isEqualTo(OrderState.EXPIRED);
        assertThat(ioc.filledQty()).isEqualByComparingTo("0.3");
        assertThat(m.engine.openOrders("taker")).isEmpty();
        assertThat(m.engine.book(SYMBOL, 5).bids()).isEmpty();
        assertThat(m.balance("taker", "USDT").locked()).isEqualByComparingTo("0");
    }

    @Test
    void iocThatCannotCrossExpiresWithoutTrading() {
        m.sell("maker", "a1", "1", "65100");

        OrderView ioc = m.engine.place("taker", NewOrder.ioc(SYMBOL, "i1", Side.BUY, bd("1"), bd("65000")));

        assertThat(ioc.state()).isEqualTo(OrderState.EXPIRED);
        assertThat(ioc.fills()).isEmpty();
        assertThat(m.balance("taker", "USDT").available()).isEqualByComparingTo("1000000");
    }

    @Test
    void iocThatFillsCompletelyIsFilled() {
        m.sell("maker", "a1", "2", "65000");

        assertThat(m.engine.place("taker", NewOrder.ioc(SYMBOL, "i1", Side.BUY, bd("1"), bd("65000"))).state())
                .isEqualTo(OrderState.FILLED);
    }

    @Test
    void marketOrderWalksLevelsAndExpiresWhatTheBookCannotFill() {
        m.sell("maker", "a1", "0.5", "65000");
        m.sell("maker", "a2", "0.5", "65010");

        OrderView market = m.engine.place("taker", NewOrder.market(SYMBOL, "m1", Side.BUY, bd("2")));

        assertThat(market.fills()).hasSize(2);
        assertThat(market.filledQty()).isEqualByComparingTo("1");
        assertThat(market.state()).isEqualTo(OrderState.EXPIRED);
        assertThat(m.engine.book(SYMBOL, 5).asks()).isEmpty();
    }

    @Test
    void marketSellWalksTheBidsDownward() {
        m.buy("maker", "b1", "0.5", "64990");
        m.buy("maker", "b2", "0.5", "64980");

        OrderView market = m.engine.place("taker", NewOrder.market(SYMBOL, "m1", Side.SELL, bd("0.8")));

        assertThat(market.state()).isEqualTo(OrderState.FILLED);
        assertThat(market.fills()).extracting(f -> f.price().stripTrailingZeros().toPlainString())
                .containsExactly("64990", "64980");
    }

    @Test
    void marketBuyTheAccountCannotFullyPayForIsRejectedBeforeAnythingTrades() {
        m.account("poor", "50000", "0");
        m.sell("maker", "a1", "1", "65000");

        assertRejected(VenueErrorKind.INSUFFICIENT_FUNDS,
                () -> m.engine.place("poor", NewOrder.market(SYMBOL, "m1", Side.BUY, bd("1"))));

        assertThat(m.engine.book(SYMBOL, 5).asks().get(0).quantity()).isEqualByComparingTo("1");
        assertThat(m.balance("poor", "USDT").available()).isEqualByComparingTo("50000");
        assertThat(m.engine.orders("poor")).isEmpty();
    }

    @Test
    void marketBuySizedInQuoteSpendsAtMostTheQuoteAmount() {
        m.sell("maker", "a1", "0.1", "65000");
        m.sell("maker", "a2", "1", "65100");

        OrderView market = m.engine.place("taker", NewOrder.marketForQuote(SYMBOL, "q1", Side.BUY, bd("10000")));

        // 0.1 @ 65000 = 6500, then 3500 / 65100 = 0.05376 (rounded down to the lot) = 3499.776
        assertThat(market.state()).isEqualTo(OrderState.FILLED);
        assertThat(market.quantity()).isNull();
        assertThat(market.filledQty()).isEqualByComparingTo("0.15376");
        assertThat(market.filledQuote()).isEqualByComparingTo("9999.776");
        assertThat(market.filledQuote()).isLessThanOrEqualTo(bd("10000"));
    }

    @Test
    void marketSellSizedInQuoteRaisesAtMostTheQuoteAmount() {
        m.buy("maker", "b1", "1", "50000");

        OrderView market = m.engine.place("taker", NewOrder.marketForQuote(SYMBOL, "q1", Side.SELL, bd("1000")));

        assertThat(market.filledQty()).isEqualByComparingTo("0.02");
        assertThat(market.filledQuote()).isEqualByComparingTo("1000");
    }

    @Test
    void aQuoteSizedMarketOrderThatOutrunsTheBookExpiresWithWhatItGot() {
        m.sell("maker", "a1", "0.1", "65000");

        OrderView market = m.engine.place("taker", NewOrder.marketForQuote(SYMBOL, "q1", Side.BUY, bd("10000")));

        assertThat(market.state()).isEqualTo(OrderState.EXPIRED);
        assertThat(market.filledQuote()).isEqualByComparingTo("6500");
    }

    @Test
    void marketOrderIntoAnEmptyBookExpiresUnfilled() {
        OrderView market = m.engine.place("taker", NewOrder.market(SYMBOL, "m1", Side.BUY, bd("1")));

        assertThat(market.state()).isEqualTo(OrderState.EXPIRED);
        assertThat(market.fills()).isEmpty();
    }
}
