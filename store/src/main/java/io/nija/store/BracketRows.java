package io.nija.store;

import io.nija.core.bracket.Bracket;
import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** brackets: each entry's take-profit and stop-loss as armed state, by the entry's order id. */
final class BracketRows {
    private static final String COLUMNS = """
            entry_order_id, user_id, pair, entry_side, venue, take_profit_price, stop_loss_price, entry_filled_qty,
            entry_final, exited_qty, exit_signal_id, exit_attempts, last_triggered, status, updated_at,
            native_stop_signal_id, native_take_signal_id, native_qty, native_attempts, native_off""";
    private final Jdbi jdbi;

    BracketRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void save(Bracket b) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO brackets (" + COLUMNS + """
                        ) VALUES (:entryOrderId, :userId, :pair, :entrySide, :venue, :takeProfit, :stopLoss, :entryFilled,
                          :entryFinal, :exited, :exitSignalId, :exitAttempts, :lastTriggered, :status, :updatedAt,
                          :nativeStop, :nativeTake, :nativeQty, :nativeAttempts, :nativeOff)
                        ON CONFLICT (entry_order_id) DO UPDATE SET venue = EXCLUDED.venue,
                          entry_filled_qty = EXCLUDED.entry_filled_qty, entry_final = EXCLUDED.entry_final,
                          exited_qty = EXCLUDED.exited_qty, exit_signal_id = EXCLUDED.exit_signal_id,
                          exit_attempts = EXCLUDED.exit_attempts, last_triggered = EXCLUDED.last_triggered,
                          status = EXCLUDED.status, updated_at = EXCLUDED.updated_at,
                          native_stop_signal_id = EXCLUDED.native_stop_signal_id,
                          native_take_signal_id = EXCLUDED.native_take_signal_id, native_qty = EXCLUDED.native_qty,
                          native_attempts = EXCLUDED.native_attempts, native_off = EXCLUDED.native_off""")
                .bind("entryOrderId", b.entryOrderId())
                .bind("userId", b.userId())
                .bind("pair", b.pair().toString())
                .bind("entrySide", Sql.wire(b.entrySide()))
                .bind("venue", b.venue())
                .bind("takeProfit", b.takeProfitPrice())
                .bind("stopLoss", b.stopLossPrice())
                .bind("entryFilled", b.entryFilledQty())
                .bind("entryFinal", b.entryFinal())
                .bind("exited", b.exitedQty())
                .bind("exitSignalId", b.exitSignalId())
                .bind("exitAttempts", b.exitAttempts())
                .bind("lastTriggered", Sql.wire(b.lastTriggered()))
                .bind("status", b.status().wire())
                .bind("updatedAt", Sql.ts(b.updatedAt()))
                .bind("nativeStop", b.nativeStopSignalId())
                .bind("nativeTake", b.nativeTakeSignalId())
                .bind("nativeQty", b.nativeQty())
                .bind("nativeAttempts", b.nativeAttempts())
                .bind("nativeOff", b.nativeOff())
                .execute());
    }

    List<Bracket> live() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM brackets WHERE status IN ('armed', 'triggered') ORDER BY entry_order_id")
                .map((rs, ctx) -> read(rs)).list());
    }

    Optional<Bracket> find(String entryOrderId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM brackets WHERE entry_order_id = :id")
                .bind("id", entryOrderId)
                .map((rs, ctx) -> read(rs)).findOne());
    }

    private static Bracket read(ResultSet rs) throws SQLException {
        return new Bracket(rs.getString("entry_order_id"), rs.getString("user_id"), Pair.parse(rs.getString("pair")),
                Sql.parse(Side.class, rs.getString("entry_side")), rs.getString("venue"),
                rs.getBigDecimal("take_profit_price"), rs.getBigDecimal("stop_loss_price"),
                rs.getBigDecimal("entry_filled_qty"), rs.getBoolean("entry_final"), rs.getBigDecimal("exited_qty"),
                rs.getString("exit_signal_id"), rs.getInt("exit_attempts"),
                Sql.parse(SignalType.class, rs.getString("last_triggered")), Sql.instant(rs, "updated_at"),
                rs.getString("native_stop_signal_id"), rs.getString("native_take_signal_id"),
                rs.getBigDecimal("native_qty"), rs.getInt("native_attempts"), rs.getBoolean("native_off"));
    }
}
