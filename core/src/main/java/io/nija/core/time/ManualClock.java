package io.nija.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when told to; the basis of deterministic tests and simulations. */
public final class ManualClock implements Clock {
    private final AtomicLong epochNanos;

    public ManualClock(Instant start) {
        this.epochNanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    }

    @Override
    public Instant now() {
        long n = epochNanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    @Override
    public long nanoTime() {
        return epochNanos.get();
    }

    public void advance(Duration d) {
        epochNanos.addAndGet(d.toNanos());
    }
}
