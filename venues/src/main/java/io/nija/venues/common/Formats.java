package io.nija.venues.common;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.math.BigDecimal;

/**
 * Prices and quantities as they go on the wire: plain decimal text (never an exponent), no more decimals than the
 * instrument allows. A value off the instrument's grid is refused before sending rather than silently rounded,
 * because the caller promised grid values and a rounded order would not be the order it asked for.
 */
public final class Formats {
    private Formats() {
    }

    public static String price(Instrument instrument, BigDecimal price) {
        return onGrid(price, instrument.tickSize(), instrument.priceScale(), "price");
    }

    public static String quantity(Instrument instrument, BigDecimal qty) {
        return onGrid(qty, instrument.lotSize(), instrument.quantityScale(), "quantity");
    }

    static String onGrid(BigDecimal value, BigDecimal step, int scale, String what) {
        if (value == null || value.signum() <= 0) {
            throw new VenueException(VenueErrorKind.INVALID_PRICE_OR_QTY, what + " must be positive");
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > scale || !Decimals.isMultipleOf(value, step)) {
            throw new VenueException(VenueErrorKind.INVALID_PRICE_OR_QTY,
                    what + " " + value.toPlainString() + " is not a multiple of " + step.toPlainString());
        }
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    /** 10^-decimals, the step Kraken describes as a number of decimals. */
    public static BigDecimal stepOfDecimals(int decimals) {
        return BigDecimal.ONE.movePointLeft(decimals);
    }
}
