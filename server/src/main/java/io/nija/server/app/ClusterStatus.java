package io.nija.server.app;

import java.time.Instant;
import java.util.List;

/** What {@code GET /cluster} shows: the live instances and the shards each holds. */
public record ClusterStatus(String mode, int shards, List<Instance> instances, long takeovers) {
    public record Instance(String instanceId, Instant startedAt, Instant lastSeen, List<Integer> shards) {
    }
}
