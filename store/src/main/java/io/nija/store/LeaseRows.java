package io.nija.store;

import io.nija.core.cluster.Fence;
import io.nija.core.cluster.LeaseStore;
import io.nija.core.cluster.RouterInstance;
import io.nija.core.cluster.ShardLease;
import io.nija.core.cluster.StaleLeaseException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** shard_leases and router_instances: who holds which shard, with the fencing token. */
final class LeaseRows implements LeaseStore {
    private final Jdbi jdbi;

    LeaseRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void heartbeat(String instanceId, Instant startedAt, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO router_instances (instance_id, started_at, last_seen) VALUES (:id, :started, :now)
                        ON CONFLICT (instance_id) DO UPDATE SET last_seen = EXCLUDED.last_seen""")
                .bind("id", instanceId).bind("started", Sql.ts(startedAt)).bind("now", Sql.ts(now)).execute());
    }

    @Override
    public List<RouterInstance> instancesSeenSince(Instant since) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT instance_id, started_at, last_seen FROM router_instances
                        WHERE last_seen >= :since ORDER BY instance_id""")
                .bind("since", Sql.ts(since))
                .map((rs, ctx) -> new RouterInstance(rs.getString("instance_id"), Sql.instant(rs, "started_at"),
                        Sql.instant(rs, "last_seen")))
                .list());
    }

    @Override
    public List<ShardLease> leases() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT shard, owner, token, acquired_at, expires_at FROM shard_leases ORDER BY shard")
                .map((rs, ctx) -> row(rs)).list());
    }

    @Override
    public ShardLease acquire(int shard, long expectedToken, String owner, Instant now, Instant expiresAt) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE shard_leases SET owner = :owner, token = token + 1, acquired_at = :now, expires_at = :exp
                        WHERE shard = :shard AND token = :token
                        RETURNING shard, owner, token, acquired_at, expires_at""")
                .bind("owner", owner).bind("now", Sql.ts(now)).bind("exp", Sql.ts(expiresAt))
                .bind("shard", shard).bind("token", expectedToken)
                .map((rs, ctx) -> row(rs)).findOne().orElse(null));
    }

    @Override
    public Set<Integer> renew(String owner, Map<Integer, Long> tokens, Instant expiresAt) {
        List<Integer> shards = List.copyOf(tokens.keySet());
        List<Long> values = shards.stream().map(tokens::get).toList();
        return new HashSet<>(jdbi.withHandle(h -> h.createQuery("""
                        UPDATE shard_leases l SET expires_at = :exp
                        FROM unnest(:shards, :tokens) AS t(shard, token)
                        WHERE l.shard = t.shard AND l.token = t.token AND l.owner = :owner
                        RETURNING l.shard""")
                .bind("exp", Sql.ts(expiresAt)).bind("owner", owner)
                .bindArray("shards", Integer.class, shards).bindArray("tokens", Long.class, values)
                .mapTo(Integer.class).list()));
    }

    @Override
    public boolean release(int shard, String owner, long token) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE shard_leases SET owner = NULL, expires_at = NULL
                        WHERE shard = :shard AND owner = :owner AND token = :token""")
                .bind("shard", shard).bind("owner", owner).bind("token", token)
                .execute()) == 1;
    }

    @Override
    public void forget(String instanceId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM router_instances WHERE instance_id = :id")
                .bind("id", instanceId).execute());
    }

    /**
     * Inside the caller's transaction: holds the shard's lease row (shared lock) if it still carries the fence's owner
     * and token, else throws. A takeover updates that row, so it waits for this transaction, and a write that passed
     * this check commits before the new owner can start; a write after the takeover fails here.
     */
    static void check(Handle h, Fence fence) {
        boolean held = h.createQuery("""
                        SELECT shard FROM shard_leases WHERE shard = :shard AND owner = :owner AND token = :token
                        FOR SHARE""")
                .bind("shard", fence.shard()).bind("owner", fence.owner()).bind("token", fence.token())
                .mapTo(Integer.class).findOne().isPresent();
        if (!held) {
            throw new StaleLeaseException("shard " + fence.shard() + " is no longer held by " + fence.owner()
                    + " with token " + fence.token() + ": write refused");
        }
    }

    private static ShardLease row(ResultSet rs) throws SQLException {
        return new ShardLease(rs.getInt("shard"), rs.getString("owner"), rs.getLong("token"),
                Sql.instant(rs, "acquired_at"), Sql.instant(rs, "expires_at"));
    }
}
