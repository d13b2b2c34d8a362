package io.nija.venues.stream;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one venue's private streams, for metrics and tests. */
public final class StreamStats {
    final AtomicLong events = new AtomicLong();
    final AtomicLong connects = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong catchUps = new AtomicLong();
    final AtomicLong stalls = new AtomicLong();

    /** Order events handed to the engine. */
    public long events() {
        return events.get();
    }

    /** Times a stream came up (each followed by a REST catch-up). */
    public long catchUps() {
        return catchUps.get();
    }

    public long disconnects() {
        return disconnects.get();
    }

    /** Streams dropped because REST showed fills they never pushed. */
    public long stalls() {
        return stalls.get();
    }
}
