package io.nija.store;

import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.store.StoredAlert;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** strategy_alerts: each alert as received, stored before its answer, marked once its fan-out finished. */
final class AlertRows {
    private static final String COLUMNS = """
            alert_id, strategy, actor, pair, side, signal_type, size_usd, close_all, signal_time, keys, received_at,
            fanned_out_at""";

    private final Jdbi jdbi;

    AlertRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    boolean save(StoredAlert a) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO strategy_alerts (alert_id, strategy, actor, pair, side, signal_type, size_usd, close_all,
                                                     signal_time, keys, received_at)
                        VALUES (:id, :strategy, :actor, :pair, :side, :type, :size, :closeAll, :signalTime, :keys, :at)
                        ON CONFLICT (alert_id) DO NOTHING""")
                .bind("id", a.alertId())
                .bind("strategy", a.strategy())
                .bind("actor", a.actor())
                .bind("pair", a.pair().toString())
                .bind("side", a.side().wire())
                .bind("type", a.signalType().wire())
                .bind("size", a.sizeUsd())
                .bind("closeAll", a.closeAll())
                .bind("signalTime", a.signalTime())
                .bindArray("keys", String.class, a.keys())
                .bind("at", Sql.ts(a.receivedAt()))
                .execute()) == 1;
    }

    Optional<StoredAlert> find(String alertId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM strategy_alerts WHERE alert_id = :id")
                .bind("id", alertId).map((rs, ctx) -> alert(rs)).findOne());
    }

    List<StoredAlert> notFannedOut() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM strategy_alerts WHERE fanned_out_at IS NULL ORDER BY received_at")
                .map((rs, ctx) -> alert(rs)).list());
    }

    void fannedOut(String alertId, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE strategy_alerts SET fanned_out_at = :at WHERE alert_id = :id")
                .bind("id", alertId).bind("at", Sql.ts(at)).execute());
    }

    private static StoredAlert alert(ResultSet rs) throws SQLException {
        return new StoredAlert(rs.getString("alert_id"), rs.getString("strategy"), rs.getString("actor"),
                Pair.parse(rs.getString("pair")), Side.parse(rs.getString("side")), SignalType.parse(rs.getString("signal_type")),
                rs.getBigDecimal("size_usd"), rs.getBoolean("close_all"), rs.getString("signal_time"),
                Sql.strings(rs, "keys"), Sql.instant(rs, "received_at"),
                rs.getTimestamp("fanned_out_at") == null ? null : Sql.instant(rs, "fanned_out_at"));
    }
}
