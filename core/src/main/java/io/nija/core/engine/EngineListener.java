package io.nija.core.engine;

import io.nija.core.order.Order;

/** Observers of the engine: metrics, notifications. Calls come from lanes and must return quickly. */
public interface EngineListener {
    EngineListener NONE = new EngineListener() { };

    /** A routing decision was made for {@code venue} in {@code nanos}. */
    default void routed(String venue, long nanos) {
    }

    /** A leg reached a final state on {@code venue}; {@code filled} says whether it filled completely. */
    default void executionFinished(String venue, boolean filled) {
    }

    /** An order changed (status, fills); called after it was stored. */
    default void orderUpdated(Order order) {
    }
}
