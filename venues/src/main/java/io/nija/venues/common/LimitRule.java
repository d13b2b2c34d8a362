package io.nija.venues.common;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit as an exchange documents it: {@code capacity} units per {@code period}, counted per {@link LimitScope}.
 *
 * @param decaying true for counters that drain continuously (Kraken's call counter decays by a fixed amount per
 *                 second); false for fixed windows that reset at once (Binance's per-minute weight, OKX's 2-second
 *                 windows, Bybit's per-second limits), which are aligned to the clock like the exchange's own
 */
public record LimitRule(String name, LimitScope scope, long capacity, Duration period, boolean decaying) {
    public LimitRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(period, "period");
        if (capacity <= 0 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a limit needs a positive capacity and period");
        }
    }

    public static LimitRule window(String name, LimitScope scope, long capacity, Duration period) {
        return new LimitRule(name, scope, capacity, period, false);
    }

    /**
     * A counter with maximum {@code max} that decays by {@code decayPerSecond}; modelled as a bucket of {@code max}
     * tokens refilled continuously at that rate. {@code decayPerSecond} may be fractional (Kraken Starter: 0.33/s).
     */
    public static LimitRule decaying(String name, LimitScope scope, long max, double decayPerSecond) {
        // Express the decay as max tokens per (max / rate) seconds, in nanoseconds so fractional rates stay exact enough.
        long nanos = Math.round(max / decayPerSecond * 1_000_000_000d);
        return new LimitRule(name, scope, max, Duration.ofNanos(nanos), true);
    }
}
