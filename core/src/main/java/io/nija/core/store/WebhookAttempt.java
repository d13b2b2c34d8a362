package io.nija.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of one claimed outbox event, as the dispatcher that claimed it records it.
 *
 * @param status        {@link WebhookOutboxStatus#PENDING} to try again at {@code nextAttemptAt}; otherwise final
 * @param attempts      attempts made so far, this one included (unchanged when no attempt was made)
 * @param nextAttemptAt the next attempt's time when pending, else ignored
 * @param lastError     what went wrong (null when delivered)
 * @param at            when this outcome happened (the attempt's time; also the delivery time when delivered)
 */
public record WebhookAttempt(WebhookOutboxStatus status, int attempts, Instant nextAttemptAt, String lastError, Instant at) {
    public WebhookAttempt {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        if (status == WebhookOutboxStatus.PENDING) {
            Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        }
    }

    public static WebhookAttempt delivered(int attempts, Instant at) {
        return new WebhookAttempt(WebhookOutboxStatus.DELIVERED, attempts, null, null, at);
    }

    public static WebhookAttempt retryAt(int attempts, Instant next, String error, Instant at) {
        return new WebhookAttempt(WebhookOutboxStatus.PENDING, attempts, next, error, at);
    }

    public static WebhookAttempt gaveUp(int attempts, String error, Instant at) {
        return new WebhookAttempt(WebhookOutboxStatus.GAVE_UP, attempts, null, error, at);
    }

    public static WebhookAttempt discarded(int attempts, String reason, Instant at) {
        return new WebhookAttempt(WebhookOutboxStatus.DISCARDED, attempts, null, reason, at);
    }
}
