package io.nija.core.engine;

import io.nija.core.market.OrderBook;
import io.nija.core.routing.ReferenceMid;
import io.nija.core.routing.VenueCandidate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The venue-independent mid an order's slippage is measured against: the {@link ReferenceMid} of every venue book
 * read when routing (the merged book's mid while it is not crossed, else the median of the fresh venues' mids).
 * Measuring against the chosen venue's own mid would hide the cost of routing to a venue dearer than the market.
 */
final class ArrivalMid {
    private ArrivalMid() {
    }

    /** The reference mid of the candidates' books, or null when none had a fresh two-sided book. */
    static BigDecimal of(List<VenueCandidate> candidates) {
        List<OrderBook> books = new ArrayList<>();
        for (VenueCandidate c : candidates) {
            books.add(c.book());
        }
        return ReferenceMid.of(books);
    }
}
