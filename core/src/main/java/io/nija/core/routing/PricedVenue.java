package io.nija.core.routing;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.PriceLevel;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
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
    private static final BigDecimal BPS = new BigDecimal("10000");

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
        BigDecimal value = walked.notional().add(unfilled.multiply(limit));
        BigDecimal atMid = quantity.multiply(mid);
        BigDecimal sign = side == Side.BUY ? BigDecimal.ONE : BigDecimal.ONE.negate();
        BigDecimal priceBps = Decimals.divide(value.subtract(atMid).multiply(sign).multiply(BPS), atMid);
        BigDecimal feeBps = Decimals.divide(value.multiply(feeRate).multiply(BPS), atMid);
        BigDecimal restingBps = Decimals.divide(unfilled.multiply(restingPenaltyBps), quantity);
        BigDecimal average = quantity.signum() == 0 ? null : Decimals.divide(value, quantity);
        return new VenueCost(venue(), quantity, average, feeRate, priceBps, feeBps, failureBps, latencyBps, restingBps);
    }

    /** A unit's all-in price at book price {@code p}: fee added for a buy, taken off for a sell, plus the venue's costs. */
    BigDecimal effectivePrice(Side side, BigDecimal p, BigDecimal mid) {
        BigDecimal extra = Decimals.divide(mid.multiply(failureBps.add(latencyBps)), BPS);
        return side == Side.BUY ? p.multiply(BigDecimal.ONE.add(feeRate)).add(extra)
                : p.multiply(BigDecimal.ONE.subtract(feeRate)).subtract(extra);
    }
}
