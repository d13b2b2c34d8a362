package io.nija.core.signal;

import java.math.BigDecimal;

/**
 * How an entry is to be worked, beyond its size: a limit price (rest at that price for {@code timeInForceS} seconds,
 * then cancel what is left), and a bracket of take-profit and stop-loss prices that arm exits for what fills. Every
 * field is optional; {@link #NONE} is a plain market entry.
 */
public record EntryTerms(BigDecimal limitPrice, Integer timeInForceS, BigDecimal takeProfitPrice, BigDecimal stopLossPrice) {
    public static final EntryTerms NONE = new EntryTerms(null, null, null, null);

    public boolean hasBracket() {
        return takeProfitPrice != null || stopLossPrice != null;
    }

    public boolean isEmpty() {
        return limitPrice == null && timeInForceS == null && !hasBracket();
    }
}
