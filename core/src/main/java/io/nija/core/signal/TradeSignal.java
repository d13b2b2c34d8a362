package io.nija.core.signal;

import io.nija.core.instrument.Pair;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated instruction from a strategy: "user U wants to buy $X of PAIR because of an entry".
 * Only {@link SignalValidator} makes these from outside input.
 */
public record TradeSignal(String signalId, String userId, Pair pair, Side side, BigDecimal sizeUsd,
                          SignalType signalType, String strategy, Instant timestamp, String idempotencyKey) {
    public TradeSignal {
        Objects.requireNonNull(signalId, "signalId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(sizeUsd, "sizeUsd");
        Objects.requireNonNull(signalType, "signalType");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(timestamp, "timestamp");
        if (sizeUsd.signum() <= 0) {
            throw new IllegalArgumentException("sizeUsd must be positive");
        }
    }

    public int priority() {
        return signalType.priority();
    }
}
