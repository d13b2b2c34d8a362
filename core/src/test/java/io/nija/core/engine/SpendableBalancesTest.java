package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The asset an order spends is found under each venue's own name for it. */
class SpendableBalancesTest {
    @Test
    void theQuoteIsTheAssetTheSymbolEndsWithAndTheBaseTheOneItStartsWith() {
        Map<String, BigDecimal> binance = Map.of("USDT", new BigDecimal("100"), "BTC", new BigDecimal("2"),
                "USDC", new BigDecimal("7"));
        assertThat(SpendableBalances.assetOf(binance, "BTCUSDT", true)).isEqualByComparingTo("100");
        assertThat(SpendableBalances.assetOf(binance, "BTCUSDT", false)).isEqualByComparingTo("2");
        Map<String, BigDecimal> kraken = Map.of("ZUSD", new BigDecimal("50"), "XXBT", new BigDecimal("1.5"));
        assertThat(SpendableBalances.assetOf(kraken, "XBTUSD", true)).isEqualByComparingTo("50");
        assertThat(SpendableBalances.assetOf(kraken, "XBT/USD", false)).isEqualByComparingTo("1.5");
        assertThat(SpendableBalances.assetOf(Map.of("USD", BigDecimal.TEN), "BTC-USD", true)).isEqualByComparingTo("10");
        assertThat(SpendableBalances.assetOf(Map.of("EUR", BigDecimal.TEN), "BTC-USD", true)).isNull();
    }
}
