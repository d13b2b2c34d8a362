package io.nija.store;

import io.nija.core.store.CredentialInfo;
import io.nija.core.store.DuplicateKeyException;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.user.UserMode;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** users, api_tokens, limits, credentials and users' webhooks. */
final class UserRows {
    private static final String SELECT_USER = """
            SELECT u.user_id, u.role, u.created_at, l.enabled, l.allowed_venues, l.allowed_pairs, l.max_order_usd,
                   l.max_position_usd, l.daily_loss_usd, l.max_open_positions, l.trades_per_second,
                   l.max_signal_age_ms
            FROM users u LEFT JOIN limits l ON l.user_id = u.user_id
            """;

    private final Jdbi jdbi;

    UserRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void create(User user, String tokenHash) {
        try {
            jdbi.useTransaction(h -> {
                int inserted = h.createUpdate("""
                                INSERT INTO users (user_id, role, created_at) VALUES (:id, :role, :at)
                                ON CONFLICT (user_id) DO NOTHING""")
                        .bind("id", user.userId())
                        .bind("role", Sql.wire(user.role()))
                        .bind("at", Sql.ts(user.createdAt()))
                        .execute();
                if (inserted == 0) {
                    throw new DuplicateKeyException("user " + user.userId() + " already exists");
                }
                if (tokenHash != null) {
                    h.createUpdate("INSERT INTO api_tokens (token_hash, user_id) VALUES (:hash, :id)")
                            .bind("hash", tokenHash)
                            .bind("id", user.userId())
                            .execute();
                }
                upsertLimits(h, user.userId(), user.limits());
            });
        } catch (JdbiException e) {
            if (Sql.isUniqueViolation(e)) {
                // The user id was checked above, so the collision is the token hash (or a concurrent create).
                throw new DuplicateKeyException("user " + user.userId() + " or its token already exists");
            }
            throw e;
        }
    }

