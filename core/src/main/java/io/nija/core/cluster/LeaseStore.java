package io.nija.core.cluster;

import java.time.Instant;
import java.util.List;

/**
 * The port to the shared lease rows (PostgreSQL in module store). Every change is a compare-and-set on the token
 * read before, so two instances racing for one shard cannot both win.
 */
public interface LeaseStore {
    /** Records that {@code instanceId} is alive at {@code now} (creating its row with {@code startedAt}). */
    void heartbeat(String instanceId, Instant startedAt, Instant now);

    /** Instances seen at or after {@code since}, by id. */
    List<RouterInstance> instancesSeenSince(Instant since);

    /** Every shard's lease, by shard. */
    List<ShardLease> leases();

    /**
     * Takes a shard whose token is still {@code expectedToken}: sets the owner, bumps the token and sets the expiry.
     * Returns the new lease, or null when someone changed the lease since it was read.
     */
    ShardLease acquire(int shard, long expectedToken, String owner, Instant now, Instant expiresAt);

    /**
     * Extends, in one statement, every lease {@code owner} still holds with the given token (shard to token); returns
     * the shards renewed. A shard missing from the answer was lost.
     */
    java.util.Set<Integer> renew(String owner, java.util.Map<Integer, Long> tokens, Instant expiresAt);

    /** Gives a lease up (the token stays; the next owner bumps it); false when it was no longer held. */
    boolean release(int shard, String owner, long token);

    /** Drops an instance's row (clean shutdown), so the others rebalance without waiting for it to age out. */
    void forget(String instanceId);
}
