package io.nija.venues.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.time.SystemClock;
import io.nija.venues.VenueAdapters;
import io.nija.venues.common.HttpTimeouts;
import io.nija.venues.okx.OkxVenue;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where each venue's streams are, for the simulator on loopback and for the exchanges themselves. */
class VenueStreamsTest {
    private static final HttpTimeouts T = new HttpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));

    @ParameterizedTest
    @ValueSource(strings = {"binance", "kraken", "coinbase", "alpaca", "okx", "bybit"})
    void everyVenueHasAPrivateStreamOnTheSimulatorsOwnPort(String venue) {
        URI sim = URI.create("http://127.0.0.1:9123");
        var adapter = VenueAdapters.create(venue, sim, new SystemClock(), T);
        var dialect = VenueStreams.privateStream(venue, sim, adapter).orElseThrow();
        assertThat(dialect.venue()).isEqualTo(venue);
        assertThat(VenueStreams.streamBase(venue, sim)).contains(URI.create("ws://127.0.0.1:9123"));
        assertThat(VenueStreams.bookStream(venue, sim).orElseThrow().venue()).isEqualTo(venue);
    }

    @Test
    void privateChannelsOnTheirOwnHostsWhereTheExchangeHasOne() {
        var clock = new SystemClock();
        assertThat(VenueStreams.privateHost("kraken", URI.create("https://api.kraken.com"), null))
                .contains(URI.create("wss://ws-auth.kraken.com"));
        assertThat(VenueStreams.privateHost("coinbase", URI.create("https://api.coinbase.com"), null))
                .contains(URI.create("wss://advanced-trade-ws-user.coinbase.com"));
        URI okx = URI.create("https://www.okx.com");
        assertThat(VenueStreams.privateHost("okx", okx, new OkxVenue(okx, clock, T, true)))
                .contains(URI.create("wss://wspap.okx.com:8443"));
        assertThat(VenueStreams.privateHost("okx", okx, new OkxVenue(okx, clock, T, false)))
                .contains(URI.create("wss://ws.okx.com:8443"));
        assertThat(VenueStreams.streamBase("kraken", URI.create("https://api.kraken.com")))
                .contains(URI.create("wss://ws.kraken.com"));
        assertThat(VenueStreams.streamBase("alpaca", URI.create("https://paper-api.alpaca.markets")))
                .contains(URI.create("wss://paper-api.alpaca.markets"));
        assertThat(VenueStreams.privateHost("binance", URI.create("https://api.binance.com"), null)).isEmpty();
    }

    @Test
    void okxBooksStreamFromTheHostOfTheAdaptersTradingMode() {
        var clock = new SystemClock();
        URI okx = URI.create("https://www.okx.com");
        var instrument = new io.nija.core.instrument.Instrument("okx",
                new io.nija.core.instrument.Pair("BTC", "USDT"), "BTC-USDT", java.math.BigDecimal.ONE,
                java.math.BigDecimal.ONE, java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO);
        assertThat(VenueStreams.bookStream("okx", okx, new OkxVenue(okx, clock, T, true), java.util.Map.of())
                .orElseThrow().connectUri(instrument)).isEqualTo(URI.create("wss://wspap.okx.com:8443/ws/v5/public"));
        assertThat(VenueStreams.bookStream("okx", okx, new OkxVenue(okx, clock, T, false), java.util.Map.of())
                .orElseThrow().connectUri(instrument)).isEqualTo(URI.create("wss://ws.okx.com:8443/ws/v5/public"));
        assertThat(VenueStreams.bookStream("okx", okx)).as("no adapter: demo or production unknown").isEmpty();
    }

    @Test
    void alpacaBooksStreamFromTheMarketDataHostOnlyWithDataKeys() {
        var instrument = new io.nija.core.instrument.Instrument("alpaca",
                new io.nija.core.instrument.Pair("BTC", "USD"), "BTC/USD", java.math.BigDecimal.ONE,
                java.math.BigDecimal.ONE, java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO);
        URI paper = URI.create("https://paper-api.alpaca.markets");
        var keys = java.util.Map.of(VenueStreams.ALPACA_DATA_KEY, "K", VenueStreams.ALPACA_DATA_SECRET, "S");
        var dialect = VenueStreams.bookStream("alpaca", paper, null, keys).orElseThrow();
        assertThat(dialect.connectUri(instrument))
                .isEqualTo(URI.create("wss://stream.data.alpaca.markets/v1beta3/crypto/us"));
        assertThat(dialect.subscribe(instrument)).containsExactly("{\"action\":\"auth\",\"key\":\"K\",\"secret\":\"S\"}",
                "{\"action\":\"subscribe\",\"orderbooks\":[\"BTC/USD\"]}");
        assertThat(VenueStreams.bookStream("alpaca", paper, null, java.util.Map.of())).as("no keys: REST").isEmpty();
        assertThat(VenueStreams.bookStream("alpaca", URI.create("https://alpaca.example"), null, keys)).isEmpty();
    }
}
