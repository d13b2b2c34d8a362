package io.nija.core.routing;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.PriceLevel;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * An eligible venue as the price policy sees it for one order: its book net of our own orders in flight, the price
 * the order can reach there (its limit), the user's taker fee, and the per-venue costs that do not depend on size.
 *
 * @param touch      the venue's own best price on the order's side (what its limit and quantity are set from)
 * @param limit      the furthest price the order reaches there: the limit of a limit order, the price band of a
 *                   market order
 * @param failureBps expected cost of a failed send: failure rate × penalty
 * @param latencyBps expected move while in flight (measured latency plus queue)
 * @param maxQuantity the most the user's balance there pays for ({@link VenueCapacity}); null when not known. The
 *                    levels are already cut to it; a split never gives the venue more.
 */
public record PricedVenue(Instrument instrument, List<PriceLevel> levels, BigDecimal touch, BigDecimal limit,
                          BigDecimal feeRate, BigDecimal failureBps, BigDecimal latencyBps, BigDecimal maxQuantity) {
    /**
     * Decimals the bps parts of a cost are kept to: 1e-8 bps is a million times finer than the 0.01 bps venues are
     * compared at, and it keeps the parts and their sum in a long, so pricing a venue makes no 34-digit arithmetic.
     */
    static final int BPS_SCALE = 8;
    /** The average price is only shown (to 10 digits), so 16 significant digits are plenty. */
    private static final java.math.MathContext AVERAGE = java.math.MathContext.DECIMAL64;

    public PricedVenue(Instrument instrument, List<PriceLevel> levels, BigDecimal touch, BigDecimal limit,
                       BigDecimal feeRate, BigDecimal failureBps, BigDecimal latencyBps) {
        this(instrument, levels, touch, limit, feeRate, failureBps, latencyBps, null);
    }

    /** What the venue can still take when it already has {@code taken}: unlimited (null) or what the balance leaves. */
    BigDecimal room(BigDecimal taken) {
        return maxQuantity == null ? null : maxQuantity.subtract(taken).max(BigDecimal.ZERO);
    }

    public String venue() {
        return instrument.venue();
    }

    /** All-in cost of {@code quantity} here, in bps of {@code mid}; see {@link VenueCost}. */
    public VenueCost cost(Side side, BigDecimal quantity, BigDecimal mid, BigDecimal restingPenaltyBps) {
        BookWalk.Result walked = BookWalk.walk(levels, side, quantity, limit);
        BigDecimal unfilled = quantity.subtract(walked.filled());
        BigDecimal value = unfilled.signum() == 0 ? walked.notional() : walked.notional().add(unfilled.multiply(limit));
        BigDecimal atMid = quantity.multiply(mid);
        // x 10 000 as a shift of the decimal point: same value, no multiplication.
        BigDecimal over = side == Side.BUY ? value.subtract(atMid) : atMid.subtract(value);
        BigDecimal priceBps = over.scaleByPowerOfTen(4).divide(atMid, BPS_SCALE, RoundingMode.HALF_EVEN);
        BigDecimal feeBps = value.multiply(feeRate).scaleByPowerOfTen(4).divide(atMid, BPS_SCALE, RoundingMode.HALF_EVEN);
        BigDecimal restingBps = unfilled.signum() == 0 ? BigDecimal.ZERO
                : unfilled.multiply(restingPenaltyBps).divide(quantity, BPS_SCALE, RoundingMode.HALF_EVEN);
        BigDecimal average = quantity.signum() == 0 ? null : value.divide(quantity, AVERAGE);
        return new VenueCost(venue(), quantity, average, feeRate, priceBps, feeBps, failureBps, latencyBps, restingBps);
    }

    /** A unit's all-in price at book price {@code p}: fee added for a buy, taken off for a sell, plus the venue's costs. */
    BigDecimal effectivePrice(Side side, BigDecimal p, BigDecimal mid) {
        BigDecimal extra = mid.multiply(failureBps.add(latencyBps)).movePointLeft(4); // exact: / 10 000
        return side == Side.BUY ? p.multiply(BigDecimal.ONE.add(feeRate)).add(extra)
                : p.multiply(BigDecimal.ONE.subtract(feeRate)).subtract(extra);
    }
}
