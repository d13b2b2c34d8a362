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
