package io.nija.venues.common;

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
}
