package io.nija.server.events;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What each user's webhook has done through this instance since it started (for GET /users/{id}/webhook). */
final class WebhookUserStats {
    private final ConcurrentHashMap<String, Entry> byUser = new ConcurrentHashMap<>();

    Entry of(String userId) {
        return byUser.computeIfAbsent(userId, u -> new Entry());
    }

    WebhookDispatcher.Stats snapshot(String userId) {
        Entry s = byUser.get(userId);
        return s == null ? new WebhookDispatcher.Stats(0, 0, 0, null, null) : s.snapshot();
    }

    static final class Entry {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        volatile String lastError;
        volatile Instant lastAttemptAt;

        WebhookDispatcher.Stats snapshot() {
            return new WebhookDispatcher.Stats(delivered.get(), failed.get(), dropped.get(), lastError, lastAttemptAt);
        }
    }
}
