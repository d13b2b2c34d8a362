package io.nija.venues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.time.ManualClock;
import io.nija.core.venue.Venue;
import io.nija.venues.alpaca.AlpacaVenue;
import io.nija.venues.okx.OkxVenue;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VenueAdaptersTest {
    final ManualClock clock = Fixtures.clock();

    @ParameterizedTest
    @ValueSource(strings = {"binance", "kraken", "coinbase", "alpaca", "okx", "bybit"})
    void defaultIsTheSimulatorOnLoopbackAndNeedsNoFlag(String name) {
        VenueConfig config = VenueConfig.defaults(name);
        assertThat(config.isLive()).isFalse();
        assertThat(config.baseUrl().getHost()).isEqualTo("127.0.0.1");
        // The contract's standalone simulator: one port per dialect from 9100, in the order of VenueAdapters.NAMES.
        assertThat(config.baseUrl().getPort()).isEqualTo(9100 + VenueAdapters.NAMES.indexOf(name));
        assertThat(config.baseUrl().getPath()).isEqualTo("/");
        Venue v = VenueAdapters.create(config, clock);
        assertThat(v.name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance", "kraken", "coinbase", "alpaca", "okx", "bybit"})
    void productionIsRefusedWithoutTheLiveFlag(String name) {
        VenueConfig config = VenueConfig.production(name, false);
        assertThat(config.isLive()).isTrue();
        assertThatThrownBy(() -> VenueAdapters.create(config, clock)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("liveTradingEnabled");
        assertThat(VenueAdapters.create(VenueConfig.production(name, true), clock).name()).isEqualTo(name);
        // The plain factory call never enables live trading.
        assertThatThrownBy(() -> VenueAdapters.create(name, config.baseUrl(), clock, Fixtures.FAST))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance", "coinbase", "alpaca", "okx", "bybit"})
    void sandboxesAreNotLive(String name) {
        VenueConfig config = VenueConfig.sandbox(name);
        assertThat(config.isLive()).isFalse();
        assertThat(VenueAdapters.create(config, clock).name()).isEqualTo(name);
    }

    @Test
    void krakenHasNoSpotSandbox() {
        assertThatThrownBy(() -> VenueConfig.sandbox("kraken")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownHostsCountAsLiveAndOkxDemoIsNot() {
        assertThatThrownBy(() -> VenueAdapters.create("bybit", URI.create("https://api.bybit.eu"), clock, Fixtures.FAST))
                .isInstanceOf(IllegalStateException.class);
        assertThat(VenueConfig.sandbox("okx").demoTrading()).isTrue();
        assertThat(VenueConfig.sandbox("okx").baseUrl()).isEqualTo(OkxVenue.PRODUCTION);
        assertThatThrownBy(() -> VenueAdapters.create(new VenueConfig("binance", URI.create("http://127.0.0.1:1"),
                null, false, true, null), clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void alpacaBooksComeFromTheMarketDataHostOutsideTheSimulator() {
        assertThat(VenueConfig.production("alpaca", true).marketDataUrl()).isEqualTo(AlpacaVenue.MARKET_DATA);
        assertThat(VenueConfig.sandbox("alpaca").marketDataUrl()).isEqualTo(AlpacaVenue.MARKET_DATA);
        assertThat(VenueConfig.defaults("alpaca").marketDataUrl()).isEqualTo(VenueConfig.defaults("alpaca").baseUrl());
    }

    @Test
    void unknownVenueIsRefused() {
        assertThatThrownBy(() -> VenueAdapters.create("ftx", URI.create("http://127.0.0.1:1"), clock, Fixtures.FAST))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
