package io.nija.server.events;

import java.time.Instant;

/**
 * One order event as users receive it, over Server-Sent Events and webhooks alike. {@code json} is the whole
 * event as sent: {@code {event_id, type, status, user_id, order_id, signal_id, correlation_id, created_at,
 * order:{…as GET /orders/{id}}}}. The event id is unique (time-ordered, never reused across restarts); a repeated
 * delivery of the same event carries the same id, so receivers de-duplicate by it. {@code orderUpdatedAt} is the
 * order's {@code updatedAt} as stored: with the order id and status it names the order state the event describes
 * (null when unknown).
 */
public record OrderEvent(String eventId, String type, String userId, String orderId, String signalId, String status,
                         String correlationId, Instant createdAt, String json, Instant orderUpdatedAt) {
    public static final String ORDER_UPDATED = "order.updated";
}
