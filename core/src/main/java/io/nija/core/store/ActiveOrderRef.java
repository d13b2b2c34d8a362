package io.nija.core.store;

/** An unfinished order by id and user only: what a sweep for orders nobody drives reads first. */
public record ActiveOrderRef(String orderId, String userId) {
}
