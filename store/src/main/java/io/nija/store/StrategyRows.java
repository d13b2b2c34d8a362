package io.nija.store;

import io.nija.core.store.DuplicateKeyException;
import io.nija.core.store.Strategy;
import io.nija.core.store.Subscription;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** strategies and subscriptions: who publishes signals and who follows them, with what sizing. */
final class StrategyRows {
    private final Jdbi jdbi;

    StrategyRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void create(Strategy s) {
        int inserted = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO strategies (strategy, secret_hash, created_at) VALUES (:s, :hash, :at)
                        ON CONFLICT (strategy) DO NOTHING""")
                .bind("s", s.strategy()).bind("hash", s.secretHash()).bind("at", Sql.ts(s.createdAt())).execute());
        if (inserted == 0) {
            throw new DuplicateKeyException("strategy " + s.strategy() + " already exists");
        }
    }

    Optional<Strategy> find(String strategy) {
        return jdbi.withHandle(h -> h.createQuery("SELECT strategy, secret_hash, created_at FROM strategies WHERE strategy = :s")
                .bind("s", strategy)
                .map((rs, ctx) -> new Strategy(rs.getString("strategy"), rs.getString("secret_hash"), Sql.instant(rs, "created_at")))
                .findOne());
    }

    void save(Subscription s) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO subscriptions (user_id, strategy, enabled, fixed_usd, fraction, cap_usd, updated_at)
                        VALUES (:u, :s, :enabled, :fixed, :fraction, :cap, now())
                        ON CONFLICT (user_id, strategy) DO UPDATE SET enabled = EXCLUDED.enabled,
                          fixed_usd = EXCLUDED.fixed_usd, fraction = EXCLUDED.fraction, cap_usd = EXCLUDED.cap_usd,
                          updated_at = now()""")
                .bind("u", s.userId()).bind("s", s.strategy()).bind("enabled", s.enabled())
                .bind("fixed", s.fixedUsd()).bind("fraction", s.fraction()).bind("cap", s.capUsd())
                .execute());
    }

    List<Subscription> ofUser(String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM subscriptions WHERE user_id = :u ORDER BY strategy""")
                .bind("u", userId).map((rs, ctx) -> row(rs)).list());
    }

    List<Subscription> subscribersOf(String strategy) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM subscriptions WHERE strategy = :s AND enabled ORDER BY user_id""")
                .bind("s", strategy).map((rs, ctx) -> row(rs)).list());
    }

    private static Subscription row(ResultSet rs) throws SQLException {
        return new Subscription(rs.getString("user_id"), rs.getString("strategy"), rs.getBoolean("enabled"),
                rs.getBigDecimal("fixed_usd"), rs.getBigDecimal("fraction"), rs.getBigDecimal("cap_usd"));
    }
}
