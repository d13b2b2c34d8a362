package io.nija.core.store;

import io.nija.core.order.OrderStatus;

/** Filters for listing orders; null means "any". Newest first, at most {@code limit}. */
public record OrderQuery(String userId, OrderStatus status, int limit) {
    public OrderQuery {
        if (limit <= 0 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
    }
}
