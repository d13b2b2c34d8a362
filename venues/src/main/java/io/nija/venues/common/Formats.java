package io.nija.venues.common;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prices and quantities as they go on the wire: plain decimal text (never an exponent), no more decimals than the
 * instrument allows. A value off the instrument's grid is refused before sending rather than silently rounded,
 * because the caller promised grid values and a rounded order would not be the order it asked for.
 */
public final class Formats {
    private static final BigDecimal QUOTE_STEP = new BigDecimal("0.01");

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

    /**
     * A market buy's quote amount (what it may spend) on the wire: rounded down to cents, or to the price tick when that
     * is finer. Down, because the amount is a cap the order must not exceed; cents, because USD amounts are quoted in
     * them and a cent is a multiple of every quote increment of a cent or finer (Coinbase quote_increment, Bybit
     * quotePrecision), which the instrument does not carry itself.
     */
    public static String quoteAmount(Instrument instrument, BigDecimal amount) {
        BigDecimal step = QUOTE_STEP.min(instrument.tickSize());
        BigDecimal down = amount == null ? null
                : amount.divide(step, 0, RoundingMode.DOWN).multiply(step);
        if (down == null || down.signum() <= 0) {
            throw new VenueException(VenueErrorKind.INVALID_PRICE_OR_QTY, "quote amount "
                    + (amount == null ? "null" : amount.toPlainString()) + " is not a positive multiple of " + step.toPlainString());
        }
        BigDecimal stripped = down.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    /** 10^-decimals, the step Kraken describes as a number of decimals. */
    public static BigDecimal stepOfDecimals(int decimals) {
        return BigDecimal.ONE.movePointLeft(decimals);
    }
}
