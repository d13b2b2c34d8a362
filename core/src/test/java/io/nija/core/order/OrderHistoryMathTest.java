package io.nija.core.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderHistoryMathTest {
    static final Instant T0 = Instant.parse("2025-01-06T12:00:00Z");
    static final Instrument BTC = new Instrument("binance", Pair.parse("BTC-USD"), "BTCUSDT", new BigDecimal("0.01"),
            new BigDecimal("0.00001"), new BigDecimal("0.00001"), new BigDecimal("5"));

    private static Order filled(Side side, String price, Fill... fills) {
        Order o = new Order("o1", "s1", "u1", BTC.pair(), side, SignalType.ENTRY, new BigDecimal("1000"), T0, "st");
        OrderLeg leg = new OrderLeg("o1-0", 0, BTC, OrderType.IOC, new BigDecimal("0.02"), new BigDecimal(price), null, "c1");
        o.routed(ExecutionMethod.LIMIT, "test", List.of(leg));
        leg.moveTo(OrderStatus.EXECUTING, null);
        for (Fill f : fills) {
            leg.applyFill(f);
        }
        return o;
    }

    private static Fill fill(String id, String qty, String price, String fee, String asset) {
        return new Fill(id, "binance", new BigDecimal(qty), new BigDecimal(price), new BigDecimal(fee), asset,
                Liquidity.TAKER, T0);
    }

    @Test
    void slippageIsPositiveWhenWorseForTheTraderOnEitherSide() {
        Order buy = filled(Side.BUY, "50100", fill("f1", "0.02", "50010", "1", "USD"));
        buy.recordArrivalMid(new BigDecimal("50000"));
        assertThat(buy.slippageBps()).isEqualByComparingTo("2"); // paid 10 over a 50 000 mid

        Order sell = filled(Side.SELL, "49900", fill("f1", "0.02", "49990", "1", "USD"));
        sell.recordArrivalMid(new BigDecimal("50000"));
        assertThat(sell.slippageBps()).isEqualByComparingTo("2"); // got 10 under

        Order better = filled(Side.BUY, "50100", fill("f1", "0.02", "49990", "1", "USD"));
        better.recordArrivalMid(new BigDecimal("50000"));
        assertThat(better.slippageBps()).isEqualByComparingTo("-2");
    }

    @Test
    void theExpectedPriceIsSetAgainstTheArrivalMidLikeTheRealisedOneAndTheFirstStays() {
        Order buy = filled(Side.BUY, "50100", fill("f1", "0.02", "50010", "1", "USD"));
        buy.recordArrivalMid(new BigDecimal("50000"));
        assertThat(buy.expectedSlippageBps()).isNull();
        buy.recordExpectedPrice(new BigDecimal("50005"));
        buy.recordExpectedPrice(new BigDecimal("50500")); // a failover's route does not replace the first plan
        assertThat(buy.expectedPrice()).isEqualByComparingTo("50005");
        assertThat(buy.expectedSlippageBps()).isEqualByComparingTo("1");
        assertThat(buy.slippageBps()).isEqualByComparingTo("2"); // execution added 1 bps to the plan

        Order sell = filled(Side.SELL, "49900");
        sell.recordArrivalMid(new BigDecimal("50000"));
        sell.recordExpectedPrice(new BigDecimal("49995"));
        assertThat(sell.expectedSlippageBps()).isEqualByComparingTo("1");
    }

    @Test
    void slippageIsNullUntilFilledAndTheFirstArrivalMidStays() {
        Order o = filled(Side.BUY, "50100");
        o.recordArrivalMid(new BigDecimal("50000"));
        o.recordArrivalMid(new BigDecimal("51000"));
        assertThat(o.arrivalMid()).isEqualByComparingTo("50000");
        assertThat(o.slippageBps()).isNull();
    }

    @Test
    void feesInUsdValueABaseAssetFeeAtItsFillPriceAndIgnoreAThirdAsset() {
        Order o = filled(Side.BUY, "50100",
                fill("f1", "0.01", "50000", "0.5", "USD"),
                fill("f2", "0.005", "50000", "0.00001", "BTC"),
                fill("f3", "0.005", "50000", "0.01", "BNB"));
        assertThat(o.feesUsd()).isEqualByComparingTo("1"); // 0.5 + 0.00001 × 50 000
    }
}
