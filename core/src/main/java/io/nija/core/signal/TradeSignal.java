package io.nija.core.signal;

import io.nija.core.instrument.Pair;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated instruction from a strategy: "user U wants to buy $X of PAIR because of an entry".
 * Only {@link SignalValidator} makes these from outside input.
 *
 * <p>{@code closeAll} asks an exit to close the whole open position whatever {@code sizeUsd} says;
 * {@code signalTime} is when the strategy decided (null when the sender did not say), so a stale re-delivery
 * can be refused. {@code terms} holds an entry's limit price, time in force and bracket ({@link EntryTerms#NONE} for
 * a plain market order).
 */
public record TradeSignal(String signalId, String userId, Pair pair, Side side, BigDecimal sizeUsd,
                          SignalType signalType, String strategy, Instant timestamp, String idempotencyKey,
                          boolean closeAll, Instant signalTime, EntryTerms terms) {
    public TradeSignal(String signalId, String userId, Pair pair, Side side, BigDecimal sizeUsd,
                       SignalType signalType, String strategy, Instant timestamp, String idempotencyKey) {
        this(signalId, userId, pair, side, sizeUsd, signalType, strategy, timestamp, idempotencyKey, false, null);
    }

    public TradeSignal(String signalId, String userId, Pair pair, Side side, BigDecimal sizeUsd,
                       SignalType signalType, String strategy, Instant timestamp, String idempotencyKey,
                       boolean closeAll, Instant signalTime) {
        this(signalId, userId, pair, side, sizeUsd, signalType, strategy, timestamp, idempotencyKey, closeAll,
                signalTime, EntryTerms.NONE);
    }

    public TradeSignal {
        Objects.requireNonNull(signalId, "signalId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(sizeUsd, "sizeUsd");
        Objects.requireNonNull(signalType, "signalType");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(timestamp, "timestamp");
        terms = terms == null ? EntryTerms.NONE : terms;
        if (sizeUsd.signum() <= 0) {
            throw new IllegalArgumentException("sizeUsd must be positive");
        }
    }

    /** The same signal asking for another USD size (an exit capped at the position it reduces). */
    public TradeSignal withSizeUsd(BigDecimal usd) {
        return new TradeSignal(signalId, userId, pair, side, usd, signalType, strategy, timestamp, idempotencyKey,
                closeAll, signalTime, terms);
    }

    /** Exits, profit takes and stop losses: they may only reduce a position the user holds. */
    public boolean reducesPosition() {
        return signalType.reducesPosition();
    }

    public int priority() {
        return signalType.priority();
    }
}
