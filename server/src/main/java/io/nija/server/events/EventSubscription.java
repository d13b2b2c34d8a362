package io.nija.server.events;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Server-Sent Events client's queue. The engine's lanes only ever {@link #offer} (never blocks): when the
 * client reads too slowly and the queue is full, the oldest event is dropped and counted, and the stream tells the
 * client how many it missed ({@link #takeDropped}) so it can re-read GET /orders.
 */
public final class EventSubscription implements AutoCloseable {
    private final String userId;
    private final int capacity;
    private final ArrayDeque<OrderEvent> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Runnable onClose;
    private long dropped;
    private boolean closed;

    EventSubscription(String userId, int capacity, Runnable onClose) {
        this.userId = userId;
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(Math.min(capacity, 64));
        this.onClose = onClose;
    }

    /** The user whose events this client sees, or null for all users (the admin). */
    public String userId() {
        return userId;
    }

    boolean wants(OrderEvent e) {
        return userId == null || userId.equals(e.userId());
    }

    /** Adds an event; drops the oldest one when full. Returns false when this drop happened. */
    boolean offer(OrderEvent e) {
        lock.lock();
        try {
            if (closed) {
                return true;
            }
            boolean kept = true;
            if (queue.size() >= capacity) {
                queue.pollFirst();
                dropped++;
                kept = false;
            }
            queue.addLast(e);
            changed.signalAll();
            return kept;
        } finally {
            lock.unlock();
        }
    }

    /** The next event, waiting at most {@code timeoutMillis}; null on timeout, when closed, or when events were dropped. */
    public OrderEvent next(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (queue.isEmpty() && !closed && dropped == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return dropped > 0 ? null : queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Events dropped since the last call (the client was too slow), and resets the count. */
    public long takeDropped() {
        lock.lock();
        try {
            long d = dropped;
            dropped = 0;
            return d;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.run();
    }
}
