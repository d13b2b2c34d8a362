package io.nija.venues.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.testing.Cases;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FormatsTest {
    final Instrument btcUsdt = new Instrument("binance", Pair.parse("BTC-USD"), "BTCUSDT", new BigDecimal("0.01000000"),
            new BigDecimal("0.00001000"), new BigDecimal("0.00001"), new BigDecimal("5"));
    final Instrument wholeUnits = new Instrument("kraken", Pair.parse("SHIB-USD"), "SHIBUSD", new BigDecimal("0.00000001"),
            new BigDecimal("1"), BigDecimal.ONE, BigDecimal.ZERO);

    @Test
    void plainTextWithoutExponentOrTrailingZeros() {
        assertThat(Formats.price(btcUsdt, new BigDecimal("65000.10"))).isEqualTo("65000.1");
        assertThat(Formats.price(btcUsdt, new BigDecimal("6.5E+4"))).isEqualTo("65000");
        assertThat(Formats.quantity(btcUsdt, new BigDecimal("0.00100"))).isEqualTo("0.001");
        assertThat(Formats.quantity(wholeUnits, new BigDecimal("1E+7"))).isEqualTo("10000000");
        assertThat(Formats.price(wholeUnits, new BigDecimal("1.2E-7"))).isEqualTo("0.00000012");
    }

    @Test
    void offGridOrNonPositiveValuesAreRefused() {
        for (BigDecimal bad : List.of(new BigDecimal("65000.001"), BigDecimal.ZERO, new BigDecimal("-1"))) {
            assertThatThrownBy(() -> Formats.price(btcUsdt, bad)).isInstanceOfSatisfying(VenueException.class,
                    e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.INVALID_PRICE_OR_QTY));
        }
        Instrument halfTick = new Instrument("x", Pair.parse("BTC-USD"), "X", new BigDecimal("0.5"), BigDecimal.ONE,
                BigDecimal.ONE, BigDecimal.ZERO);
        assertThatThrownBy(() -> Formats.price(halfTick, new BigDecimal("10.3"))).isInstanceOf(VenueException.class);
        assertThat(Formats.price(halfTick, new BigDecimal("10.5"))).isEqualTo("10.5");
    }

    static LongStream gridSeeds() {
        return Cases.seeds(10001, 1000);
    }

    /** 1..Long.MAX_VALUE/2 lots of 0.00001: every magnitude from one lot to about 4.6e13 units. */
    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("gridSeeds")
    void anyGridValueRoundTripsExactly(long seed) {
        long steps = new Cases.Gen(seed).longBetween(1, Long.MAX_VALUE / 2);
        Cases.check(seed, steps + " steps", () -> {
            BigDecimal value = new BigDecimal("0.00001").multiply(BigDecimal.valueOf(steps));
            String text = Formats.quantity(btcUsdt, value);
            assertThat(text).doesNotContain("E").doesNotContain("e");
            assertThat(new BigDecimal(text)).isEqualByComparingTo(value);
        });
    }

    @Test
    void venueQuoteKeepsTheStablecoin() {
        assertThat(Pairs.venueQuote(btcUsdt)).isEqualTo("USDT");
        assertThat(Pairs.venueQuote(new Instrument("coinbase", Pair.parse("BTC-USD"), "BTC-USD", BigDecimal.ONE,
                BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO))).isEqualTo("USD");
        assertThat(Pairs.canonical("btc", "usdc")).get().hasToString("BTC-USD");
        assertThat(Pairs.canonical("BTC.D", "USD")).isEmpty();
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        assertThat(HttpFailures.retryAfter(reply("Retry-After", "7"), now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(HttpFailures.retryAfter(reply("Retry-After", "Sun, 01 Mar 2026 12:00:30 GMT"), now))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpFailures.retryAfter(reply("Retry-After", "soon"), now)).isNull();
        assertThat(HttpFailures.retryAfter(reply("X-Other", "1"), now)).isNull();
    }

    private static HttpReply reply(String name, String value) {
        return new HttpReply(429, HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true), "");
    }
}
