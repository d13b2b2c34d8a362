package io.nija.core.routing;

import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Keeps the child legs of a split order filling together. The legs on different venues are one order in parts, each
 * venue planned a share; when one venue fills while another's part does not (it rests below the market, waits out a
 * rate limit, or its answer is lost), the order ends up executed on one venue alone, at that venue's price and with
 * the exposure concentrated there, which the split was made to avoid.
 *
 * <p>A venue's quantity "filled alone" is what it filled beyond the slowest other venue's progress: {@code filled -
 * minProgress x planned}, where progress is filled over planned on every venue whose legs are still working. A leg is
 * sent only if, were it and every leg of its venue already out (sent and not ended) to fill completely while the
 * others fill nothing more, that would stay within {@code bound} of the order's planned quantity. So the bound holds
 * from the first leg on, not only once something filled: routing cuts each venue's share of a split into pieces of at
 * most the bound ({@code PriceRouting}), each venue's first piece goes at once, and its next pieces follow as the
 * other venues' fills come in. A venue that is not ahead of the slowest other and has nothing out may always send (so
 * the slowest venue always moves, even with a piece its minimum size made larger than the bound). Held legs go when
 * the others catch up, or when their legs end (filled, or cancelled at their time to live), since a venue whose legs
 * have all ended no longer holds the others back. A leg already sent is never taken back.
 */
public final class LegImbalance {
    private LegImbalance() {
    }

    /** As {@link #maySend(Order, OrderLeg, BigDecimal, Predicate)}, a leg being out when its venue has seen it. */
    public static boolean maySend(Order order, OrderLeg leg, BigDecimal bound) {
        return maySend(order, leg, bound, l -> l.status() != OrderStatus.QUEUED);
    }

    /**
     * Whether {@code leg} may be sent now; always true for an order worked on one venue, or without a bound.
     *
     * @param out whether a leg that has not ended is out: sent, or on its way to its venue
     */
    public static boolean maySend(Order order, OrderLeg leg, BigDecimal bound, Predicate<OrderLeg> out) {
        if (bound == null) {
            return true;
        }
        Map<String, BigDecimal[]> perVenue = new LinkedHashMap<>(); // venue -> {planned, filled, working legs, out unfilled}
        BigDecimal total = BigDecimal.ZERO;
        for (OrderLeg l : order.legs()) {
            if (l.supersededBy() != null) {
                continue;
            }
            BigDecimal[] v = perVenue.computeIfAbsent(l.venue(),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            v[0] = v[0].add(l.quantity());
            v[1] = v[1].add(l.filledQty());
            if (!l.status().isTerminal()) {
                v[2] = v[2].add(BigDecimal.ONE);
                if (l != leg && out.test(l)) {
                    v[3] = v[3].add(l.remainingQty());
                }
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
        BigDecimal behind = slowest.multiply(mine[0]);
        if (mine[3].signum() == 0 && mine[1].compareTo(behind) <= 0) {
            return true; // not ahead of anyone and nothing out: the slowest venue always moves
        }
        BigDecimal worstAlone = mine[1].add(mine[3]).add(leg.remainingQty()).subtract(behind);
        return worstAlone.compareTo(bound.multiply(total)) <= 0;
    }
}
