package io.nija.core.store;

import java.time.Instant;

/** One line of the append-only audit log: who did what to which entity, and why. */
public record AuditEvent(Instant time, String actor, String entityType, String entityId, String action, String detail) {
}
