package io.nija.core.cluster;

import java.util.List;
import java.util.Optional;

/** The order events of every instance, stored in the order they were stored (PostgreSQL in module store). */
public interface ClusterEventLog {
    /**
     * The stored event {@code eventId} followed by up to {@code limit} later events of {@code userId} (null: of every
     * user), oldest first, each as its clients receive it; empty when {@code eventId} is not stored (never was, or
     * pruned).
     */
    Optional<List<String>> after(String eventId, String userId, int limit);
}
