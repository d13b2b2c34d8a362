package io.nija.store;

import io.nija.core.store.WebhookAttempt;
import io.nija.core.store.WebhookOutboxEvent;
import io.nija.core.store.WebhookOutboxStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * webhook_outbox: order events for users' webhooks until they are delivered, given up or discarded.
 *
 * <p>A claim is a short transaction: the due head rows (each user's oldest pending row) are locked with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent claimants pass over each other's rows instead of waiting, and
 * stamped with the claimant and a lease. The lease, not a held lock or open transaction, keeps other claimants off
 * while the HTTP attempt runs, so no connection is held during a delivery. The due conditions are on the locked
 * row itself, so a row another claimant stamped or finished between this one's snapshot and its lock is re-checked
 * and left alone.
 */
final class WebhookOutboxRows {
    private static final String COLUMNS = """
            seq, event_id, user_id, payload, attempts, next_attempt_at, last_error, last_attempt_at, status, created_at,
            delivered_at, claimed_by, claimed_until""";

    /** %1$s: an optional user filter; %2$s: the returned columns. */
    private static final String CLAIM = """
            WITH heads AS (
                SELECT DISTINCT ON (user_id) event_id
                FROM webhook_outbox
                WHERE status = 'pending'%1$s
                ORDER BY user_id, seq
            ), picked AS (
                SELECT o.event_id
                FROM webhook_outbox o JOIN heads USING (event_id)
                WHERE o.status = 'pending' AND o.next_attempt_at <= :now
                  AND (o.claimed_until IS NULL OR o.claimed_until <= :now)
                ORDER BY o.next_attempt_at, o.seq
                LIMIT :limit
                FOR UPDATE OF o SKIP LOCKED
            )
            UPDATE webhook_outbox w SET claimed_by = :claimant, claimed_until = :until
            FROM picked WHERE w.event_id = picked.event_id
            RETURNING %2$s""";

    private final Jdbi jdbi;

    WebhookOutboxRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    int add(List<WebhookOutboxEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        List<String> ids = events.stream().map(WebhookOutboxEvent::eventId).distinct().toList();
        return jdbi.inTransaction(h -> {
            // Counted rather than read from the batch's update counts, which a rewritten batch does not report.
            long known = h.createQuery("SELECT count(*) FROM webhook_outbox WHERE event_id = ANY(:ids)")
                    .bindArray("ids", String.class, ids).mapTo(Long.class).one();
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO webhook_outbox (event_id, user_id, payload, next_attempt_at, created_at)
                    VALUES (:id, :user, :payload, :next, :created)
                    ON CONFLICT (event_id) DO NOTHING""");
            for (WebhookOutboxEvent e : events) {
                batch.bind("id", e.eventId())
                        .bind("user", Sql.text(e.userId()))
                        .bind("payload", Sql.text(e.payload()))
                        .bind("next", Sql.ts(e.nextAttemptAt() != null ? e.nextAttemptAt() : e.createdAt()))
                        .bind("created", Sql.ts(e.createdAt()))
                        .add();
            }
            batch.execute();
            return (int) (ids.size() - known);
        });
    }

    List<WebhookOutboxEvent> claim(String claimant, Instant now, Instant until, int limit, String userId) {
        if (limit <= 0) {
            return List.of();
        }
        String sql = CLAIM.formatted(userId == null ? "" : " AND user_id = :user", prefixed("w"));
        List<WebhookOutboxEvent> claimed = jdbi.inTransaction(h -> {
            var update = h.createQuery(sql)
                    .bind("now", Sql.ts(now))
                    .bind("until", Sql.ts(until))
                    .bind("limit", limit)
                    .bind("claimant", claimant);
            if (userId != null) {
                update.bind("user", userId);
            }
            return update.map((rs, ctx) -> row(rs)).list();
        });
        return claimed.stream().sorted(Comparator.comparing(WebhookOutboxEvent::nextAttemptAt)
                .thenComparingLong(WebhookOutboxEvent::seq)).toList();
    }

    boolean finish(String eventId, String claimant, WebhookAttempt o) {
        boolean pending = o.status() == WebhookOutboxStatus.PENDING;
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE webhook_outbox SET status = :status, attempts = :attempts,
                               next_attempt_at = COALESCE(:next, next_attempt_at), last_error = :error,
                               last_attempt_at = :at, delivered_at = :delivered, claimed_by = NULL, claimed_until = NULL
                        WHERE event_id = :id AND claimed_by = :claimant AND status = 'pending'""")
                .bind("status", o.status().wire())
                .bind("attempts", o.attempts())
                .bind("next", Sql.ts(pending ? o.nextAttemptAt() : null))
                .bind("error", Sql.text(o.lastError()))
                .bind("at", Sql.ts(o.at()))
                .bind("delivered", Sql.ts(o.status() == WebhookOutboxStatus.DELIVERED ? o.at() : null))
                .bind("id", eventId)
                .bind("claimant", claimant)
                .execute()) == 1;
    }

    int release(String claimant) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE webhook_outbox SET claimed_by = NULL, claimed_until = NULL
                        WHERE claimed_by = :claimant AND status = 'pending'""")
                .bind("claimant", claimant).execute());
    }

    Optional<WebhookOutboxEvent> find(String eventId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM webhook_outbox WHERE event_id = :id")
                .bind("id", eventId).map((rs, ctx) -> row(rs)).findOne());
    }

    long countPending() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM webhook_outbox WHERE status = 'pending'")
                .mapTo(Long.class).one());
    }

    int prune(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM webhook_outbox WHERE status <> 'pending' AND last_attempt_at < :before""")
                .bind("before", Sql.ts(before)).execute());
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace("\n", " ").replace(", ", ", " + alias + ".");
    }

    private static WebhookOutboxEvent row(ResultSet rs) throws SQLException {
        return new WebhookOutboxEvent(rs.getLong("seq"), rs.getString("event_id"), rs.getString("user_id"),
                rs.getString("payload"), rs.getInt("attempts"), Sql.instant(rs, "next_attempt_at"),
                rs.getString("last_error"), WebhookOutboxStatus.parse(rs.getString("status")),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "last_attempt_at"), Sql.instant(rs, "delivered_at"),
                rs.getString("claimed_by"), Sql.instant(rs, "claimed_until"));
    }
}
