package io.nija.core.position;

import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A user's holding of one pair on one venue, by the average-cost method.
 *
 * <p>{@code quantity} is signed (negative = short) and is always exactly the signed sum of the fills
 * applied. {@code averageCost} is recomputed only when the position grows; reducing it realizes
 * {@code closed × (price − averageCost)} for a long (the reverse for a short). Fees are charged to realized
 * PnL when paid.
 */
public final class Position {
    /** Scale of the stored average cost: far below any venue's tick, so the rounding is immaterial. */
    static final int AVERAGE_COST_SCALE = 18;

    private final String userId;
    private final String venue;
    private final Pair pair;
    private BigDecimal quantity = BigDecimal.ZERO;
    private BigDecimal averageCost = BigDecimal.ZERO;
    private BigDecimal realizedPnl = BigDecimal.ZERO;

    public Position(String userId, String venue, Pair pair) {
        this.userId = Objects.requireNonNull(userId);
        this.venue = Objects.requireNonNull(venue);
        this.pair = Objects.requireNonNull(pair);
    }

    public static Position restore(String userId, String venue, Pair pair, BigDecimal quantity,
                                   BigDecimal averageCost, BigDecimal realizedPnl) {
        Position p = new Position(userId, venue, pair);
        p.quantity = quantity;
        p.averageCost = averageCost;
        p.realizedPnl = realizedPnl;
        return p;
    }

    /** Applies one fill: quantity of {@code side} at {@code price}, paying {@code feeInQuote}. */
    public void apply(Side side, BigDecimal fillQty, BigDecimal price, BigDecimal feeInQuote) {
        BigDecimal signed = side == Side.BUY ? fillQty : fillQty.negate();
        realizedPnl = realizedPnl.subtract(feeInQuote);
        if (quantity.signum() == 0 || quantity.signum() == signed.signum()) {
            grow(signed, price);
            return;
        }
        BigDecimal closing = fillQty.min(quantity.abs());
        BigDecimal pnlPerUnit = quantity.signum() > 0 ? price.subtract(averageCost) : averageCost.subtract(price);
        realizedPnl = realizedPnl.add(closing.multiply(pnlPerUnit));
        BigDecimal remainder = fillQty.subtract(closing);
        quantity = quantity.add(signed.signum() > 0 ? closing : closing.negate());
        if (quantity.signum() == 0) {
            averageCost = BigDecimal.ZERO;
        }
        if (remainder.signum() > 0) {
            // The fill flipped the position: what is left opens a new one at the fill price.
            grow(signed.signum() > 0 ? remainder : remainder.negate(), price);
        }
    }

    private void grow(BigDecimal signedQty, BigDecimal price) {
        BigDecimal oldCost = averageCost.multiply(quantity.abs());
        BigDecimal newQty = quantity.add(signedQty);
        averageCost = oldCost.add(signedQty.abs().multiply(price))
                .divide(newQty.abs(), AVERAGE_COST_SCALE, RoundingMode.HALF_EVEN);
        quantity = newQty;
    }

    /** PnL of the open quantity if it were closed at {@code markPrice}. */
    public BigDecimal unrealizedPnl(BigDecimal markPrice) {
        if (quantity.signum() == 0 || markPrice == null) {
            return BigDecimal.ZERO;
        }
        return markPrice.subtract(averageCost).multiply(quantity);
    }

    /** Value of the open quantity at {@code markPrice}, always positive. */
    public BigDecimal exposureUsd(BigDecimal markPrice) {
        return markPrice == null ? averageCost.multiply(quantity.abs()) : markPrice.multiply(quantity.abs());
    }

    public String userId() { return userId; }
    public String venue() { return venue; }
    public Pair pair() { return pair; }
    public BigDecimal quantity() { return quantity; }
    public BigDecimal averageCost() { return averageCost; }
    public BigDecimal realizedPnl() { return realizedPnl; }
}
