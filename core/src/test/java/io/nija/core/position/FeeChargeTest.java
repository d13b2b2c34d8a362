package io.nija.core.position;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.signal.Side;
import io.nija.core.testing.Markets;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FeeChargeTest {
    private final Instrument btc = Markets.btcUsd("binance");

    private Fill fill(String fee, String asset) {
        return new Fill("t1", "binance", new BigDecimal("0.02"), new BigDecimal("50000"), new BigDecimal(fee), asset,
                Liquidity.TAKER, Markets.T0);
    }

    @Test
    void aQuoteFeeCostsItsAmountAndLeavesTheQuantityAlone() {
        FeeCharge c = FeeCharge.of(fill("1", "USD"), btc, (a, q) -> null);
        assertThat(c.quoteValue()).isEqualByComparingTo("1");
        assertThat(c.positionQuantity(Side.BUY, new BigDecimal("0.02"))).isEqualByComparingTo("0.02");
    }

    @Test
    void aStablecoinFeeOnAUsdPairIsAQuoteFee() {
        FeeCharge c = FeeCharge.of(fill("1", "USDT"), btc, (a, q) -> null);
        assertThat(c.quoteValue()).isEqualByComparingTo("1");
        assertThat(c.baseQuantity()).isZero();
    }

    @Test
    void aBaseFeeIsTakenFromTheCoinsAndCostsItsValueAtTheFillPrice() {
        FeeCharge c = FeeCharge.of(fill("0.00002", "BTC"), btc, (a, q) -> null);
        assertThat(c.quoteValue()).isEqualByComparingTo("1");
        assertThat(c.positionQuantity(Side.BUY, new BigDecimal("0.02"))).isEqualByComparingTo("0.01998");
        assertThat(c.positionQuantity(Side.SELL, new BigDecimal("0.02"))).isEqualByComparingTo("0.02002");
    }

    @Test
    void aThirdAssetFeeIsValuedAtItsPriceAndNeverCountedAsQuote() {
        FeeCharge valued = FeeCharge.of(fill("0.0015", "BNB"), btc, (a, q) -> a.equals("BNB") ? new BigDecimal("600") : null);
        assertThat(valued.quoteValue()).isEqualByComparingTo("0.9");
        assertThat(valued.positionQuantity(Side.BUY, new BigDecimal("0.02"))).isEqualByComparingTo("0.02");
        FeeCharge unpriced = FeeCharge.of(fill("0.0015", "BNB"), btc, (a, q) -> null);
        assertThat(unpriced.quoteValue()).isEqualByComparingTo("0");
    }

    @Test
    void aPositionBoughtWithABaseFeeHoldsTheCoinsNetOfItAndSellingThemAllFlattensIt() {
        Position p = new Position("u1", "binance", Markets.BTC_USD);
        FeeCharge buy = FeeCharge.of(fill("0.00002", "BTC"), btc, (a, q) -> null);
        p.apply(Side.BUY, buy.positionQuantity(Side.BUY, new BigDecimal("0.02")), new BigDecimal("50000"), buy.quoteValue());
        assertThat(p.quantity()).isEqualByComparingTo("0.01998");
        p.apply(Side.SELL, new BigDecimal("0.01998"), new BigDecimal("50000"), BigDecimal.ZERO);
        assertThat(p.quantity()).isZero();
        assertThat(p.realizedPnl()).isEqualByComparingTo("-1");
    }

    @Test
    void aFeeInUsdtOnAUsdPairIsTheQuoteFeeForTheLegAndThePosition() {
        Fill usdt = fill("1", "USDT");
        assertThat(FeeCharge.of(usdt, btc, (a, q) -> null).quoteValue()).isEqualByComparingTo("1");
        assertThat(io.nija.core.order.OrderLeg.feeInQuote(usdt, btc)).isEqualByComparingTo("1");
        assertThat(io.nija.core.order.OrderLeg.feeInQuote(fill("0.0015", "BNB"), btc)).isEqualByComparingTo("0");
    }
}
