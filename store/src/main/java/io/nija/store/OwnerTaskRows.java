package io.nija.store;

import io.nija.core.cluster.OwnerTask;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** owner_tasks: work left for a user's owner by another instance (V12), removed when done. */
final class OwnerTaskRows {
    private final Jdbi jdbi;

    OwnerTaskRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inside the caller's transaction (with the order it concerns). */
    static void add(Handle h, OwnerTask.Kind kind, String userId, String orderId, Instant at) {
        h.createUpdate("""
                        INSERT INTO owner_tasks (kind, user_id, order_id, requested_at)
                        VALUES (:kind, :user, :order, :at)""")
                .bind("kind", kind.wire()).bind("user", userId).bind("order", orderId).bind("at", Sql.ts(at))
                .execute();
    }

    void add(OwnerTask.Kind kind, String userId, String orderId, Instant at) {
        jdbi.useHandle(h -> add(h, kind, userId, orderId, at));
    }

    List<OwnerTask> all() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT task_id, kind, user_id, order_id, requested_at FROM owner_tasks ORDER BY task_id""")
                .map((rs, ctx) -> new OwnerTask(rs.getLong("task_id"), OwnerTask.Kind.parse(rs.getString("kind")),
                        rs.getString("user_id"), rs.getString("order_id"), Sql.instant(rs, "requested_at")))
                .list());
    }

    /** Inside the caller's (fenced) transaction. */
    static void remove(Handle h, long taskId) {
        h.createUpdate("DELETE FROM owner_tasks WHERE task_id = :id").bind("id", taskId).execute();
    }
}
