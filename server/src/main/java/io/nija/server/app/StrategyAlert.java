package io.nija.server.app;

import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One strategy alert, read and checked, ready to fan out to the strategy's subscribers: from a TradingView
 * webhook or from a publisher's token.
 *
 * @param sizeUsd  the alert's own size, which fraction subscriptions scale; null when the alert has none
 * @param alertId  the sender's id of this alert when it gave one (then a repeat with the same id never
 *                 trades twice); null otherwise
 * @param bodyHash hex SHA-256 of the alert as received, without its secret: identifies a repeated delivery of
 *                 an alert that has no id
 */
public record StrategyAlert(Pair pair, Side side, SignalType signalType, BigDecimal sizeUsd, String alertId,
                            String bodyHash, boolean closeAll, String signalTime) {
    public StrategyAlert(Pair pair, Side side, SignalType signalType, BigDecimal sizeUsd, String alertId, String bodyHash) {
        this(pair, side, signalType, sizeUsd, alertId, bodyHash, false, null);
    }

    public StrategyAlert {
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(signalType, "signalType");
        Objects.requireNonNull(bodyHash, "bodyHash");
    }
}
