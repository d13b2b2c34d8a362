package io.nija.venues.stream;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one venue's private streams, for metrics and tests. */
public final class StreamStats {
    final AtomicLong events = new AtomicLong();
    final AtomicLong connects = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong catchUps = new AtomicLong();
    final AtomicLong stalls = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();

    /** Book updates found missing by their sequence numbers (each forced a resync). */
    public long gaps() {
        return gaps.get();
    }

    /** Order events handed to the engine (private streams), or book messages applied (book streams). */
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

    /**
     * Streams dropped because REST showed what they never pushed: fills (private streams), or a book that moved while
     * the stream applied no update (book streams).
     */
    public long stalls() {
        return stalls.get();
    }
}
