package io.nija.core.signal;

import java.math.BigDecimal;

/**
 * How an order is to be worked, beyond its size. On an entry: a limit price (rest at that price for
 * {@code timeInForceS} seconds, then cancel what is left), and a bracket of take-profit and stop-loss prices that arm
 * exits for what fills. Every field is optional; {@link #NONE} is a plain market entry.
 *
 * <p>On an exit, only the bracket desk sets terms, and then they describe a venue-native stop order: exactly one of
 * {@code stopLossPrice} / {@code takeProfitPrice} is the venue's trigger price, {@code limitPrice} the limit it works
 * at once triggered, and {@code ocoGroup} names the bracket, whose two sides claim the same coins once between them
 * (one cancels the other), not twice.
 */
public record EntryTerms(BigDecimal limitPrice, Integer timeInForceS, BigDecimal takeProfitPrice, BigDecimal stopLossPrice,
                         String ocoGroup) {
    public static final EntryTerms NONE = new EntryTerms(null, null, null, null, null);

    public EntryTerms(BigDecimal limitPrice, Integer timeInForceS, BigDecimal takeProfitPrice, BigDecimal stopLossPrice) {
        this(limitPrice, timeInForceS, takeProfitPrice, stopLossPrice, null);
    }

    /** The terms of a venue-native stop-loss exit of bracket {@code group}: trigger at {@code trigger}, work at {@code limit}. */
    public static EntryTerms nativeStopLoss(BigDecimal trigger, BigDecimal limit, String group) {
        return new EntryTerms(limit, null, null, trigger, group);
    }

    /** The terms of a venue-native take-profit exit of bracket {@code group}. */
    public static EntryTerms nativeTakeProfit(BigDecimal trigger, BigDecimal limit, String group) {
        return new EntryTerms(limit, null, trigger, null, group);
    }

    /**
     * The terms of an exit of bracket {@code group} that the router itself triggered (sent at market): it shares the
     * bracket's claim on the position with the native order of the other side.
     */
    public static EntryTerms bracketExit(String group) {
        return new EntryTerms(null, null, null, null, group);
    }

    public boolean hasBracket() {
        return takeProfitPrice != null || stopLossPrice != null;
    }

    public boolean isEmpty() {
        return limitPrice == null && timeInForceS == null && !hasBracket() && ocoGroup == null;
    }

    /**
     * The venue-native trigger these terms ask for on an exit (a limit with exactly one bracket price), or null. An
     * entry's bracket is not a trigger of the entry itself: callers ask this of reducing orders only.
     */
    public io.nija.core.venue.NativeTrigger exitTrigger() {
        if (limitPrice == null || (takeProfitPrice == null) == (stopLossPrice == null)) {
            return null;
        }
        return stopLossPrice != null ? io.nija.core.venue.NativeTrigger.stopLoss(stopLossPrice)
                : io.nija.core.venue.NativeTrigger.takeProfit(takeProfitPrice);
    }
}
