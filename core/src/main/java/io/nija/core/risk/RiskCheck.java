package io.nija.core.risk;

import io.nija.core.instrument.Decimals;
import io.nija.core.position.PositionBook;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;

/**
 * A user's pre-trade checks, each with its own rejection code: kill_switch, user_disabled,
 * pair_not_allowed, order_too_large, position_limit, max_open_positions, daily_loss_limit.
 * Exits and stop-losses reduce risk, so position and daily-loss limits do not hold them back.
 */
public final class RiskCheck {
    private RiskCheck() {
    }

    public static void check(TradeSignal signal, UserLimits limits, PositionBook positions,
                             BigDecimal realizedPnlToday, boolean killSwitch) {
        checkStatic(signal, limits, killSwitch);
        if (reducesRisk(signal)) {
            return;
        }
        checkExposure(signal, limits, positions, realizedPnlToday);
    }

    /** The checks that need no positions: kill switch, enabled, allowed pair, order size. */
    public static void checkStatic(TradeSignal signal, UserLimits limits, boolean killSwitch) {
        if (killSwitch) {
            throw new SignalRejectedException("kill_switch", "the kill switch is on: no new orders");
        }
        if (!limits.enabled()) {
            throw new SignalRejectedException("user_disabled", "trading is disabled for user " + signal.userId());
        }
        if (!limits.allowsPair(signal.pair().toString())) {
            throw new SignalRejectedException("pair_not_allowed", signal.pair() + " is not among the user's allowed pairs");
        }
        if (signal.sizeUsd().compareTo(limits.maxOrderUsd()) > 0) {
            throw new SignalRejectedException("order_too_large", "size $" + Decimals.plain(signal.sizeUsd())
                    + " exceeds max_order_usd $" + Decimals.plain(limits.maxOrderUsd()));
        }
    }

    private static void checkExposure(TradeSignal signal, UserLimits limits, PositionBook positions,
                                      BigDecimal realizedPnlToday) {
        BigDecimal exposure = positions.exposureUsd(signal.pair());
        if (signal.side() == Side.BUY && exposure.add(signal.sizeUsd()).compareTo(limits.maxPositionUsd()) > 0) {
            throw new SignalRejectedException("position_limit", "position in " + signal.pair() + " would reach $"
                    + Decimals.plain(exposure.add(signal.sizeUsd()).setScale(2, java.math.RoundingMode.HALF_UP))
                    + ", above max_position_usd $" + Decimals.plain(limits.maxPositionUsd()));
        }
        boolean opensNewPair = exposure.signum() == 0;
        if (opensNewPair && positions.openPositionCount() >= limits.maxOpenPositions()) {
            throw new SignalRejectedException("max_open_positions", "already " + positions.openPositionCount()
                    + " open positions, the limit is " + limits.maxOpenPositions());
        }
        if (realizedPnlToday.negate().compareTo(limits.dailyLossUsd()) >= 0) {
            throw new SignalRejectedException("daily_loss_limit", "realized loss today $"
                    + Decimals.plain(realizedPnlToday.negate()) + " has reached daily_loss_usd $" + Decimals.plain(limits.dailyLossUsd()));
        }
    }

    /** Exits and stop-losses: they take risk off, so exposure limits and the trade rate never refuse them. */
    public static boolean reducesRisk(TradeSignal s) {
        return s.signalType() == SignalType.EXIT || s.signalType() == SignalType.STOP_LOSS;
    }
}
