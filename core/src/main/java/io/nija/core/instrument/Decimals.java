package io.nija.core.instrument;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Exact decimal helpers for money and quantities. Nothing here ever goes through double. */
public final class Decimals {
    /** Precision for the rare divisions (average prices); 34 significant digits, like IEEE decimal128. */
    public static final MathContext DIVISION = MathContext.DECIMAL128;

    private Decimals() {
    }

    /** Largest multiple of {@code step} that is <= value (for positive values: toward zero). */
    public static BigDecimal floorToStep(BigDecimal value, BigDecimal step) {
        BigDecimal steps = value.divide(step, 0, RoundingMode.FLOOR);
        return steps.multiply(step).setScale(Math.max(0, step.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY);
    }

    /** Smallest multiple of {@code step} that is >= value. */
    public static BigDecimal ceilToStep(BigDecimal value, BigDecimal step) {
        BigDecimal steps = value.divide(step, 0, RoundingMode.CEILING);
        return steps.multiply(step).setScale(Math.max(0, step.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY);
    }

    public static boolean isMultipleOf(BigDecimal value, BigDecimal step) {
        return value.remainder(step).signum() == 0;
    }

    /** Division for derived display values such as an average price. */
    public static BigDecimal divide(BigDecimal numerator, BigDecimal denominator) {
        return numerator.divide(denominator, DIVISION);
    }

    /** The plain, trailing-zero-free text of a decimal ("0.00125", "65000.5"), as the JSON contract wants. */
    public static String plain(BigDecimal v) {
        if (v == null) {
            return null;
        }
        if (v.signum() == 0) {
            return "0";
        }
        return v.stripTrailingZeros().toPlainString();
    }
}
