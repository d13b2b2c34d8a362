package io.nija.core.store;

import java.util.Locale;

/**
 * Where an event in the webhook outbox stands. Only {@link #PENDING} rows are ever delivered; the others are final.
 */
public enum WebhookOutboxStatus {
    /** Waiting for its first or next attempt (or being attempted by the instance that claimed it). */
    PENDING,
    /** A 2xx answer was received. */
    DELIVERED,
    /** Every attempt failed (or was refused by the address guard); recorded in the audit log. */
    GAVE_UP,
    /** The user's webhook was removed before the event could be delivered. */
    DISCARDED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WebhookOutboxStatus parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
