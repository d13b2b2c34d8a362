package io.nija.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The exchanges' "back off" answers shared by the instances of one schema (table rate_holds, V17): a hold is stored
 * (the later time wins) and announced on the schema's channel in the same transaction, so the other instances hear it
 * the moment it commits ({@code h:<epoch millis>\t<bucket key>}, see {@link PgClusterBus}). A listener that was not
 * connected reads the holds still running ({@link #running}). A hold is a time, not a state: nothing has to end it.
 */
public final class PgRateHolds {
    private final DataSource pool;
    private final String channel;
    private final Supplier<Instant> now;

    /** {@code now}: the instances' clock (the holds' times are theirs, not the database's). */
    PgRateHolds(DataSource pool, Supplier<Instant> now) {
        this.pool = pool;
        this.now = now;
        this.channel = PgClusterBus.channelOf(pool);
    }

    /** Stores and announces a hold on {@code bucketKey} until {@code until}; holds past their time are pruned. */
    public void hold(String bucketKey, Instant until) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement prune = c.prepareStatement("DELETE FROM rate_holds WHERE until < ?")) {
                    prune.setTimestamp(1, Timestamp.from(now.get()));
                    prune.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO rate_holds (hold_key, until) VALUES (?, ?) "
                        + "ON CONFLICT (hold_key) DO UPDATE SET until = GREATEST(rate_holds.until, EXCLUDED.until)")) {
                    s.setString(1, bucketKey);
                    s.setTimestamp(2, Timestamp.from(until));
                    s.executeUpdate();
                }
                try (PreparedStatement n = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    n.setString(1, channel);
                    n.setString(2, "h:" + until.toEpochMilli() + "\t" + bucketKey);
                    n.execute();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not share a rate-limit hold", e);
        }
    }

    /** The holds still running, by bucket key. */
    public Map<String, Instant> running() {
        Map<String, Instant> out = new LinkedHashMap<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT hold_key, until FROM rate_holds WHERE until > ?")) {
            s.setTimestamp(1, Timestamp.from(now.get()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the rate-limit holds", e);
        }
        return out;
    }
}
