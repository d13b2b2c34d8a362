package io.nija.venues.common;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.instrument.SymbolMapping;
import java.util.Locale;
import java.util.Optional;

/** Canonical pairs from an exchange's base and quote asset codes. */
public final class Pairs {
    private Pairs() {
    }

    /**
     * The canonical pair (USDT and USDC quotes become USD, as core SymbolMapping decides), or empty when the
     * exchange lists an asset code the canonical form cannot hold (lower case, dots, more than 10 characters):
     * such markets are left out rather than failing the whole instrument list.
     */
    public static Optional<Pair> canonical(String base, String quote) {
        if (base == null || quote == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SymbolMapping.canonical(new Pair(base.toUpperCase(Locale.ROOT), quote.toUpperCase(Locale.ROOT))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The quote asset the venue really settles in: the canonical pair says USD for USDT and USDC books, but a fee
     * charged in the quote of BTCUSDT is in USDT. Read from the end of the venue symbol.
     */
    public static String venueQuote(Instrument instrument) {
        String quote = instrument.pair().quote();
        String symbol = instrument.symbol().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        if ("USD".equals(quote)) {
            for (String stable : new String[] {"USDT", "USDC"}) {
                if (symbol.endsWith(stable)) {
                    return stable;
                }
            }
        }
        return quote;
    }
}
