package io.nija.core.time;

import java.time.Instant;

/**
 * The only source of time in the domain. Production uses {@link SystemClock}; tests and deterministic
 * simulations use {@link ManualClock} so every run is reproducible.
 */
public interface Clock {
    /** Wall-clock time, used for timestamps that are stored or shown. */
    Instant now();

    /** Monotonic nanoseconds, used only to measure durations such as venue latency. */
    long nanoTime();

    default long epochMillis() {
        return now().toEpochMilli();
    }
}
