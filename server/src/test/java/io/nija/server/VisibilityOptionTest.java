package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.engine.VisibilityWindows;
import io.nija.server.app.VisibilityOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisibilityOptionTest {
    @Test
    void noValueKeepsTheDefaults() {
        assertThat(VisibilityOption.parse(null)).isNull();
        assertThat(VisibilityOption.parse(List.of())).isNull();
    }

    @Test
    void oneDurationSetsEveryVenueAndVenueValuesOverrideIt() {
        VisibilityWindows w = VisibilityOption.parse(List.of("3s", "binance=2500ms,kraken=4.5s"));
        assertThat(w.of("okx")).isEqualTo(Duration.ofSeconds(3));
        assertThat(w.of("bybit")).isEqualTo(Duration.ofSeconds(3));
        assertThat(w.of("binance")).isEqualTo(Duration.ofMillis(2500));
        assertThat(w.of("kraken")).isEqualTo(Duration.ofMillis(4500));
    }

    @Test
    void aVenueValueAloneChangesOnlyThatVenue() {
        VisibilityWindows w = VisibilityOption.parse(List.of("binance=5000"));
        assertThat(w.of("binance")).isEqualTo(Duration.ofSeconds(5));
        assertThat(w.of("kraken")).isEqualTo(VisibilityWindows.defaults().of("kraken"));
    }

    @Test
    void badValuesAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> VisibilityOption.parse(List.of("bitfinex=3s"))).hasMessageContaining("bitfinex");
        assertThatThrownBy(() -> VisibilityOption.parse(List.of("soon"))).hasMessageContaining("soon");
        assertThatThrownBy(() -> VisibilityOption.parse(List.of("-1s"))).hasMessageContaining("negative");
    }
}
