package io.nija.store;

import io.nija.core.store.AuditEvent;
import io.nija.core.store.AuditHash;
import io.nija.core.store.AuditRecord;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.statement.PreparedBatch;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * audit_log: append-only and hash-chained. Appends take an exclusive table lock (readers are not blocked)
 * for the few statements of their transaction, so rows are numbered 1, 2, 3... without gaps and each
 * row's prev_hash is the hash of the row before it: the chain is one line, never a tree.
 */
final class AuditLog implements AutoCloseable {
    private static final int MAX_BATCH = 512;

    /** An event waiting to be appended, and the caller waiting for its commit. */
    private record Pending(AuditEvent event, CompletableFuture<Void> committed) { }

    private final Jdbi jdbi;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean open = true;

    AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.writer = Thread.ofVirtual().name("audit-writer").start(this::writeLoop);
    }

    /**
     * Appends one event and returns once it is committed. Concurrent callers are grouped into one transaction
     * (group commit): the table lock that keeps the chain a single line is then taken once per batch instead of
     * once per event, so many threads appending at once do not queue up on it holding connections.
     */
    void append(AuditEvent event) {
        AuditEvent e = normalised(event);
        if (!open) {
            throw new IllegalStateException("the audit log is closed");
        }
        CompletableFuture<Void> committed = new CompletableFuture<>();
        queue.add(new Pending(e, committed));
        try {
            committed.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending to the audit log", ex);
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (open || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
                batch.forEach(p -> p.committed().complete(null));
            } catch (InterruptedException ex) {
                if (!open) {
                    continue;
                }
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException ex) {
                batch.forEach(p -> p.committed().completeExceptionally(ex));
            } finally {
                batch.clear();
            }
        }
    }

    /** The event as it is stored (times to the microsecond, text cleaned), so its hash is the stored row's. */
    static AuditEvent normalised(AuditEvent event) {
        Objects.requireNonNull(event.time(), "audit event time");
        return new AuditEvent(Sql.micros(event.time()), Sql.text(event.actor()), Sql.text(event.entityType()),
                Sql.text(event.entityId()), Sql.text(event.action()), Sql.text(event.detail()));
    }

    private void write(List<Pending> batch) {
        jdbi.useTransaction(h -> writeIn(h, batch.stream().map(Pending::event).toList()));
    }

    /**
     * Appends events inside the caller's transaction (signals store their "accepted" row with themselves). The table
     * lock is held to the end of that transaction, so the chain stays one line whoever appends.
     */
    static void writeIn(org.jdbi.v3.core.Handle h, List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        h.execute("LOCK TABLE audit_log IN EXCLUSIVE MODE");
        Optional<Tail> tail = h.createQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                .map((rs, ctx) -> new Tail(rs.getLong("seq"), rs.getString("hash")))
                .findOne();
        long seq = tail.map(t -> t.seq() + 1).orElse(1L);
        String prev = tail.map(Tail::hash).orElse(AuditHash.GENESIS);
        PreparedBatch insert = h.prepareBatch("""
                INSERT INTO audit_log (seq, time, actor, entity_type, entity_id, action, detail, prev_hash, hash)
                VALUES (:seq, :time, :actor, :entityType, :entityId, :action, :detail, :prev, :hash)""");
        for (AuditEvent e : events) {
            String hash = AuditHash.of(prev, seq, e);
            insert.bind("seq", seq)
                    .bind("time", Sql.ts(e.time()))
                    .bind("actor", e.actor())
                    .bind("entityType", e.entityType())
                    .bind("entityId", e.entityId())
                    .bind("action", e.action())
                    .bind("detail", e.detail())
                    .bind("prev", prev)
                    .bind("hash", hash)
                    .add();
            prev = hash;
            seq++;
        }
        insert.execute();
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

    List<AuditEvent> recent(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT seq, time, actor, entity_type, entity_id, action, detail, prev_hash, hash
                        FROM audit_log ORDER BY seq DESC LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> Row.of(rs).event())
                .list());
    }

    /**
     * Walks the whole log in order and returns the sequence number of the first row that does not fit:
     * a wrong number (a row deleted or inserted), a prev_hash that is not the previous row's hash, or a
     * hash that does not match the row's contents. Empty when the chain is intact. Removing rows from the
     * end is not visible from inside the log; anchor the latest hash elsewhere to catch that.
     */
    OptionalLong verify() {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            try (ResultIterator<Row> rows = h.createQuery("""
                            SELECT seq, time, actor, entity_type, entity_id, action, detail, prev_hash, hash
                            FROM audit_log ORDER BY seq""")
                    .setFetchSize(1000)
                    .map((rs, ctx) -> Row.of(rs))
                    .iterator()) {
                AuditHash.Verifier chain = new AuditHash.Verifier();
                while (rows.hasNext()) {
                    Row r = rows.next();
                    if (!chain.accept(new AuditRecord(r.seq(), r.event(), r.prevHash(), r.hash()))) {
                        return OptionalLong.of(r.seq());
                    }
                }
                return OptionalLong.empty();
            }
        });
    }

    /** Rows in the log. */
    long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log").mapTo(Long.class).one());
    }

    private record Tail(long seq, String hash) {
    }

    private record Row(long seq, AuditEvent event, String prevHash, String hash) {
        static Row of(ResultSet rs) throws SQLException {
            return new Row(rs.getLong("seq"),
                    new AuditEvent(Sql.instant(rs, "time"), rs.getString("actor"), rs.getString("entity_type"),
                            rs.getString("entity_id"), rs.getString("action"), rs.getString("detail")),
                    rs.getString("prev_hash"), rs.getString("hash"));
        }
    }
}
