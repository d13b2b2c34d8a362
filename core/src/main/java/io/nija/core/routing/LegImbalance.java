package io.nija.core.routing;

import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the child legs of a split order filling together. The legs on different venues are one order in parts, each
 * venue planned a share; when one venue fills while another's part does not (it rests below the market, waits out a
 * rate limit, or its answer is lost), the order ends up executed on one venue alone, at that venue's price and with
 * the exposure concentrated there, which the split was made to avoid.
 *
 * <p>A venue's quantity "filled alone" is what it filled beyond the slowest other venue's progress: {@code filled -
 * minProgress x planned}, where progress is filled over planned on every venue whose legs are still working. While
 * that is above {@code bound} of the order's planned quantity, the venue's next legs (a TWAP's later slices) wait;
 * they go when the other venues catch up, or when their legs end (filled, or cancelled at their time to live), since a
 * venue whose legs have all ended no longer holds the others back. A limit never takes a leg already sent.
 */
public final class LegImbalance {
    private LegImbalance() {
    }

    /** Whether {@code leg} may be sent now; always true for an order worked on one venue, or without a bound. */
    public static boolean maySend(Order order, OrderLeg leg, BigDecimal bound) {
        if (bound == null) {
            return true;
        }
        Map<String, BigDecimal[]> perVenue = new LinkedHashMap<>(); // venue -> {planned, filled, working legs}
        BigDecimal total = BigDecimal.ZERO;
        for (OrderLeg l : order.legs()) {
            if (l.supersededBy() != null) {
                continue;
            }
            BigDecimal[] v = perVenue.computeIfAbsent(l.venue(), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            v[0] = v[0].add(l.quantity());
            v[1] = v[1].add(l.filledQty());
            if (!l.status().isTerminal()) {
                v[2] = v[2].add(BigDecimal.ONE);
            }
            total = total.add(l.quantity());
        }
        if (perVenue.size() < 2 || total.signum() == 0) {
            return true;
        }
        BigDecimal[] mine = perVenue.get(leg.venue());
        BigDecimal slowest = null;
        for (Map.Entry<String, BigDecimal[]> e : perVenue.entrySet()) {
            BigDecimal[] v = e.getValue();
            if (e.getKey().equals(leg.venue()) || v[2].signum() == 0) {
                continue; // its own venue, and venues whose legs have all ended, do not hold a venue back
            }
            BigDecimal progress = v[1].divide(v[0], MathContext.DECIMAL64);
            slowest = slowest == null ? progress : slowest.min(progress);
        }
        if (slowest == null) {
            return true;
        }
        BigDecimal alone = mine[1].subtract(slowest.multiply(mine[0]));
        return alone.compareTo(bound.multiply(total)) <= 0;
    }
}
