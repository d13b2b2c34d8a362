package io.nija.core.routing;

import io.nija.core.instrument.Pair;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The liquidity the router's own orders have claimed and not yet filled, per (venue, pair, side). Without it every
 * order of a burst reads the same book, routes to the same venue and sizes against the same levels, and the last
 * ones rest. A leg holds its unfilled quantity from the moment it is created (routing or failover) until it fills,
 * is cancelled, ends, or is superseded; books are read net of the holds.
 *
 * <p>Shared by every user's lane, so it is synchronized; it only ever holds live legs, so it stays small.
 */
public final class ReservationLedger {
    private record Key(String venue, Pair pair, Side side) { }

    private record Hold(Key key, BigDecimal quantity) { }

    private final Map<String, Hold> byLeg = new HashMap<>();
    private final Map<Key, BigDecimal> totals = new HashMap<>();

    /** Sets the leg's hold to {@code quantity} (replacing what it held before); zero or less releases it. */
    public synchronized void hold(String legId, String venue, Pair pair, Side side, BigDecimal quantity) {
        release(legId);
        if (quantity == null || quantity.signum() <= 0) {
            return;
        }
        Key key = new Key(venue, pair, side);
        byLeg.put(legId, new Hold(key, quantity));
        totals.merge(key, quantity, BigDecimal::add);
    }

    public synchronized void release(String legId) {
        Hold h = byLeg.remove(legId);
        if (h == null) {
            return;
        }
        BigDecimal left = totals.get(h.key()).subtract(h.quantity());
        if (left.signum() <= 0) {
            totals.remove(h.key());
        } else {
            totals.put(h.key(), left);
        }
    }

    /**
     * Brings the order's holds in line with its legs: a live leg (not final, not superseded) holds what it has not
     * filled, any other leg nothing. Idempotent, so it can run after every change to the order.
     */
    public synchronized void sync(Order order) {
        for (OrderLeg leg : order.legs()) {
            if (leg.status().isTerminal() || leg.supersededBy() != null) {
                release(leg.legId());
            } else {
                hold(leg.legId(), leg.venue(), order.pair(), order.side(), leg.remainingQty());
            }
        }
    }

    /** Quantity held on a venue's book for one side (what our orders there will take). */
    public synchronized BigDecimal reserved(String venue, Pair pair, Side side) {
        return totals.getOrDefault(new Key(venue, pair, side), BigDecimal.ZERO);
    }

    /** Number of legs holding anything (for tests and metrics). */
    public synchronized int holds() {
        return byLeg.size();
    }
}
