package io.nija.sim.engine;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The shape of the book the house market maker keeps on one instrument.
 *
 * @param referenceMid      the fair price the maker starts from and slowly reverts to
 * @param halfSpreadBps     distance from the fair mid to the first bid and first ask, in basis points
 * @param levelStepBps      distance between consecutive levels, in basis points (at least one tick)
 * @param levels            levels quoted per side
 * @param topLevelNotional  quote value of the level nearest the mid
 * @param decayPerLevel     fraction of the previous level's size each further level keeps (0.93: -7 % a level)
 */
public record LiquidityProfile(BigDecimal referenceMid, BigDecimal halfSpreadBps, BigDecimal levelStepBps, int levels,
                               BigDecimal topLevelNotional, BigDecimal decayPerLevel) {
    public LiquidityProfile {
        requirePositive(referenceMid, "referenceMid");
        Objects.requireNonNull(halfSpreadBps, "halfSpreadBps");
        requirePositive(levelStepBps, "levelStepBps");
        requirePositive(topLevelNotional, "topLevelNotional");
        requirePositive(decayPerLevel, "decayPerLevel");
        if (halfSpreadBps.signum() < 0) {
            throw new IllegalArgumentException("halfSpreadBps must not be negative");
        }
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be at least 1");
        }
        if (decayPerLevel.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("decayPerLevel must be at most 1: depth shrinks away from the mid");
        }
    }

    private static void requirePositive(BigDecimal v, String name) {
        if (v == null || v.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
