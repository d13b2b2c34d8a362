package io.nija.core.store;

import java.math.BigDecimal;

/**
 * A user following a strategy, with a sizing rule: a fixed USD amount per alert, or a fraction of the alert's
 * size, optionally capped. Exactly one of {@code fixedUsd} and {@code fraction} is set.
 */
public record Subscription(String userId, String strategy, boolean enabled, BigDecimal fixedUsd, BigDecimal fraction,
                           BigDecimal capUsd) {
    public Subscription {
        if ((fixedUsd == null) == (fraction == null)) {
            throw new IllegalArgumentException("a subscription needs exactly one of fixed_usd and fraction");
        }
    }

    /** The USD size for this subscriber of an alert of {@code alertUsd} (which may be null for fixed sizing). */
    public BigDecimal sizeFor(BigDecimal alertUsd) {
        BigDecimal size = fixedUsd != null ? fixedUsd : alertUsd == null ? null : alertUsd.multiply(fraction);
        if (size != null && capUsd != null && size.compareTo(capUsd) > 0) {
            size = capUsd;
        }
        return size;
    }
}
