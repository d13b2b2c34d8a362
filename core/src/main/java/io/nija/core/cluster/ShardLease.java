package io.nija.core.cluster;

import java.time.Instant;

/**
 * One shard's lease as stored. {@code token} is the fencing token: it goes up by one every time the shard gets a new
 * owner, and every write of the shard's order state names it, so a former owner's late write is refused.
 * {@code owner} is null for a shard nobody holds (never taken, or released).
 */
public record ShardLease(int shard, String owner, long token, Instant acquiredAt, Instant expiresAt) {
    /** Whether another instance may take it now: nobody holds it, or its holder stopped renewing. */
    public boolean isFree(Instant now) {
        return owner == null || expiresAt == null || !expiresAt.isAfter(now);
    }
}
