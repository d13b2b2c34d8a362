package io.nija.core.execution;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A venue executor's queue: strict priority between classes (resolve 0, stop loss 1, exit 2, entry 3,
 * other 4), and round robin across users inside a class, FIFO within one user. A user with 10 000 queued
 * entries therefore delays another user's entry by at most one turn per active user (deficit round robin
 * with a quantum of one task).
 *
 * <p>Insertion and removal are O(1): no re-sorting on insert, no polling.
 */
public final class FairOrderQueue {
    static final int PRIORITY_CLASSES = 5;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final PriorityClass[] classes = new PriorityClass[PRIORITY_CLASSES];
    private int size;

    public FairOrderQueue() {
        for (int i = 0; i < PRIORITY_CLASSES; i++) {
            classes[i] = new PriorityClass();
        }
    }

    public void add(ExecutionTask task) {
        int p = Math.max(0, Math.min(PRIORITY_CLASSES - 1, task.priority()));
        lock.lock();
        try {
            classes[p].add(task);
            size++;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The next task in fair order, or null if none arrives within the timeout. */
    public ExecutionTask poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (size == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return takeLocked();
        } finally {
            lock.unlock();
        }
    }

    /** The next task, or null when empty; never blocks. */
    public ExecutionTask poll() {
        lock.lock();
        try {
            return size == 0 ? null : takeLocked();
        } finally {
            lock.unlock();
        }
    }

    private ExecutionTask takeLocked() {
        for (PriorityClass c : classes) {
            ExecutionTask t = c.next();
            if (t != null) {
                size--;
                return t;
            }
        }
        throw new IllegalStateException("queue size " + size + " but every class is empty");
    }

    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** One priority class: a FIFO per user and a ring of the users that have work. */
    private static final class PriorityClass {
        private final Map<String, ArrayDeque<ExecutionTask>> byUser = new HashMap<>();
        private final ArrayDeque<String> turn = new ArrayDeque<>();

        void add(ExecutionTask t) {
            ArrayDeque<ExecutionTask> q = byUser.get(t.userId());
            if (q == null) {
                q = new ArrayDeque<>(4);
                byUser.put(t.userId(), q);
                turn.addLast(t.userId());
            }
            q.addLast(t);
        }

        ExecutionTask next() {
            String user = turn.pollFirst();
            if (user == null) {
                return null;
            }
            ArrayDeque<ExecutionTask> q = byUser.get(user);
            ExecutionTask t = q.pollFirst();
            if (q.isEmpty()) {
                byUser.remove(user);
            } else {
                turn.addLast(user);
            }
            return t;
        }
    }
}
