package io.nija.venues.common;

import io.nija.core.instrument.Decimals;
import java.math.BigDecimal;
import java.time.Instant;

/** Small derivations several exchanges need, kept in one place so they round the same way. */
public final class OrderMath {
    private OrderMath() {
    }

    /** Quote spent over base filled; null when nothing filled (an average of nothing is not zero). */
    public static BigDecimal averagePrice(BigDecimal quoteFilled, BigDecimal baseFilled) {
        if (quoteFilled == null || baseFilled == null || baseFilled.signum() == 0) {
            return null;
        }
        return Decimals.divide(quoteFilled, baseFilled).stripTrailingZeros();
    }

    /** A missing or zero average is reported as null. */
    public static BigDecimal positiveOrNull(BigDecimal v) {
        return v == null || v.signum() <= 0 ? null : v;
    }

    /** Exchanges report fees as charges; a maker rebate (negative fee) is kept out of Fill, which takes no negatives. */
    public static BigDecimal chargeOnly(BigDecimal fee) {
        return fee == null || fee.signum() < 0 ? BigDecimal.ZERO : fee;
    }

    public static Instant epochMillis(String millis) {
        return millis == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(millis.trim()));
    }

    /** Seconds with a fraction, as Kraken sends times ("1688667796.8802"). */
    public static Instant epochSecondsFraction(String seconds) {
        if (seconds == null) {
            return Instant.EPOCH;
        }
        BigDecimal s = new BigDecimal(seconds.trim());
        long whole = s.longValue();
        long nanos = s.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }
}
