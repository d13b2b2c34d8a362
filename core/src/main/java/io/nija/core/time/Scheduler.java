package io.nija.core.time;

import java.time.Duration;

/**
 * Runs work later: TWAP slices, backoff before asking a venue again, re-queueing after a rate limit.
 * Production uses {@link ThreadScheduler}; deterministic tests use a scheduler driven by a manual clock.
 */
public interface Scheduler extends AutoCloseable {
    void schedule(Duration delay, Runnable task);

    @Override
    default void close() {
    }
}
