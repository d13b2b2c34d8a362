package io.nija.sim.engine;

import static io.nija.sim.engine.TestMarket.SYMBOL;
import static io.nija.sim.engine.TestMarket.bd;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.market.OrderBook;
import io.nija.core.signal.Side;
import org.junit.jupiter.api.Test;

class PriceTimePriorityTest {
    private final TestMarket m = new TestMarket()
            .account("early", "0", "10").account("late", "0", "10").account("taker", "1000000", "10");

    @Test
    void earlierOrderAtTheSamePriceFillsFirst() {
        m.sell("early", "e1", "1", "65000");
        m.sell("late", "l1", "1", "65000");

        OrderView taker = m.engine.place("taker", NewOrder.market(SYMBOL, "t1", Side.BUY, bd("1")));

        assertThat(taker.state()).isEqualTo(OrderState.FILLED);
        assertThat(m.engine.orderByClientId("early", "e1").orElseThrow().state()).isEqualTo(OrderState.FILLED);
        assertThat(m.engine.orderByClientId("late", "l1").orElseThrow().state()).isEqualTo(OrderState.OPEN);
        assertThat(m.engine.fills("late")).isEmpty();
    }

    @Test
    void earlierOrderAtTheSamePriceIsFilledBeforeALaterOneIsTouched() {
        m.sell("early", "e1", "1", "65000");
        m.sell("late", "l1", "1", "65000");

        m.engine.place("taker", NewOrder.market(SYMBOL, "t1", Side.BUY, bd("1.5")));

        assertThat(m.engine.orderByClientId("early", "e1").orElseThrow().filledQty()).isEqualByComparingTo("1");
        assertThat(m.engine.orderByClientId("late", "l1").orElseThrow().filledQty()).isEqualByComparingTo("0.5");
    }

    @Test
    void betterPriceFillsBeforeAnEarlierOrderAtAWorsePrice() {
        m.sell("early", "e1", "1", "65001");
        m.sell("late", "l1", "1", "65000");

        OrderView taker = m.engine.place("taker", NewOrder.ioc(SYMBOL, "t1", Side.BUY, bd("1"), bd("65001")));

        assertThat(taker.fills()).singleElement().satisfies(f -> assertThat(f.price()).isEqualByComparingTo("65000"));
        assertThat(m.engine.orderByClientId("early", "e1").orElseThrow().state()).isEqualTo(OrderState.OPEN);
    }

    @Test
    void highestBidFillsFirstForASeller() {
        m.buy("taker", "b-low", "1", "64990");
        m.buy("taker", "b-high", "1", "64995");

        OrderView sell = m.engine.place("early", NewOrder.market(SYMBOL, "s1", Side.SELL, bd("1")));

        assertThat(sell.fills()).singleElement().satisfies(f -> assertThat(f.price()).isEqualByComparingTo("64995"));
        assertThat(m.engine.orderByClientId("taker", "b-low").orElseThrow().state()).isEqualTo(OrderState.OPEN);
    }

    @Test
    void aCrossingLimitTradesAtTheRestingOrdersPriceNotItsOwn() {
        m.sell("early", "e1", "1", "65000");

        OrderView taker = m.buy("taker", "t1", "1", "65100");

        assertThat(taker.fills()).singleElement().satisfies(f -> assertThat(f.price()).isEqualByComparingTo("65000"));
    }

    @Test
    void bookSnapshotShowsBestPricesFirstWithTotalsPerLevel() {
        m.sell("early", "a1", "1", "65010");
        m.sell("late", "a2", "0.5", "65000");
        m.sell("early", "a3", "0.25", "65000");
        m.buy("taker", "b1", "2", "64990");

        OrderBook book = m.engine.book(SYMBOL, 10);

        assertThat(book.asks()).extracting(l -> l.price().toPlainString(), l -> l.quantity().stripTrailingZeros().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("65000.00", "0.75"),
                        org.assertj.core.groups.Tuple.tuple("65010.00", "1"));
        assertThat(book.bestBid()).isEqualByComparingTo("64990");
    }
}
