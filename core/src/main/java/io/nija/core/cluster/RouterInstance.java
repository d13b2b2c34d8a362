package io.nija.core.cluster;

import java.time.Instant;

/** A router instance as it announces itself in the store: when it started and when it last renewed. */
public record RouterInstance(String instanceId, Instant startedAt, Instant lastSeen) {
}
