package io.nija.core.routing;

import java.util.Locale;

/**
 * How the router chooses among eligible venues. {@link #PRICE} (the default) compares what the order is expected to
 * cost on each venue, all in: the book walked for its size, the user's taker fee, and the expected cost of a failed
 * send, of the time in flight and of the queue. {@link #SCORE} is the design's weighted score of fee, latency,
 * success, load and pair history, which never looks at the price: kept selectable per deployment.
 */
public enum RoutingPolicy {
    PRICE, SCORE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code price} or {@code score} (any case) */
    public static RoutingPolicy parse(String s) {
        for (RoutingPolicy p : values()) {
            if (p.wire().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("routing policy must be price or score, not '" + s + "'");
    }
}
