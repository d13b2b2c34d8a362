package io.nija.core.routing;

import io.nija.core.instrument.Decimals;
import io.nija.core.market.PriceLevel;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.util.List;

/**
 * The average price a route expects to pay before fees, whichever policy chose it: each planned leg walks its venue's
 * book net of our other orders in flight, up to its limit; what the book cannot fill is counted at the limit (it would
 * rest there). Each leg meets the book on its own, as a TWAP slice does after the book refilled. Kept on the order so
 * that its realised average price can be set against what routing expected (transaction cost analysis).
 */
public final class ExpectedPrice {
    private ExpectedPrice() {
    }

    /** The quantity-weighted expected price of {@code legs}, or null when a leg's venue has no book to walk. */
    public static BigDecimal of(Side side, List<PlannedLeg> legs, List<VenueCandidate> candidates) {
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal value = BigDecimal.ZERO;
        for (PlannedLeg leg : together(legs)) {
            VenueCandidate c = candidateOn(candidates, leg.instrument().venue());
            if (c == null || c.book() == null) {
                return null;
            }
            List<PriceLevel> levels = BookWalk.netLevels(c.book(), side, c.reserved());
            BigDecimal limit = leg.limitPrice() != null ? leg.limitPrice() : furthest(levels, side);
            if (limit == null) {
                return null;
            }
            BookWalk.Result walked = BookWalk.walk(levels, side, leg.quantity(), limit);
            value = value.add(walked.notional()).add(leg.quantity().subtract(walked.filled()).multiply(limit));
            quantity = quantity.add(leg.quantity());
        }
        return quantity.signum() == 0 ? null : Decimals.divide(value, quantity);
    }

    /**
     * Legs that meet the same book at once (pieces of one venue's share, due at the same time) as one leg of their
     * summed quantity: walked one by one from the top, each would be priced on the levels the one before takes.
     */
    private static List<PlannedLeg> together(List<PlannedLeg> legs) {
        java.util.Map<String, PlannedLeg> merged = new java.util.LinkedHashMap<>();
        for (PlannedLeg leg : legs) {
            merged.merge(leg.instrument().venue() + "|" + leg.delay() + "|" + leg.limitPrice(), leg,
                    (a, b) -> new PlannedLeg(a.instrument(), a.type(), a.quantity().add(b.quantity()), a.limitPrice(), a.delay()));
        }
        return List.copyOf(merged.values());
    }

    /** A market leg reaches as far as the book goes. */
    private static BigDecimal furthest(List<PriceLevel> levels, Side side) {
        return levels.isEmpty() ? null : levels.get(levels.size() - 1).price();
    }

    private static VenueCandidate candidateOn(List<VenueCandidate> candidates, String venue) {
        for (VenueCandidate c : candidates) {
            if (c.venue().equals(venue)) {
                return c;
            }
        }
        return null;
    }
}
