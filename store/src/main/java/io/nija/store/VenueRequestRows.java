package io.nija.store;

import io.nija.core.store.VenueRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** venue_requests: the write-ahead log of every request sent to a venue (intent first, outcome after). */
final class VenueRequestRows {
    private final Jdbi jdbi;

    VenueRequestRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inside the caller's transaction. */
    static long begin(org.jdbi.v3.core.Handle h, String legId, String venue, String clientOrderId, String kind,
                      Instant sentAt) {
        return h.createUpdate("""
                        INSERT INTO venue_requests (leg_id, venue, client_order_id, kind, sent_at)
                        VALUES (:leg, :venue, :cid, :kind, :at)""")
                .bind("leg", legId).bind("venue", venue).bind("cid", clientOrderId).bind("kind", kind)
                .bind("at", Sql.ts(sentAt))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /**
     * Inside the caller's transaction, as one batched statement; the ids in the order of {@code begins}. The rows come
     * back keyed by (leg, kind), which is unique within a batch (a leg has at most one send and one cancel on its
     * way); should a batch ever hold the same pair twice, they are inserted one at a time instead.
     */
    static List<Long> begin(org.jdbi.v3.core.Handle h, List<LaneWrites.RequestBegin> begins) {
        if (begins.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> keys = new java.util.HashSet<>();
        boolean unique = begins.stream().allMatch(b -> keys.add(key(b.legId(), b.kind())));
        if (begins.size() == 1 || !unique) {
            return begins.stream().map(b -> begin(h, b.legId(), b.venue(), b.clientOrderId(), b.kind(), b.sentAt()))
                    .toList();
        }
        org.jdbi.v3.core.statement.PreparedBatch batch = h.prepareBatch("""
                INSERT INTO venue_requests (leg_id, venue, client_order_id, kind, sent_at)
                VALUES (:leg, :venue, :cid, :kind, :at)""");
        for (LaneWrites.RequestBegin b : begins) {
            batch.bind("leg", b.legId()).bind("venue", b.venue()).bind("cid", b.clientOrderId()).bind("kind", b.kind())
                    .bind("at", Sql.ts(b.sentAt())).add();
        }
        java.util.Map<String, Long> ids = new java.util.HashMap<>();
        batch.executePreparedBatch("id", "leg_id", "kind")
                .map((rs, ctx) -> java.util.Map.entry(key(rs.getString("leg_id"), rs.getString("kind")), rs.getLong("id")))
                .forEach(e -> ids.put(e.getKey(), e.getValue()));
        return begins.stream().map(b -> java.util.Objects.requireNonNull(ids.get(key(b.legId(), b.kind())),
                () -> "no id returned for the intent of " + b.legId())).toList();
    }

    private static String key(String legId, String kind) {
        return legId + "\u0000" + kind;
    }

    /** Inside the caller's transaction, as one batched statement. */
    static void complete(org.jdbi.v3.core.Handle h, List<LaneWrites.RequestOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        org.jdbi.v3.core.statement.PreparedBatch batch = h.prepareBatch("""
                UPDATE venue_requests SET outcome = :outcome, outcome_at = :at, detail = :detail
                WHERE id = :id AND outcome IS NULL""");
        for (LaneWrites.RequestOutcome o : outcomes) {
            batch.bind("id", o.requestId()).bind("outcome", o.outcome()).bind("at", Sql.ts(o.at()))
                    .bind("detail", Sql.text(o.detail())).add();
        }
        batch.execute();
    }

    /** Inside the caller's transaction. */
    static void complete(org.jdbi.v3.core.Handle h, long id, String outcome, Instant at, String detail) {
        h.createUpdate("""
                        UPDATE venue_requests SET outcome = :outcome, outcome_at = :at, detail = :detail
                        WHERE id = :id AND outcome IS NULL""")
                .bind("id", id).bind("outcome", outcome).bind("at", Sql.ts(at)).bind("detail", Sql.text(detail))
                .execute();
    }

    List<VenueRequest> open() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, leg_id, venue, client_order_id, kind, sent_at, outcome, outcome_at, detail
                        FROM venue_requests WHERE outcome IS NULL ORDER BY sent_at, id""")
                .map((rs, ctx) -> row(rs)).list());
    }

    /** Whether a send of this leg may have reached its venue: begun and not known to have been refused or kept back. */
    boolean maySendHaveReached(String legId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM venue_requests WHERE leg_id = :leg AND kind = 'place'
                                       AND (outcome IS NULL OR outcome NOT IN ('refused', 'not_sent')))""")
                .bind("leg", legId).mapTo(Boolean.class).one());
    }

    private static VenueRequest row(ResultSet rs) throws SQLException {
        return new VenueRequest(rs.getLong("id"), rs.getString("leg_id"), rs.getString("venue"),
                rs.getString("client_order_id"), rs.getString("kind"), Sql.instant(rs, "sent_at"),
                rs.getString("outcome"), Sql.instant(rs, "outcome_at"), rs.getString("detail"));
    }
}
