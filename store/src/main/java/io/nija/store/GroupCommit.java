package io.nija.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Group commit: callers that write at the same moment share one transaction, so a burst pays one commit (one WAL
 * flush) per batch instead of one per caller, and holds one connection instead of one each. Each caller still
 * returns only once its own item is committed, so durability is unchanged.
 *
 * <p>One writer thread takes what is queued (up to {@code maxBatch}) and hands it to {@code writeBatch}, which
 * writes it in one transaction and answers one result per item, in order. If a batch fails, each of its items is
 * written again alone, so one bad item fails only its own caller.
 */
final class GroupCommit<I, O> implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GroupCommit.class);
    private record Pending<I, O>(I item, CompletableFuture<O> done) {
    }

    private final String name;
    private final int maxBatch;
    private final Function<List<I>, List<O>> writeBatch;
    private record Later<I, O>(Pending<I, O> pending, long queuedAt) {
    }

    /** How long an item queued by {@link #writeLater} waits for a waited write to ride with: 1 s. */
    static final long LATER_LINGER_NANOS = 1_000_000_000L;
    private final long laterLingerNanos;

    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Later<I, O>> later =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread writer;
    private volatile boolean open = true;

    GroupCommit(String name, int maxBatch, Function<List<I>, List<O>> writeBatch) {
        this(name, maxBatch, writeBatch, LATER_LINGER_NANOS);
    }

    GroupCommit(String name, int maxBatch, Function<List<I>, List<O>> writeBatch, long laterLingerNanos) {
        this.laterLingerNanos = laterLingerNanos;
        this.name = name;
        this.maxBatch = maxBatch;
        this.writeBatch = writeBatch;
        this.writer = Thread.ofVirtual().name(name).start(this::writeLoop);
    }

    /** Writes {@code item} with whatever else is queued and returns its result once the transaction committed. */
    O write(I item) {
        if (!open) {
            throw new IllegalStateException(name + " is closed");
        }
        CompletableFuture<O> done = new CompletableFuture<>();
        queue.add(new Pending<>(item, done));
        try {
            return done.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, ex);
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    /**
     * Queues {@code item} for the next transaction and returns at once, for a write nobody must wait for; a failure is
     * logged. It rides with the next {@link #write} (so it commits with or before any item queued after it) and is
     * written alone only after {@link #LATER_LINGER_NANOS} without one: a burst pays no transaction of its own for it.
     */
    void writeLater(I item) {
        if (!open) {
            throw new IllegalStateException(name + " is closed");
        }
        CompletableFuture<O> done = new CompletableFuture<>();
        done.whenComplete((r, ex) -> {
            if (ex != null) {
                LOG.warn("{}: a queued write failed: {}", name, ex.toString());
            }
        });
        later.add(new Later<>(new Pending<>(item, done), System.nanoTime()));
    }

    private void writeLoop() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (open || !queue.isEmpty() || !later.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(200, TimeUnit.MILLISECONDS);
                Later<I, O> oldest = later.peek();
                boolean laterDue = oldest != null
                        && (!open || System.nanoTime() - oldest.queuedAt() >= laterLingerNanos);
                if (first == null && !laterDue) {
                    continue;
                }
                // Queued-later items first: each was queued before the waited item that carries it.
                for (Later<I, O> l; batch.size() < maxBatch - 1 && (l = later.poll()) != null; ) {
                    batch.add(l.pending());
                }
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - batch.size());
                }
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } catch (InterruptedException ex) {
                if (!open) {
                    continue;
                }
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending<I, O>> batch) {
        try {
            List<O> results = writeBatch.apply(batch.stream().map(Pending::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(results.get(i));
            }
        } catch (RuntimeException | Error ex) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(ex);
                return;
            }
            // The transaction rolled back as a whole: give every item its own, so only the bad one fails.
            for (Pending<I, O> p : batch) {
                try {
                    p.done().complete(writeBatch.apply(List.of(p.item())).get(0));
                } catch (RuntimeException one) {
                    p.done().completeExceptionally(one);
                }
            }
        }
    }

    /** Items waiting for the next transaction. */
    int queued() {
        return queue.size() + later.size();
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        open = false;
        try {
            writer.join(java.time.Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
