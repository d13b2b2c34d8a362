package io.nija.core.routing;

import java.math.BigDecimal;

/**
 * What the price policy adds to a book walk to compare venues in one unit (basis points of the arrival mid).
 *
 * @param failurePenaltyBps  what a failed send costs (the market moves while the order fails over): weighted by the
 *                           venue's measured failure rate
 * @param movePerSecondBps   expected adverse move per second in flight: weighted by the venue's measured latency
 * @param queuedTaskMs       how long one task queued ahead of the order adds to its time in flight
 * @param restingPenaltyBps  what a part of the order that the book cannot fill within its limit costs on top of
 *                           the limit price (it rests, and may never fill)
 * @param splitMinUsd        orders below this size always go whole to one venue
 * @param splitMinSavingUsd  each leg a split adds must save at least this much (USD) over the best single venue:
 *                           a leg is one more request and one more thing to fail
 * @param maxSplitVenues     the most venues one order (or one TWAP slice) is split over
 * @param maxLegImbalance    the most of a split order (as a fraction of its quantity) one venue may fill alone, ahead
 *                           of the slowest other venue still working, counting its legs out as if they filled: a
 *                           split's shares are cut into pieces of at most this, and a venue's next piece waits while
 *                           it could pass the bound ({@link LegImbalance}); null for no bound (one leg per venue)
 */
public record CostModel(BigDecimal failurePenaltyBps, BigDecimal movePerSecondBps, BigDecimal queuedTaskMs,
                        BigDecimal restingPenaltyBps, BigDecimal splitMinUsd, BigDecimal splitMinSavingUsd,
                        int maxSplitVenues, BigDecimal maxLegImbalance) {
    public CostModel(BigDecimal failurePenaltyBps, BigDecimal movePerSecondBps, BigDecimal queuedTaskMs,
                     BigDecimal restingPenaltyBps, BigDecimal splitMinUsd, BigDecimal splitMinSavingUsd,
                     int maxSplitVenues) {
        this(failurePenaltyBps, movePerSecondBps, queuedTaskMs, restingPenaltyBps, splitMinUsd, splitMinSavingUsd,
                maxSplitVenues, new BigDecimal("0.25"));
    }

    public CostModel withMaxLegImbalance(BigDecimal bound) {
        return new CostModel(failurePenaltyBps, movePerSecondBps, queuedTaskMs, restingPenaltyBps, splitMinUsd,
                splitMinSavingUsd, maxSplitVenues, bound);
    }

    public CostModel {
        if (maxSplitVenues < 1) {
            throw new IllegalArgumentException("maxSplitVenues must be at least 1");
        }
    }

    public static CostModel defaults() {
        return new CostModel(new BigDecimal("50"), new BigDecimal("1"), new BigDecimal("20"), new BigDecimal("50"),
                new BigDecimal("5000"), new BigDecimal("1"), 6);
    }
}