    Optional<User> find(String userId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_USER + " WHERE u.user_id = :id")
                .bind("id", userId)
                .map((rs, ctx) -> user(rs))
                .findOne());
    }

    Optional<User> findByTokenHash(String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_USER
                        + " JOIN api_tokens t ON t.user_id = u.user_id WHERE t.token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> user(rs))
                .findOne());
    }

    List<User> list() {
        return jdbi.withHandle(h -> h.createQuery(SELECT_USER + " ORDER BY u.user_id")
                .map((rs, ctx) -> user(rs))
                .list());
    }

    void saveLimits(String userId, UserLimits limits) {
        try {
            jdbi.useHandle(h -> upsertLimits(h, userId, limits));
        } catch (JdbiException e) {
            throw unknownUserOr(e, userId);
        }
    }

    void saveCredential(String userId, String venue, byte[] sealed) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO credentials (user_id, venue, sealed) VALUES (:user, :venue, :sealed)
                            ON CONFLICT (user_id, venue) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()""")
                    .bind("user", userId)
                    .bind("venue", venue)
                    .bind("sealed", sealed)
                    .execute());
        } catch (JdbiException e) {
            throw unknownUserOr(e, userId);
        }
    }

    Optional<byte[]> findCredential(String userId, String venue) {
        return jdbi.withHandle(h -> h.createQuery("SELECT sealed FROM credentials WHERE user_id = :user AND venue = :venue")
                .bind("user", userId)
                .bind("venue", venue)
                .map((rs, ctx) -> rs.getBytes(1))
                .findOne());
    }

    void saveCredential(String userId, String venue, byte[] sealed, CredentialInfo info) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO credentials (user_id, venue, sealed, key_hint, permissions, validated_at)
                            VALUES (:user, :venue, :sealed, :hint, :perms, :at)
                            ON CONFLICT (user_id, venue) DO UPDATE SET sealed = EXCLUDED.sealed,
                                key_hint = EXCLUDED.key_hint, permissions = EXCLUDED.permissions,
                                validated_at = EXCLUDED.validated_at, updated_at = now()""")
                    .bind("user", userId)
                    .bind("venue", venue)
                    .bind("sealed", sealed)
                    .bind("hint", info.keyHint())
                    .bindArray("perms", String.class, info.permissions())
                    .bind("at", Sql.ts(info.validatedAt()))
                    .execute());
        } catch (JdbiException e) {
            throw unknownUserOr(e, userId);
        }
    }

    List<CredentialInfo> credentialsOf(String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT venue, key_hint, permissions, validated_at FROM credentials
                        WHERE user_id = :user ORDER BY venue""")
                .bind("user", userId)
                .map((rs, ctx) -> new CredentialInfo(rs.getString("venue"), rs.getString("key_hint"),
                        Sql.strings(rs, "permissions"), Sql.instant(rs, "validated_at")))
                .list());
    }

    Optional<UserMode> findMode(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT mode FROM users WHERE user_id = :id AND mode IS NOT NULL")
                .bind("id", userId)
                .map((rs, ctx) -> UserMode.parse(rs.getString(1)))
                .findOne());
    }

    void saveMode(String userId, UserMode mode) {
        int updated = jdbi.withHandle(h -> h.createUpdate("UPDATE users SET mode = :mode WHERE user_id = :id")
                .bind("mode", mode.wire())
                .bind("id", userId)
                .execute());
        if (updated == 0) {
            throw new IllegalArgumentException("no user " + userId);
        }
    }

    /** Deletes the user's tokens and inserts the new one in one transaction: the old token never outlives it. */
    void replaceToken(String userId, String newTokenHash) {
        try {
            jdbi.useTransaction(h -> {
                // Locks the user row, so two rotations at once leave exactly one token.
                if (h.createQuery("SELECT 1 FROM users WHERE user_id = :id FOR UPDATE").bind("id", userId)
                        .mapTo(Integer.class).findOne().isEmpty()) {
                    throw new IllegalArgumentException("no user " + userId);
                }
                h.createUpdate("DELETE FROM api_tokens WHERE user_id = :id").bind("id", userId).execute();
                if (newTokenHash != null) {
                    h.createUpdate("INSERT INTO api_tokens (token_hash, user_id) VALUES (:hash, :id)")
                            .bind("hash", newTokenHash)
                            .bind("id", userId)
                            .execute();
                }
            });
        } catch (JdbiException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new DuplicateKeyException("token hash already in use");
            }
            throw e;
        }
    }

    void saveWebhook(String userId, byte[] sealed) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO user_webhooks (user_id, sealed) VALUES (:user, :sealed)
                            ON CONFLICT (user_id) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()""")
                    .bind("user", userId)
                    .bind("sealed", sealed)
                    .execute());
        } catch (JdbiException e) {
            throw unknownUserOr(e, userId);
        }
    }

    Optional<byte[]> findWebhook(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT sealed FROM user_webhooks WHERE user_id = :user")
                .bind("user", userId)
                .map((rs, ctx) -> rs.getBytes(1))
                .findOne());
    }

    boolean deleteWebhook(String userId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM user_webhooks WHERE user_id = :user")
                .bind("user", userId).execute()) > 0;
    }

    private static void upsertLimits(Handle h, String userId, UserLimits l) {
        h.createUpdate("""
                        INSERT INTO limits (user_id, enabled, allowed_venues, allowed_pairs, max_order_usd, max_position_usd,
                                            daily_loss_usd, max_open_positions, trades_per_second, max_signal_age_ms)
                        VALUES (:user, :enabled, :venues, :pairs, :maxOrder, :maxPosition, :dailyLoss, :maxOpen, :tps,
                                :maxSignalAge)
                        ON CONFLICT (user_id) DO UPDATE SET
                            enabled = EXCLUDED.enabled, allowed_venues = EXCLUDED.allowed_venues,
                            allowed_pairs = EXCLUDED.allowed_pairs, max_order_usd = EXCLUDED.max_order_usd,
                            max_position_usd = EXCLUDED.max_position_usd, daily_loss_usd = EXCLUDED.daily_loss_usd,
                            max_open_positions = EXCLUDED.max_open_positions,
                            trades_per_second = EXCLUDED.trades_per_second,
                            max_signal_age_ms = EXCLUDED.max_signal_age_ms, updated_at = now()""")
                .bind("user", userId)
                .bind("enabled", l.enabled())
                .bindArray("venues", String.class, l.allowedVenues().stream().sorted().toList())
                .bindArray("pairs", String.class, l.allowedPairs().stream().sorted().toList())
                .bind("maxOrder", l.maxOrderUsd())
                .bind("maxPosition", l.maxPositionUsd())
                .bind("dailyLoss", l.dailyLossUsd())
                .bind("maxOpen", l.maxOpenPositions())
                // Double.toString gives the shortest decimal that reads back as the same double.
                .bind("tps", new BigDecimal(Double.toString(l.tradesPerSecond())))
                .bind("maxSignalAge", l.maxSignalAgeMs())
                .execute();
    }

    private static User user(ResultSet rs) throws SQLException {
        UserLimits limits = rs.getObject("enabled") == null ? UserLimits.defaults() : new UserLimits(
                rs.getBoolean("enabled"),
                Sql.stringSet(rs, "allowed_venues"),
                Sql.stringSet(rs, "allowed_pairs"),
                rs.getBigDecimal("max_order_usd"),
                rs.getBigDecimal("max_position_usd"),
                rs.getBigDecimal("daily_loss_usd"),
                rs.getInt("max_open_positions"),
                rs.getBigDecimal("trades_per_second").doubleValue(),
                rs.getLong("max_signal_age_ms"));
        return new User(rs.getString("user_id"), Role.parse(rs.getString("role")), limits,
                Sql.instant(rs, "created_at"));
    }

    private static RuntimeException unknownUserOr(JdbiException e, String userId) {
        if (Sql.isForeignKeyViolation(e)) {
            return new IllegalArgumentException("no user " + userId);
        }
        return e;
    }
}
