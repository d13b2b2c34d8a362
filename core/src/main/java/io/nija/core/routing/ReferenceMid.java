package io.nija.core.routing;

import io.nija.core.market.OrderBook;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The venue-independent price an order is measured against (its arrival mid) and routing prices venues against.
 *
 * <p>Only fresh books take part: a book read more than {@link #FRESH_WITHIN} before the newest of them (one routing
 * fell back on while its venue could not be read) says where that venue was, not where the market is.
 *
 * <p>While the merged book of the fresh venues is not crossed (best bid at most the best ask), the reference is its
 * mid: both sides are prices someone could trade at now, so halfway between is the fairest single price. A crossed
 * merged book means the venues disagree by more than their spreads: one venue is dislocated, or the books were read
 * at different moments of a moving market. Its "mid" is then halfway between the two venues that disagree most
 * (one dislocated venue's bid above everyone's ask moves it by half the dislocation), so the reference is instead the
 * median of the fresh venues' own mids: what most venues agree on, which one venue alone cannot move.
 */
public final class ReferenceMid {
    /** How far behind the newest book another may be read and still count. */
    public static final Duration FRESH_WITHIN = Duration.ofSeconds(1);

    private ReferenceMid() {
    }

    /**
     * The reference of these books (nulls skipped), or null when no fresh book has both sides. See the class comment.
     */
    public static BigDecimal of(List<OrderBook> books) {
        List<OrderBook> fresh = fresh(books);
        BigDecimal bestBid = null;
        BigDecimal bestAsk = null;
        List<BigDecimal> mids = new ArrayList<>();
        for (OrderBook b : fresh) {
            BigDecimal bid = b.bestBid();
            BigDecimal ask = b.bestAsk();
            if (bid != null && (bestBid == null || bid.compareTo(bestBid) > 0)) {
                bestBid = bid;
            }
            if (ask != null && (bestAsk == null || ask.compareTo(bestAsk) < 0)) {
                bestAsk = ask;
            }
            if (bid != null && ask != null) {
                mids.add(bid.add(ask).divide(BigDecimal.TWO));
            }
        }
        if (mids.isEmpty()) {
            return null;
        }
        if (bestBid.compareTo(bestAsk) <= 0) {
            return bestBid.add(bestAsk).divide(BigDecimal.TWO);
        }
        return median(mids);
    }

    /**
     * As {@link #of}, but with a one-sided answer when no fresh book has both sides (the best price on the side there
     * is): routing still needs a price to express costs in bps against.
     */
    public static BigDecimal orTouch(List<OrderBook> books) {
        BigDecimal mid = of(books);
        if (mid != null) {
            return mid;
        }
        return BookWalk.consolidatedMid(fresh(books));
    }

    /** Whether the fresh books' merged best bid is above their merged best ask. */
    public static boolean crossed(List<OrderBook> books) {
        BigDecimal bestBid = null;
        BigDecimal bestAsk = null;
        for (OrderBook b : fresh(books)) {
            if (b.bestBid() != null && (bestBid == null || b.bestBid().compareTo(bestBid) > 0)) {
                bestBid = b.bestBid();
            }
            if (b.bestAsk() != null && (bestAsk == null || b.bestAsk().compareTo(bestAsk) < 0)) {
                bestAsk = b.bestAsk();
            }
        }
        return bestBid != null && bestAsk != null && bestBid.compareTo(bestAsk) > 0;
    }

    /** The books read within {@link #FRESH_WITHIN} of the newest one (a book without a time counts as fresh). */
    static List<OrderBook> fresh(List<OrderBook> books) {
        Instant newest = null;
        for (OrderBook b : books) {
            if (b != null && b.time() != null && (newest == null || b.time().isAfter(newest))) {
                newest = b.time();
            }
        }
        List<OrderBook> out = new ArrayList<>();
        for (OrderBook b : books) {
            if (b != null && (b.time() == null || newest == null || !b.time().isBefore(newest.minus(FRESH_WITHIN)))) {
                out.add(b);
            }
        }
        return out;
    }

    private static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        if (n % 2 == 1) {
            return sorted.get(n / 2);
        }
        return sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.TWO, MathContext.DECIMAL64);
    }
}
