package io.nija.server.http;

import io.nija.core.instrument.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one place answers' decimals are shaped, as the contract says: no trailing zeros; quantities at the
 * instrument's lot scale, prices at most 4 digits finer than its tick, USD amounts at most 8 decimals, rounded
 * half-even. Derived values (an average price is a 34-digit division) would otherwise show tails such as
 * "65000.12345678901234567890000000021". Values already coarser than their limit are never padded or changed.
 */
final class DecimalFormats {
    static final int USD_SCALE = 8;
    static final int PRICE_EXTRA_DIGITS = 4;

    private DecimalFormats() {
    }

    static String usd(BigDecimal v) {
        return atMost(v, USD_SCALE);
    }

    /** A quantity at the scale of {@code lot} (the instrument's lot size); plain when there is no lot. */
    static String qty(BigDecimal v, BigDecimal lot) {
        return lot == null ? Decimals.plain(v) : atMost(v, scaleOf(lot));
    }

    /** A price at most {@value #PRICE_EXTRA_DIGITS} digits finer than {@code tick}; 8 decimals when no tick. */
    static String price(BigDecimal v, BigDecimal tick) {
        return atMost(v, tick == null ? USD_SCALE : scaleOf(tick) + PRICE_EXTRA_DIGITS);
    }

    static String atMost(BigDecimal v, int scale) {
        if (v == null) {
            return null;
        }
        return Decimals.plain(v.scale() > scale ? v.setScale(scale, RoundingMode.HALF_EVEN) : v);
    }

    private static int scaleOf(BigDecimal step) {
        return Math.max(0, step.stripTrailingZeros().scale());
    }
}
