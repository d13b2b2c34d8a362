package io.nija.store;

import io.nija.core.order.OrderStatus;
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
            delivered_at, claimed_by, claimed_until, order_id, order_status, order_updated_at""";

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
                    INSERT INTO webhook_outbox (event_id, user_id, payload, next_attempt_at, created_at, order_id,
                                                order_status, order_updated_at)
                    VALUES (:id, :user, :payload, :next, :created, :order, :orderStatus, :orderUpdatedAt)
                    ON CONFLICT (event_id) DO NOTHING""");
            for (WebhookOutboxEvent e : events) {
                bind(batch, e).add();
            }
            batch.execute();
            return (int) (ids.size() - known);
        });
    }

    /**
     * One statement per event, in one transaction. The NOT EXISTS conditions are judged on the statement's snapshot;
     * the partial unique index {@code webhook_outbox_catch_up_once} covers what a snapshot cannot see: a concurrent
     * sweep's uncommitted row for the same order state makes this insert wait for that commit and then do nothing.
     */
    int addCatchUp(List<WebhookOutboxEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        for (WebhookOutboxEvent e : events) {
            if (e.order() == null) {
                throw new IllegalArgumentException("catch-up event " + e.eventId() + " describes no order state");
            }
        }
        // One order for every caller, so two sweeps waiting on each other's rows never wait in a circle (deadlock).
        List<WebhookOutboxEvent> sorted = events.stream().sorted(Comparator
                .comparing((WebhookOutboxEvent e) -> e.order().orderId())
                .thenComparing(e -> e.order().status())
                .thenComparing(e -> e.order().updatedAt())).toList();
        return jdbi.inTransaction(h -> {
            int added = 0;
            for (WebhookOutboxEvent e : sorted) {
                added += bind(h.createUpdate("""
                        INSERT INTO webhook_outbox (event_id, user_id, payload, next_attempt_at, created_at, order_id,
                                                    order_status, order_updated_at, catch_up)
                        SELECT :id, :user, :payload, CAST(:next AS timestamptz), CAST(:created AS timestamptz), :order,
                               :orderStatus, CAST(:orderUpdatedAt AS timestamptz), true
                        WHERE EXISTS (SELECT 1 FROM orders
                                      WHERE order_id = :order AND status = :orderStatus AND updated_at = :orderUpdatedAt)
                          AND NOT EXISTS (SELECT 1 FROM webhook_outbox
                                          WHERE order_id = :order AND order_status = :orderStatus
                                            AND order_updated_at = :orderUpdatedAt)
                        ON CONFLICT DO NOTHING"""), e).execute();
            }
            return added;
        });
    }

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bind(S statement, WebhookOutboxEvent e) {
        WebhookOutboxEvent.OrderState o = e.order();
        return statement.bind("id", e.eventId())
                .bind("user", Sql.text(e.userId()))
                .bind("payload", Sql.text(e.payload()))
                .bind("next", Sql.ts(e.nextAttemptAt() != null ? e.nextAttemptAt() : e.createdAt()))
                .bind("created", Sql.ts(e.createdAt()))
                .bind("order", o == null ? null : Sql.text(o.orderId()))
                .bind("orderStatus", o == null ? null : Sql.wire(o.status()))
                .bind("orderUpdatedAt", o == null ? null : Sql.ts(o.updatedAt()));
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
                rs.getString("claimed_by"), Sql.instant(rs, "claimed_until"), orderState(rs));
    }

    private static WebhookOutboxEvent.OrderState orderState(ResultSet rs) throws SQLException {
        String orderId = rs.getString("order_id");
        return orderId == null ? null : new WebhookOutboxEvent.OrderState(orderId,
                Sql.parse(OrderStatus.class, rs.getString("order_status")), Sql.instant(rs, "order_updated_at"));
    }
}
