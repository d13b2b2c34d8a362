package io.nija.core.store;

import io.nija.core.order.OrderStatus;
import java.time.Instant;

/**
 * Filters for listing orders; null means "any". Newest first (by created-at, then order id), at most {@code limit}.
 *
 * @param since  only orders created at or after this instant
 * @param until  only orders created before this instant (exclusive, so consecutive windows never overlap)
 * @param after  keyset paging: only orders strictly older than this position in the newest-first order
 */
public record OrderQuery(String userId, OrderStatus status, int limit, Instant since, Instant until, String strategy,
                         OrderCursor after) {
    public OrderQuery {
        if (limit <= 0 || limit > 1001) {
            // 1001: an API page of 1000 asks for one more to learn whether a next page exists.
            throw new IllegalArgumentException("limit must be between 1 and 1001");
        }
    }

    public OrderQuery(String userId, OrderStatus status, int limit) {
        this(userId, status, limit, null, null, null, null);
    }

    /** Whether {@code created}/{@code orderId}/{@code strategy} pass the time, strategy and cursor filters. */
    public boolean matches(Instant created, String orderId, String orderStrategy) {
        return (since == null || !created.isBefore(since))
                && (until == null || created.isBefore(until))
                && (strategy == null || strategy.equals(orderStrategy))
                && (after == null || after.isAfter(created, orderId));
    }
}
