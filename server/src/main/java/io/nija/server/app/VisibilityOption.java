package io.nija.server.app;

import io.nija.core.engine.VisibilityWindows;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code --visibility-window} values: {@code 3s} or {@code 2500ms} for every venue, {@code binance=30s} for
 * one. Later values win. Unknown venue names and bad durations are refused with a message naming them.
 */
public final class VisibilityOption {
    public static final String ENV = "NIJA_VISIBILITY_WINDOW";
    private static final Set<String> VENUES = Set.of("binance", "kraken", "coinbase", "alpaca", "okx", "bybit");

    private VisibilityOption() {
    }

    /** The windows the values describe on top of the defaults; null when there are no values. */
    public static VisibilityWindows parse(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        VisibilityWindows defaults = VisibilityWindows.defaults();
        Duration fallback = defaults.fallback();
        Map<String, Duration> perVenue = new LinkedHashMap<>(defaults.perVenue());
        for (String raw : values) {
            for (String item : raw.split(",")) {
                String v = item.trim();
                if (v.isEmpty()) {
                    continue;
                }
                int eq = v.indexOf('=');
                if (eq < 0) {
                    fallback = duration(v);
                    perVenue.clear();
                    continue;
                }
                String venue = v.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (!VENUES.contains(venue)) {
                    throw new IllegalArgumentException("unknown venue '" + venue + "' in visibility window '" + v
                            + "'; venues: " + String.join(", ", VENUES.stream().sorted().toList()));
                }
                perVenue.put(venue, duration(v.substring(eq + 1)));
            }
        }
        return new VisibilityWindows(fallback, perVenue);
    }

    /** {@code 3s}, {@code 2.5s}, {@code 2500ms}; a bare number is milliseconds. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            BigDecimal millis;
            if (t.endsWith("ms")) {
                millis = new BigDecimal(t.substring(0, t.length() - 2).trim());
            } else if (t.endsWith("s")) {
                millis = new BigDecimal(t.substring(0, t.length() - 1).trim()).movePointRight(3);
            } else {
                millis = new BigDecimal(t);
            }
            if (millis.signum() < 0) {
                throw new IllegalArgumentException("a visibility window must not be negative: '" + text + "'");
            }
            return Duration.ofMillis(millis.longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 3s or 2500ms)");
        }
    }
}
