package io.nija.core.engine;

import io.nija.core.order.Order;
import java.time.Duration;

/** How long an order's limit legs may rest at a venue before what is left of them is cancelled. */
final class RestingTime {
    private RestingTime() {
    }

    /** The entry's own {@code time_in_force_s} when it gave a limit price with one, else the router's default. */
    static Duration ttl(Order order, Duration routerDefault) {
        Integer seconds = order.terms().timeInForceS();
        return seconds == null ? routerDefault : Duration.ofSeconds(seconds);
    }
}
