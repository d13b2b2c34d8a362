package io.nija.store;

import io.nija.core.instrument.Pair;
import io.nija.core.position.Position;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** positions: one row per (user, venue, pair), overwritten with the position's current state. */
final class PositionRows {
    private final Jdbi jdbi;

    PositionRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void save(Collection<Position> positions) {
        if (positions.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> save(h, positions));
    }

    /** Upserts inside the caller's transaction. */
    static void save(org.jdbi.v3.core.Handle h, Collection<Position> positions) {
        if (positions.isEmpty()) {
            return;
        }
        {
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO positions (user_id, venue, pair, quantity, average_cost, realized_pnl, updated_at)
                    VALUES (:user, :venue, :pair, :qty, :avgCost, :pnl, now())
                    ON CONFLICT (user_id, venue, pair) DO UPDATE SET
                        quantity = EXCLUDED.quantity, average_cost = EXCLUDED.average_cost,
                        realized_pnl = EXCLUDED.realized_pnl, updated_at = EXCLUDED.updated_at""");
            // A fixed order keeps concurrent savers of overlapping sets from deadlocking on each other's rows.
            positions.stream()
                    .sorted(Comparator.comparing(Position::userId).thenComparing(Position::venue)
                            .thenComparing(p -> p.pair().toString()))
                    .forEach(p -> batch.bind("user", p.userId())
                            .bind("venue", p.venue())
                            .bind("pair", p.pair().toString())
                            .bind("qty", p.quantity())
                            .bind("avgCost", p.averageCost())
                            .bind("pnl", p.realizedPnl())
                            .add());
            batch.execute();
        }
    }

    /** Positions of one user, or of everyone when {@code userId} is null. */
    List<Position> find(String userId) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT user_id, venue, pair, quantity, average_cost, realized_pnl FROM positions"
                    + (userId == null ? "" : " WHERE user_id = :user") + " ORDER BY user_id, venue, pair");
            if (userId != null) {
                query.bind("user", userId);
            }
            return query.map((rs, ctx) -> Position.restore(rs.getString("user_id"), rs.getString("venue"),
                            Pair.parse(rs.getString("pair")), rs.getBigDecimal("quantity"),
                            rs.getBigDecimal("average_cost"), rs.getBigDecimal("realized_pnl")))
                    .list();
        });
    }
}
