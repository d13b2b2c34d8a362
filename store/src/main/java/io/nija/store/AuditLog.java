package io.nija.store;

import io.nija.core.store.AuditEvent;
import java.sql.ResultSet;
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
final class AuditLog {
    private final Jdbi jdbi;

    AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void append(AuditEvent event) {
        Objects.requireNonNull(event.time(), "audit event time");
        AuditEvent e = new AuditEvent(Sql.micros(event.time()), Sql.text(event.actor()), Sql.text(event.entityType()),
                Sql.text(event.entityId()), Sql.text(event.action()), Sql.text(event.detail()));
        jdbi.useTransaction(h -> {
            h.execute("LOCK TABLE audit_log IN EXCLUSIVE MODE");
            Optional<Tail> tail = h.createQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                    .map((rs, ctx) -> new Tail(rs.getLong("seq"), rs.getString("hash")))
                    .findOne();
            long seq = tail.map(t -> t.seq() + 1).orElse(1L);
            String prev = tail.map(Tail::hash).orElse(AuditHash.GENESIS);
            h.createUpdate("""
                            INSERT INTO audit_log (seq, time, actor, entity_type, entity_id, action, detail, prev_hash, hash)
                            VALUES (:seq, :time, :actor, :entityType, :entityId, :action, :detail, :prev, :hash)""")
                    .bind("seq", seq)
                    .bind("time", Sql.ts(e.time()))
                    .bind("actor", e.actor())
                    .bind("entityType", e.entityType())
                    .bind("entityId", e.entityId())
                    .bind("action", e.action())
                    .bind("detail", e.detail())
                    .bind("prev", prev)
                    .bind("hash", AuditHash.of(prev, seq, e))
                    .execute();
        });
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
                long expected = 1;
                String prev = AuditHash.GENESIS;
                while (rows.hasNext()) {
                    Row r = rows.next();
                    if (r.seq() != expected || !r.prevHash().equals(prev)
                            || !AuditHash.of(r.prevHash(), r.seq(), r.event()).equals(r.hash())) {
                        return OptionalLong.of(r.seq());
                    }
                    prev = r.hash();
                    expected++;
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
