package io.nija.core.venue;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The trigger of a venue-native stop-loss or take-profit limit order: the venue keeps the order off its book until its
 * last trade price reaches {@code price}, then works it as a limit at the request's limit price. A stop loss fires on
 * a move against the position (a sell's price falling to it, a buy's rising), a take profit on a move in its favour.
 * Held by the venue, such an order protects a position while the router is down.
 */
public record NativeTrigger(Kind kind, BigDecimal price) {
    public enum Kind {
        STOP_LOSS,
        TAKE_PROFIT
    }

    public NativeTrigger {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(price, "price");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("a trigger price must be positive");
        }
    }

    public static NativeTrigger stopLoss(BigDecimal price) {
        return new NativeTrigger(Kind.STOP_LOSS, price);
    }

    public static NativeTrigger takeProfit(BigDecimal price) {
        return new NativeTrigger(Kind.TAKE_PROFIT, price);
    }
}
