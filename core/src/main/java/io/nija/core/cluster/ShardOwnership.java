package io.nija.core.cluster;

/**
 * Which users this instance routes and executes. A single instance owns every shard ({@link #ALL}); in a cluster
 * the {@link LeaseManager} answers from the leases it holds.
 */
public interface ShardOwnership {
    /** One instance alone: it owns everyone, and writes need no fence. */
    ShardOwnership ALL = new ShardOwnership() {
        @Override
        public boolean owns(String userId) {
            return true;
        }

        @Override
        public Fence fence(String userId) {
            return null;
        }
    };

    /** Whether this instance drives the user's orders now. */
    boolean owns(String userId);

    /**
     * The fence a write of the user's order state must carry, or null when writes are not fenced (single instance).
     *
     * @throws StaleLeaseException when this instance does not hold the user's shard (any more)
     */
    Fence fence(String userId);
}
