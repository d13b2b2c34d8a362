package io.nija.sim.engine;

import static io.nija.sim.engine.TestMarket.SYMBOL;
import static io.nija.sim.engine.TestMarket.bd;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.market.OrderBook;
import io.nija.core.order.Liquidity;
import io.nija.core.signal.Side;
import org.junit.jupiter.api.Test;

class PartialFillTest {
    private static String plain(java.math.BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    private final TestMarket m = new TestMarket().account("maker", "1000000", "10").account("taker", "1000000", "10");

    @Test
    void aTakerLargerThanTheTopLevelWalksTheBook() {
        m.sell("maker", "a1", "0.5", "65000");
        m.sell("maker", "a2", "0.5", "65010");
        m.sell("maker", "a3", "1", "65020");

        OrderView taker = m.engine.place("taker", NewOrder.market(SYMBOL, "t1", Side.BUY, bd("1.2")));

        assertThat(taker.fills()).extracting(f -> plain(f.quantity()) + "@" + plain(f.price()))
                .containsExactly("0.5@65000", "0.5@65010", "0.2@65020");
        assertThat(taker.filledQty()).isEqualByComparingTo("1.2");
        assertThat(taker.filledQuote()).isEqualByComparingTo("78009"); // 32500 + 32505 + 13004
        assertThat(taker.averagePrice()).isEqualByComparingTo("65007.5");
        assertThat(m.engine.lastTradePrice(SYMBOL)).isEqualByComparingTo("65020");
        OrderBook book = m.engine.book(SYMBOL, 5);
        assertThat(book.asks()).singleElement().satisfies(l -> {
            assertThat(l.price()).isEqualByComparingTo("65020");
            assertThat(l.quantity()).isEqualByComparingTo("0.8");
        });
    }

    @Test
    void aRestingLimitPartiallyFilledStaysOpenWithTheRemainder() {
        m.sell("maker", "a1", "1", "65000");

        m.engine.place("taker", NewOrder.market(SYMBOL, "t1", Side.BUY, bd("0.4")));

        OrderView maker = m.engine.orderByClientId("maker", "a1").orElseThrow();
        assertThat(maker.state()).isEqualTo(OrderState.PARTIALLY_FILLED);
        assertThat(maker.filledQty()).isEqualByComparingTo("0.4");
        assertThat(maker.remainingQty()).isEqualByComparingTo("0.6");
        assertThat(maker.fills()).singleElement().satisfies(f -> assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER));
        assertThat(m.engine.openOrders("maker")).extracting(OrderView::clientOrderId).containsExactly("a1");
        assertThat(m.engine.book(SYMBOL, 5).asks().get(0).quantity()).isEqualByComparingTo("0.6");
        assertThat(m.balance("maker", "BTC").locked()).isEqualByComparingTo("0.6");
    }

    @Test
    void aCrossingLimitFillsWhatItCanAndRestsTheRemainderAtItsLimit() {
        m.sell("maker", "a1", "0.3", "65000");

        OrderView buy = m.buy("taker", "b1", "1", "65005");

        assertThat(buy.state()).isEqualTo(OrderState.PARTIALLY_FILLED);
        assertThat(buy.filledQty()).isEqualByComparingTo("0.3");
        OrderBook book = m.engine.book(SYMBOL, 5);
        assertThat(book.asks()).isEmpty();
        assertThat(book.bids()).singleElement().satisfies(l -> {
            assertThat(l.price()).isEqualByComparingTo("65005");
            assertThat(l.quantity()).isEqualByComparingTo("0.7");
        });
    }

    @Test
    void aPartiallyFilledRestingOrderCompletesOnLaterTakers() {
        m.sell("maker", "a1", "1", "65000");
        m.engine.place("taker", NewOrder.market(SYMBOL, "t1", Side.BUY, bd("0.4")));
        m.engine.place("taker", NewOrder.market(SYMBOL, "t2", Side.BUY, bd("0.6")));

        OrderView maker = m.engine.orderByClientId("maker", "a1").orElseThrow();
        assertThat(maker.state()).isEqualTo(OrderState.FILLED);
        assertThat(maker.fills()).hasSize(2);
        assertThat(m.engine.openOrders("maker")).isEmpty();
        assertThat(m.balance("maker", "BTC").locked()).isEqualByComparingTo("0");
    }
}
