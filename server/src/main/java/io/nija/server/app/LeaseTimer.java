package io.nija.server.app;

import io.nija.core.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cluster member's timer. Lease renewals run on a platform thread of their own rather than on a virtual thread:
 * under heavy load the virtual threads queue for the few carrier threads behind request and lane work, and a renewal
 * late by more than the lease time would cost a healthy instance all its shards (seen with three instances on two
 * busy cores: renewals a minute apart). Work asked for at once (a sweep of stored orders) still gets a virtual thread,
 * so it never delays a renewal.
 */
final class LeaseTimer implements Scheduler {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = Thread.ofPlatform().daemon().name("nija-lease").unstarted(r);
        t.setPriority(Thread.MAX_PRIORITY);
        return t;
    });

    @Override
    public void schedule(Duration delay, Runnable task) {
        if (delay.isZero() || delay.isNegative()) {
            Thread.ofVirtual().start(task);
            return;
        }
        timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
