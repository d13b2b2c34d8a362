package io.nija.core.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SymbolMappingTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "binance,  BTC-USDT, BTCUSDT",
        "bybit,    BTC-USDT, BTCUSDT",
        "okx,      BTC-USDT, BTC-USDT",
        "coinbase, BTC-USD,  BTC-USD",
        "alpaca,   BTC-USD,  BTC/USD",
        "kraken,   BTC-USD,  XBTUSD",
        "kraken,   DOGE-USD, XDGUSD",
        "kraken,   ETH-USD,  ETHUSD",
        "kraken,   ETH-BTC,  ETHXBT",
        "Binance,  ETH-USDC, ETHUSDC",
        "OKX,      SOL-USDT, SOL-USDT",
        "other,    BTC-USD,  BTC-USD",
    })
    void eachVenueSpellsAPairItsOwnWay(String venue, String pair, String symbol) {
        assertThat(SymbolMapping.venueSymbol(venue, Pair.parse(pair))).isEqualTo(symbol);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "BTCUSD,          BTC-USD",
        "BTCUSDT,         BTC-USD",
        "BINANCE:BTCUSDT, BTC-USD",
        "BTC-USD,         BTC-USD",
        "XBTUSD,          BTC-USD",
        "KRAKEN:XBTUSD,   BTC-USD",
        "BTC/USD,         BTC-USD",
        "btcusdc,         BTC-USD",
        "BTC_USDT,        BTC-USD",
        "ETHUSD,          ETH-USD",
        "ETHBTC,          ETH-BTC",
        "XDGUSD,          DOGE-USD",
        "SOLEUR,          SOL-EUR",
        "' ethusdt ',     ETH-USD",
    })
    void tradingViewTickersBecomeCanonicalPairs(String ticker, String pair) {
        assertThat(SymbolMapping.fromTicker(ticker)).isEqualTo(Pair.parse(pair));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "FOO", "USD", "XUSD", "BTCJPY", "BINANCE:"})
    void tickersWithoutAKnownQuoteAreRefused(String ticker) {
        assertThatThrownBy(() -> SymbolMapping.fromTicker(ticker)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stablecoinQuotesAreTheSameMarketAsUsd() {
        assertThat(SymbolMapping.canonical(Pair.parse("BTC-USDT"))).isEqualTo(Pair.parse("BTC-USD"));
        assertThat(SymbolMapping.canonical(Pair.parse("BTC-USDC"))).isEqualTo(Pair.parse("BTC-USD"));
        assertThat(SymbolMapping.canonical(Pair.parse("ETH-BTC"))).isEqualTo(Pair.parse("ETH-BTC"));
    }

    @Test
    void pairsParseCaseInsensitivelyAndPrintCanonically() {
        assertThat(Pair.parse(" btc-usd ")).isEqualTo(new Pair("BTC", "USD"));
        assertThat(new Pair("BTC", "USD")).hasToString("BTC-USD");
        assertThatThrownBy(() -> new Pair("btc", "USD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pair.parse("BTCUSD")).isInstanceOf(IllegalArgumentException.class);
    }
}
