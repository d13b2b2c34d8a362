package io.nija.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A scheduler for deterministic simulations: tasks run only when {@link #advance} moves the manual clock
 * past their due time, in due-time order (ties in submission order), on the caller's thread.
 */
public final class ManualScheduler implements Scheduler {
    private record Due(Instant at, long seq, Runnable task) { }

    private final ManualClock clock;
    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> {
        int c = a.at.compareTo(b.at);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long seq;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        queue.add(new Due(clock.now().plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task));
    }

    /** Moves time forward by {@code d}, running every task that falls due on the way. */
    public void advance(Duration d) {
        Instant end = clock.now().plus(d);
        while (true) {
            Due next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at.isAfter(end)) {
                    break;
                }
                queue.poll();
            }
            Duration step = Duration.between(clock.now(), next.at);
            if (!step.isNegative()) {
                clock.advance(step);
            }
            next.task.run();
        }
        Duration rest = Duration.between(clock.now(), end);
        if (!rest.isNegative()) {
            clock.advance(rest);
        }
    }

    public synchronized int pending() {
        return queue.size();
    }
}
