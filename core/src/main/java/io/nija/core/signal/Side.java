package io.nija.core.signal;

import java.util.Locale;

public enum Side {
    BUY, SELL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** +1 for a buy, -1 for a sell: the sign a fill of this side gives a position. */
    public int sign() {
        return this == BUY ? 1 : -1;
    }

    public static Side parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "buy" -> { return BUY; }
                case "sell" -> { return SELL; }
                default -> { }
            }
        }
        throw new SignalRejectedException("invalid_side", "side must be buy or sell");
    }
}
