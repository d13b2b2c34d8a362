package io.nija.core.store;

import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A strategy alert as received, stored before it is answered so its fan-out to the subscribers can run after the
 * answer and be run again after a crash. The fan-out is idempotent per (alert, user): every subscriber's signal
 * carries {@code keys.get(0)} as its idempotency key (the other keys are earlier keys of the same alert, looked up
 * so a repeat across a time window trades nothing).
 *
 * @param alertId   the alert's first key; one row per alert
 * @param actor     who posted it ("webhook", or the publisher's user id)
 * @param fannedOut when every subscriber's signal was derived; null while that is still to do
 */
public record StoredAlert(String alertId, String strategy, String actor, Pair pair, Side side, SignalType signalType,
                          BigDecimal sizeUsd, boolean closeAll, String signalTime, List<String> keys, Instant receivedAt,
                          Instant fannedOut) {
    public StoredAlert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(strategy, "strategy");
        keys = List.copyOf(keys);
    }
}
