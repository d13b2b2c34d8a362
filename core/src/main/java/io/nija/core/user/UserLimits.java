package io.nija.core.user;

import java.math.BigDecimal;
import java.util.Set;

/**
 * What one user may do. Empty {@code allowedVenues}/{@code allowedPairs} mean "all". {@code tradesPerSecond}
 * defaults to the design's 1/s; a burst of the same size is allowed so a strategy may send an entry and its
 * stop together. {@code maxSignalAgeMs} is how old a signal's {@code signal_time} may be when it arrives (0: not
 * checked), so a TradingView re-delivery or a signal that sat in a queue does not trade on a stale decision.
 */
public record UserLimits(boolean enabled, Set<String> allowedVenues, Set<String> allowedPairs,
                         BigDecimal maxOrderUsd, BigDecimal maxPositionUsd, BigDecimal dailyLossUsd,
                         int maxOpenPositions, double tradesPerSecond, long maxSignalAgeMs) {
    public static final long DEFAULT_MAX_SIGNAL_AGE_MS = 60_000;

    public UserLimits(boolean enabled, Set<String> allowedVenues, Set<String> allowedPairs,
                      BigDecimal maxOrderUsd, BigDecimal maxPositionUsd, BigDecimal dailyLossUsd,
                      int maxOpenPositions, double tradesPerSecond) {
        this(enabled, allowedVenues, allowedPairs, maxOrderUsd, maxPositionUsd, dailyLossUsd, maxOpenPositions,
                tradesPerSecond, DEFAULT_MAX_SIGNAL_AGE_MS);
    }

    public UserLimits {
        if (maxSignalAgeMs < 0) {
            throw new IllegalArgumentException("max_signal_age_ms must not be negative");
        }
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
                maxOpenPositions, tradesPerSecond, maxSignalAgeMs);
    }

    public UserLimits withMaxSignalAgeMs(long ms) {
        return new UserLimits(enabled, allowedVenues, allowedPairs, maxOrderUsd, maxPositionUsd, dailyLossUsd,
                maxOpenPositions, tradesPerSecond, ms);
    }

    public UserLimits withTradesPerSecond(double tps) {
        return new UserLimits(enabled, allowedVenues, allowedPairs, maxOrderUsd, maxPositionUsd, dailyLossUsd,
                maxOpenPositions, tps, maxSignalAgeMs);
    }
}
