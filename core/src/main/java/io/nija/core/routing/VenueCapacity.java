package io.nija.core.routing;

import io.nija.core.instrument.Decimals;
import io.nija.core.market.PriceLevel;
import io.nija.core.signal.Side;
import io.nija.core.signal.TradeSignal;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a venue can take of this user's order beyond its book: its request budget now, and the user's balance there.
 * A venue whose budget refuses this user's key now gets nothing while another eligible venue can send at once (its
 * share would wait in the queue while the market moves); when none can, budget decides nothing. A venue gets at most
 * what the user's balance there pays for, fee included: the venue would refuse the rest, and the failover that
 * follows costs a round trip and the move meanwhile.
 */
public final class VenueCapacity {
    private VenueCapacity() {
    }

    /** Whether some venue otherwise eligible for the signal can send at once: only then does budget rule venues out. */
    public static boolean budgetDecides(TradeSignal signal, UserLimits limits, List<VenueCandidate> candidates) {
        boolean someWait = false;
        boolean someNow = false;
        for (VenueCandidate c : candidates) {
            if (Router.ineligibility(signal, limits, c) == null) {
                someWait |= !c.budgetWait().isZero();
                someNow |= c.budgetWait().isZero();
            }
        }
        return someWait && someNow;
    }

    /** Why the venue gets nothing for want of budget, or null. */
    static String noBudget(VenueCandidate c) {
        if (c.budgetWait().isZero()) {
            return null;
        }
        return "no request budget now: next call in "
                + BigDecimal.valueOf(c.budgetWait().toMillis()).movePointLeft(3).setScale(1, RoundingMode.UP).toPlainString()
                + " s";
    }

    /**
     * The most this venue can take for the user at {@code price} (the limit the order may reach there, so the balance
     * covers the worst fill): the spendable quote over price × (1 + fee) for a buy, the spendable base for a sell, on
     * the venue's lot. Null when the balance is not known: the venue then decides.
     */
    public static BigDecimal maxQuantity(Side side, VenueCandidate c, BigDecimal price, BigDecimal feeRate) {
        BigDecimal spendable = c.spendable();
        if (spendable == null || c.instrument() == null) {
            return null;
        }
        if (spendable.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal q = side == Side.SELL ? spendable
                : spendable.divide(price.multiply(BigDecimal.ONE.add(feeRate == null ? BigDecimal.ZERO : feeRate)),
                        18, RoundingMode.DOWN);
        return Decimals.floorToStep(q, c.instrument().lotSize());
    }

    /** The levels with only {@code max} quantity in them (the book as far as the balance reaches); all when null. */
    public static List<PriceLevel> capped(List<PriceLevel> levels, BigDecimal max) {
        if (max == null) {
            return levels;
        }
        List<PriceLevel> out = new ArrayList<>();
        BigDecimal left = max;
        for (PriceLevel l : levels) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal take = l.quantity().min(left);
            out.add(take.compareTo(l.quantity()) == 0 ? l : new PriceLevel(l.price(), take));
            left = left.subtract(take);
        }
        return out;
    }

    /** Why the venue cannot take {@code quantity} whole for want of balance, or null. */
    static String shortOfBalance(BigDecimal quantity, BigDecimal max, VenueCandidate c) {
        if (max == null || max.compareTo(quantity) >= 0) {
            return null;
        }
        return "balance there covers " + Decimals.plain(max) + " of " + Decimals.plain(quantity) + " "
                + c.instrument().pair().base();
    }
}
