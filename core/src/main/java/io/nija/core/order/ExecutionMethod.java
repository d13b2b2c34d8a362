package io.nija.core.order;

import java.util.Locale;

/**
 * How an order is worked. MARKET for stops and exits (speed over price), LIMIT for entries (price
 * protection), TWAP for sizes above the configured threshold (sliced over time).
 */
public enum ExecutionMethod {
    MARKET, LIMIT, TWAP;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
