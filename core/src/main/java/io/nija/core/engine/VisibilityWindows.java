package io.nija.core.engine;

import java.time.Duration;
import java.util.Map;

/**
 * How long each venue may not show an order it has accepted. Exchanges read orders from stores that lag the
 * matching engine: Binance's order queries have answered "order does not exist" for tens of seconds after a
 * place, Kraken's REST reads trail its engine by up to a minute, Bybit documents its history reads as delayed.
 * A leg whose send went unanswered is taken to be absent (and may be sent again) only after the venue has
 * not known it for longer than this, counted from the moment its fate became unknown.
 *
 * <p>The defaults cover the lags reported for each venue in normal operation (Binance and Kraken reads a few
 * seconds to some twenty seconds behind, the others less); rare incidents of a minute and more are longer than any
 * window a trader would wait for. A deployment sets its own per venue. Only a leg whose send went unanswered and
 * whose order the venue does not show waits this long; every other leg is unaffected.
 */
public record VisibilityWindows(Duration fallback, Map<String, Duration> perVenue) {
    public VisibilityWindows {
        perVenue = Map.copyOf(perVenue);
        if (fallback.isNegative() || perVenue.values().stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("visibility windows must not be negative");
        }
    }

    public static VisibilityWindows defaults() {
        return new VisibilityWindows(Duration.ofSeconds(15), Map.of(
                "binance", Duration.ofSeconds(30),
                "kraken", Duration.ofSeconds(30),
                "bybit", Duration.ofSeconds(20),
                "okx", Duration.ofSeconds(15),
                "coinbase", Duration.ofSeconds(15),
                "alpaca", Duration.ofSeconds(15)));
    }

    /** The same window on every venue. */
    public static VisibilityWindows uniform(Duration window) {
        return new VisibilityWindows(window, Map.of());
    }

    public Duration of(String venue) {
        return perVenue.getOrDefault(venue, fallback);
    }
}
