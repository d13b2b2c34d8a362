package io.nija.core.user;

import java.math.BigDecimal;
import java.util.Set;

/**
 * What one user may do. Empty {@code allowedVenues}/{@code allowedPairs} mean "all". {@code tradesPerSecond}
 * defaults to the design's 1/s; a burst of the same size is allowed so a strategy may send an entry and its
 * stop together.
 */
public record UserLimits(boolean enabled, Set<String> allowedVenues, Set<String> allowedPairs,
                         BigDecimal maxOrderUsd, BigDecimal maxPositionUsd, BigDecimal dailyLossUsd,
                         int maxOpenPositions, double tradesPerSecond) {
    public UserLimits {
        allowedVenues = Set.copyOf(allowedVenues);
        allowedPairs = Set.copyOf(allowedPairs);
        if (tradesPerSecond <= 0 || Double.isNaN(tradesPerSecond) || Double.isInfinite(tradesPerSecond)) {
            throw new IllegalArgumentException("trades_per_second must be a positive number");
        }
        if (maxOpenPositions <= 0) {
            throw new IllegalArgumentException("max_open_positions must be positive");
        }
    }

    public static UserLimits defaults() {
        return new UserLimits(true, Set.of(), Set.of(), new BigDecimal("25000"), new BigDecimal("100000"),
                new BigDecimal("5000"), 20, 1.0);
    }

    /** The design's token-bucket burst: twice the rate, at least 2, so an entry and its stop can go together. */
    public long tradeBurst() {
        return Math.max(2, (long) Math.ceil(2 * tradesPerSecond));
    }

    public boolean allowsVenue(String venue) {
        return allowedVenues.isEmpty() || allowedVenues.contains(venue);
    }

    public boolean allowsPair(String pair) {
        return allowedPairs.isEmpty() || allowedPairs.contains(pair);
    }

    public UserLimits withEnabled(boolean on) {
        return new UserLimits(on, allowedVenues, allowedPairs, maxOrderUsd, maxPositionUsd, dailyLossUsd,
                maxOpenPositions, tradesPerSecond);
    }

    public UserLimits withTradesPerSecond(double tps) {
        return new UserLimits(enabled, allowedVenues, allowedPairs, maxOrderUsd, maxPositionUsd, dailyLossUsd,
                maxOpenPositions, tps);
    }
}
