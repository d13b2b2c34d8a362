package io.nija.core.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One execution reported by a venue. {@code fillId} is the venue's trade id, unique per venue, so a fill
 * imported twice (by the send path and by reconciliation) is recognised and counted once.
 * {@code fee} is in {@code feeAsset}; the simulator and most spot venues charge the quote asset.
 */
public record Fill(String fillId, String venue, BigDecimal quantity, BigDecimal price, BigDecimal fee,
                   String feeAsset, Liquidity liquidity, Instant time) {
    public Fill {
        Objects.requireNonNull(fillId, "fillId");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(time, "time");
        if (quantity == null || quantity.signum() <= 0) {
            throw new IllegalArgumentException("fill quantity must be positive");
        }
        if (price == null || price.signum() <= 0) {
            throw new IllegalArgumentException("fill price must be positive");
        }
        if (fee == null || fee.signum() < 0) {
            throw new IllegalArgumentException("fill fee must not be negative");
        }
    }

    public BigDecimal notional() {
        return quantity.multiply(price);
    }
}
