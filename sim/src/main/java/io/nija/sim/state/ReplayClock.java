package io.nija.sim.state;

import io.nija.core.time.Clock;
import java.time.Instant;

/**
 * The simulator's clock: the real one, except while the journal is replayed, when it reads the time each command was
 * first carried out at — so replayed orders and fills keep their original timestamps.
 */
final class ReplayClock implements Clock {
    private final Clock delegate;
    private volatile Instant pinned;

    ReplayClock(Clock delegate) {
        this.delegate = delegate;
    }

    void pin(Instant at) {
        this.pinned = at;
    }

    void release() {
        this.pinned = null;
    }

    @Override
    public Instant now() {
        Instant p = pinned;
        return p != null ? p : delegate.now();
    }

    @Override
    public long nanoTime() {
        return delegate.nanoTime();
    }
}
