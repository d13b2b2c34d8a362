package io.nija.core.venue;

import java.math.BigDecimal;
import java.util.Objects;

/** One asset of one account: {@code free} can pay for new orders, {@code locked} is held by resting orders. */
public record AssetBalance(String asset, BigDecimal free, BigDecimal locked) {
    public AssetBalance {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(free, "free");
        Objects.requireNonNull(locked, "locked");
    }
}
