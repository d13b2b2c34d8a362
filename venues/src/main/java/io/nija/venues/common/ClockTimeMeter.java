package io.nija.venues.common;

import io.github.bucket4j.TimeMeter;
import io.nija.core.time.Clock;
import java.time.Instant;

/**
 * Bucket4j time from the domain clock, so limits refill with a {@code ManualClock} in tests and simulations.
 * Wall-clock based, because exchange windows are aligned to wall-clock boundaries (Binance counts per minute).
 */
final class ClockTimeMeter implements TimeMeter {
    private final Clock clock;

    ClockTimeMeter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeNanos() {
        Instant now = clock.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
