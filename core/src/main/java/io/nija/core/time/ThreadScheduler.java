package io.nija.core.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The production scheduler: one small timer thread that hands each due task to a new virtual thread, so a
 * slow task never delays the timer.
 */
public final class ThreadScheduler implements Scheduler {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("nija-timer").factory());

    @Override
    public void schedule(Duration delay, Runnable task) {
        if (delay.isZero() || delay.isNegative()) {
            Thread.ofVirtual().start(task);
            return;
        }
        timer.schedule(() -> Thread.ofVirtual().start(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
