package io.nija.sim.engine;

import static io.nija.sim.engine.TestMarket.SYMBOL;
import static io.nija.sim.engine.TestMarket.bd;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.Liquidity;
import io.nija.core.signal.Side;
import io.nija.core.venue.FeeSchedule;
import org.junit.jupiter.api.Test;

class FeeTest {
    private final TestMarket m = new TestMarket().account("maker", "0", "1").account("taker", "100000", "0");

    @Test
    void takerPaysTheTakerRateAndMakerTheMakerRateInTheQuoteAsset() {
        m.sell("maker", "a1", "0.5", "65000");

        OrderView taker = m.engine.place("taker", NewOrder.market(SYMBOL, "t1", Side.BUY, bd("0.5")));

        AccountFill takerFill = taker.fills().get(0);
        assertThat(takerFill.liquidity()).isEqualTo(Liquidity.TAKER);
        assertThat(takerFill.fee()).isEqualByComparingTo("65.0");       // 32500 x 0.002
        assertThat(takerFill.feeAsset()).isEqualTo("USDT");
        AccountFill makerFill = m.engine.fills("maker").get(0);
        assertThat(makerFill.liquidity()).isEqualTo(Liquidity.MAKER);
        assertThat(makerFill.fee()).isEqualByComparingTo("32.5");       // 32500 x 0.001
        assertThat(makerFill.tradeId()).isEqualTo(takerFill.tradeId());
        assertThat(makerFill.fillId()).isNotEqualTo(takerFill.fillId());

        assertThat(m.balance("taker", "USDT").available()).isEqualByComparingTo("67435");   // 100000 - 32500 - 65
        assertThat(m.balance("taker", "BTC").available()).isEqualByComparingTo("0.5");
        assertThat(m.balance("maker", "USDT").available()).isEqualByComparingTo("32467.5"); // 32500 - 32.5
        assertThat(m.balance("maker", "BTC").total()).isEqualByComparingTo("0.5");
        assertThat(m.engine.collectedFees()).containsOnlyKeys("USDT");
        assertThat(m.engine.collectedFees().get("USDT")).isEqualByComparingTo("97.5");
        assertThat(taker.fees()).isEqualByComparingTo("65");
    }

    @Test
    void aRestingBuyPaysItsMakerFeeOutOfWhatItLocked() {
        m.account("bidder", "70000", "0").account("seller", "0", "1");
        m.buy("bidder", "b1", "1", "65000");
        assertThat(m.balance("bidder", "USDT").locked()).isEqualByComparingTo("65065"); // 65000 + 0.1 % maker fee

        m.engine.place("seller", NewOrder.market(SYMBOL, "s1", Side.SELL, bd("1")));

        assertThat(m.balance("bidder", "USDT").locked()).isEqualByComparingTo("0");
        assertThat(m.balance("bidder", "USDT").available()).isEqualByComparingTo("4935");
        assertThat(m.balance("seller", "USDT").available()).isEqualByComparingTo("64870"); // 65000 - 130 taker fee
    }

    @Test
    void feesAreRoundedDownToEightDecimals() {
        m.sell("maker", "a1", "0.00011", "65432.17");

        OrderView taker = m.engine.place("taker", NewOrder.market(SYMBOL, "t1", Side.BUY, bd("0.00011")));

        // notional 7.1975387; x 0.002 = 0.0143950774 -> 0.01439507; x 0.001 = 0.0071975387 -> 0.00719753
        assertThat(taker.fills().get(0).fee()).isEqualByComparingTo("0.01439507");
        assertThat(m.engine.fills("maker").get(0).fee()).isEqualByComparingTo("0.00719753");
    }

    @Test
    void anAccountsOwnFeeScheduleOverridesTheVenueDefault() {
        m.engine.setFees("taker", new FeeSchedule(bd("0"), bd("0.0005")));
        m.sell("maker", "a1", "0.5", "65000");

        OrderView taker = m.engine.place("taker", NewOrder.market(SYMBOL, "t1", Side.BUY, bd("0.5")));

        assertThat(taker.fees()).isEqualByComparingTo("16.25");
        assertThat(m.engine.fees("taker").taker()).isEqualByComparingTo("0.0005");
    }
}
