package io.nija.core.time;

import java.time.Instant;

/** The real clock. Stateless, so one instance may be shared freely. */
public final class SystemClock implements Clock {
    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
