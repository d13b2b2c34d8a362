package io.nija.core.order;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The life of an order (and of each of its legs). {@code UNKNOWN} means "sent, answer lost": it is left
 * only by asking the venue, never by sending again. Terminal states have no way out.
 */
public enum OrderStatus {
    PENDING, ROUTING, QUEUED, EXECUTING, PARTIAL_FILL, UNKNOWN, FILLED, REJECTED, FAILED, CANCELLED;

    private Set<OrderStatus> next;

    static {
        PENDING.next = EnumSet.of(ROUTING, REJECTED, CANCELLED, FAILED);
        ROUTING.next = EnumSet.of(QUEUED, REJECTED, CANCELLED, FAILED);
        // QUEUED -> ROUTING: fail over to another venue before anything was sent.
        QUEUED.next = EnumSet.of(EXECUTING, ROUTING, CANCELLED, FAILED, REJECTED);
        // EXECUTING -> QUEUED: the venue refused for a venue-side reason without taking the order.
        EXECUTING.next = EnumSet.of(PARTIAL_FILL, FILLED, REJECTED, FAILED, CANCELLED, UNKNOWN, QUEUED);
        PARTIAL_FILL.next = EnumSet.of(PARTIAL_FILL, FILLED, CANCELLED, UNKNOWN);
        // UNKNOWN -> QUEUED only once the venue has confirmed it holds no such order.
        UNKNOWN.next = EnumSet.of(EXECUTING, PARTIAL_FILL, FILLED, REJECTED, FAILED, CANCELLED, QUEUED);
        FILLED.next = EnumSet.noneOf(OrderStatus.class);
        REJECTED.next = EnumSet.noneOf(OrderStatus.class);
        FAILED.next = EnumSet.noneOf(OrderStatus.class);
        CANCELLED.next = EnumSet.noneOf(OrderStatus.class);
    }

    public boolean canMoveTo(OrderStatus target) {
        return next.contains(target);
    }

    public boolean isTerminal() {
        return next.isEmpty();
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrderStatus parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
