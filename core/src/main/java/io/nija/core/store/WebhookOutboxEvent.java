package io.nija.core.store;

import io.nija.core.order.OrderStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of the webhook outbox: an event for a user's webhook, what has been tried so far and who is trying it.
 *
 * @param seq           the order in which the outbox accepted it; a user's events are delivered in this order
 * @param eventId       unique; receivers de-duplicate by it
 * @param payload       the exact body to POST (the event's JSON), the same on every attempt
 * @param attempts      attempts made so far
 * @param nextAttemptAt not before this time is it (re)tried
 * @param lastError     what went wrong on the last attempt, never a URL's path or a secret
 * @param lastAttemptAt when it was last tried
 * @param deliveredAt   when a 2xx answer was received
 * @param claimedBy     the dispatcher instance trying it now, until {@code claimedUntil}; null when nobody is
 * @param order         which stored state of which order the event describes (what the catch-up sweep compares the
 *                      orders with); null for an event that describes none
 */
public record WebhookOutboxEvent(long seq, String eventId, String userId, String payload, int attempts,
                                 Instant nextAttemptAt, String lastError, WebhookOutboxStatus status, Instant createdAt,
                                 Instant lastAttemptAt, Instant deliveredAt, String claimedBy, Instant claimedUntil,
                                 OrderState order) {
    /**
     * One stored state of an order: its status and its {@code updatedAt} as saved. The status alone would not do: an
     * order moves from partial_fill to partial_fill with each fill, and from executing back to queued and executing
     * again; {@code updatedAt} changes with every such move.
     */
    public record OrderState(String orderId, OrderStatus status, Instant updatedAt) {
        public OrderState {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(updatedAt, "updatedAt");
        }
    }

    public WebhookOutboxEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(status, "status");
    }

    /** A new event as it is added: pending, no attempt yet, due at once. {@code seq} is given by the store. */
    public static WebhookOutboxEvent of(String eventId, String userId, String payload, Instant createdAt) {
        return of(eventId, userId, payload, createdAt, null);
    }

    /** A new event about one state of an order ({@code order} may be null), as it is added. */
    public static WebhookOutboxEvent of(String eventId, String userId, String payload, Instant createdAt,
                                        OrderState order) {
        return new WebhookOutboxEvent(0, eventId, userId, payload, 0, createdAt, null, WebhookOutboxStatus.PENDING,
                createdAt, null, null, null, null, order);
    }

    /** This event with another claim (null, null = none). */
    public WebhookOutboxEvent withClaim(String by, Instant until) {
        return new WebhookOutboxEvent(seq, eventId, userId, payload, attempts, nextAttemptAt, lastError, status,
                createdAt, lastAttemptAt, deliveredAt, by, until, order);
    }

    @Override
    public String toString() {
        // The payload is the user's order event: kept out of logs that print the record.
        return "WebhookOutboxEvent[seq=" + seq + ", eventId=" + eventId + ", userId=" + userId + ", attempts=" + attempts
                + ", nextAttemptAt=" + nextAttemptAt + ", status=" + status + ", lastError=" + lastError
                + ", claimedBy=" + claimedBy + ", claimedUntil=" + claimedUntil + ", order=" + order + "]";
    }
}
