package io.nija.sim.engine;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The one rule for eventually consistent reads: an order is invisible to the venue's read endpoints (order
 * queries by client or venue id, open and closed order lists, trade lists) until {@code lag} has passed since
 * it was placed, judged by the engine's clock. Exchanges serve reads from stores that trail the matching
 * engine (Binance has answered "order does not exist" for tens of seconds after accepting an order), so a
 * router must not take "not found" right after a write as proof of absence.
 *
 * <p>Only reads are lagged. Writes (place, cancel) and the engine's own checks (duplicate client ids) see the
 * truth, as a matching engine does.
 */
public final class Visibility {
    /** Reads see every order at once. */
    public static final Visibility IMMEDIATE = new Visibility(() -> 0);

    private final LongSupplier lagMs;

    /** {@code lagMs} is asked on every read, so a fault switched on or off takes effect at once. */
    public Visibility(LongSupplier lagMs) {
        this.lagMs = lagMs;
    }

    /** The newest creation time an order may have and still be visible at {@code now}; null when nothing lags. */
    Instant cutoff(Instant now) {
        long lag = lagMs.getAsLong();
        return lag <= 0 ? null : now.minusMillis(lag);
    }

    static boolean visible(EngineOrder order, Instant cutoff) {
        return cutoff == null || !order.createdAt.isAfter(cutoff);
    }
}
