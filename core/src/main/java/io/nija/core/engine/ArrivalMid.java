package io.nija.core.engine;

import io.nija.core.market.OrderBook;
import io.nija.core.routing.VenueCandidate;
import java.math.BigDecimal;
import java.util.List;

/**
 * The venue-independent mid an order's slippage is measured against: halfway between the best bid and the best
 * ask over every venue book read when routing (the consolidated top of book). Measuring against the chosen venue's
 * own mid would hide the cost of routing to a venue that is dearer than the market.
 */
final class ArrivalMid {
    private ArrivalMid() {
    }

    /** The consolidated mid of the candidates' books, or null when none had a two-sided book. */
    static BigDecimal of(List<VenueCandidate> candidates) {
        BigDecimal bestBid = null;
        BigDecimal bestAsk = null;
        for (VenueCandidate c : candidates) {
            OrderBook book = c.book();
            if (book == null) {
                continue;
            }
            BigDecimal bid = book.bestBid();
            BigDecimal ask = book.bestAsk();
            if (bid != null && (bestBid == null || bid.compareTo(bestBid) > 0)) {
                bestBid = bid;
            }
            if (ask != null && (bestAsk == null || ask.compareTo(bestAsk) < 0)) {
                bestAsk = ask;
            }
        }
        if (bestBid == null || bestAsk == null) {
            return null;
        }
        return bestBid.add(bestAsk).divide(BigDecimal.TWO);
    }
}
