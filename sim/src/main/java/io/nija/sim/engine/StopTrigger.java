package io.nija.sim.engine;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The trigger of a venue-native stop or take-profit order: the order waits off the book, its funds locked, until the
 * symbol's last trade price reaches {@code stopPrice} from the side it was placed on, and then enters the book as the
 * limit order it carries. Exchanges trigger on the last trade (Binance STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT, Bybit
 * spot conditional orders by default), not on the book's touch, so a book that moves without trading fires nothing.
 *
 * @param fireAtOrAbove true when the order fires once the last price is at or above {@code stopPrice} (a sell's take
 *                      profit, a buy's stop loss); false when at or below (a sell's stop loss, a buy's take profit)
 * @param locksFunds    whether the venue locks what the order may cost while it waits (Binance's stop and take-profit
 *                      limits, Bybit's spot tpslOrder) or only once it fires (Bybit's spot StopOrder: a fired order
 *                      the account can no longer pay for is cancelled)
 */
public record StopTrigger(BigDecimal stopPrice, boolean fireAtOrAbove, boolean locksFunds) {
    /** A trigger whose order locks its funds while it waits. */
    public StopTrigger(BigDecimal stopPrice, boolean fireAtOrAbove) {
        this(stopPrice, fireAtOrAbove, true);
    }

    public StopTrigger {
        Objects.requireNonNull(stopPrice, "stopPrice");
        if (stopPrice.signum() <= 0) {
            throw new IllegalArgumentException("stop price must be positive");
        }
    }

    /** The trigger of a sell below the market (a long's stop loss) or a buy above it (a short's). */
    public static StopTrigger stopLoss(io.nija.core.signal.Side side, BigDecimal stopPrice) {
        return new StopTrigger(stopPrice, side == io.nija.core.signal.Side.BUY);
    }

    /** The trigger of a sell above the market (a long's take profit) or a buy below it (a short's). */
    public static StopTrigger takeProfit(io.nija.core.signal.Side side, BigDecimal stopPrice) {
        return new StopTrigger(stopPrice, side == io.nija.core.signal.Side.SELL);
    }

    /** The same trigger, its order locking nothing until it fires. */
    public StopTrigger lockingOnlyWhenFired() {
        return new StopTrigger(stopPrice, fireAtOrAbove, false);
    }

    /** Whether a last trade at {@code lastPrice} fires the order; never before anything traded. */
    public boolean reachedBy(BigDecimal lastPrice) {
        if (lastPrice == null) {
            return false;
        }
        int c = lastPrice.compareTo(stopPrice);
        return fireAtOrAbove ? c >= 0 : c <= 0;
    }

    /** A sell that fires at or above, or a buy that fires at or below: a take profit rather than a stop loss. */
    public boolean isTakeProfit(io.nija.core.signal.Side side) {
        return fireAtOrAbove == (side == io.nija.core.signal.Side.SELL);
    }
}
