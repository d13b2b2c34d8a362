package io.nija.core.risk;

import io.nija.core.instrument.Decimals;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.TradeSignal;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * A user's pre-trade checks, each with its own rejection code: kill_switch, user_disabled, pair_not_allowed,
 * order_too_large, signal_stale, signal_time_in_future, no_position, side_mismatch, position_limit,
 * max_open_positions, daily_loss_limit.
 *
 * <p>What a signal is allowed to skip follows from what it does, never from its label alone: an exit, profit take
 * or stop loss is first proved to reduce a position the user holds ({@link #checkReduces}), and only then is it let
 * past the kill switch and the exposure limits.
 */
public final class RiskCheck {
    /** Clocks drift: a signal_time up to this far ahead of ours is taken as now. */
    public static final Duration FUTURE_TOLERANCE = Duration.ofSeconds(5);

    private RiskCheck() {
    }

    /**
     * The checks that need no positions: kill switch (entries only), enabled, allowed pair, order size (entries only),
     * signal age. Exits of a pair no longer allowed still pass: the user must be able to leave what was bought earlier.
     * Whatever an exit is let past here, the caller proves it reduces a held position ({@link #checkReduces}).
     */
    public static void checkStatic(TradeSignal signal, UserLimits limits, boolean killSwitch) {
        boolean reduces = signal.reducesPosition();
        if (killSwitch && !reduces) {
            throw new SignalRejectedException("kill_switch", "the kill switch is on: no new entries (exits still pass)");
        }
        if (!limits.enabled()) {
            throw new SignalRejectedException("user_disabled", "trading is disabled for user " + signal.userId());
        }
        if (!reduces && !limits.allowsPair(signal.pair().toString())) {
            throw new SignalRejectedException("pair_not_allowed", signal.pair() + " is not among the user's allowed pairs");
        }
        // max_order_usd bounds the risk one order adds. An exit only takes risk off: it is proved to reduce and capped
        // at the position (checkReduces, the exit reservation), which was built by entries under this limit. Holding
        // exits to it would leave a bracket whose take profit is worth more than the entry was armed for ever, and
        // would make a large position leave in several orders while the price moves.
        if (!reduces && signal.sizeUsd().compareTo(limits.maxOrderUsd()) > 0) {
            throw new SignalRejectedException("order_too_large", "size $" + Decimals.plain(signal.sizeUsd())
                    + " exceeds max_order_usd $" + Decimals.plain(limits.maxOrderUsd()));
        }
    }

    /**
     * A signal decided longer ago than the user allows, or claiming to come from the future, is not traded. Checked at
     * intake only: once admitted, a signal is not refused because its lane or a restart made it wait.
     */
    public static void checkSignalTime(Instant signalTime, long maxAgeMs, Instant now) {
        if (signalTime == null) {
            return;
        }
        if (signalTime.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw new SignalRejectedException("signal_time_in_future", "signal_time " + signalTime
                    + " is more than " + FUTURE_TOLERANCE.toSeconds() + " s ahead of the router's clock " + now);
        }
        if (maxAgeMs > 0 && Duration.between(signalTime, now).toMillis() > maxAgeMs) {
            throw new SignalRejectedException("signal_stale", "signal_time " + signalTime + " is "
                    + Duration.between(signalTime, now).toMillis() + " ms old, above max_signal_age_ms " + maxAgeMs);
        }
    }

    /**
     * An exit, profit take or stop loss must reduce what is held: a position must be open in the pair (summed over
     * venues) and the signal's side must be the one that closes it.
     *
     * @param held signed quantity of the pair held over every venue
     */
    public static void checkReduces(TradeSignal signal, BigDecimal held) {
        if (held.signum() == 0) {
            throw new SignalRejectedException("no_position", "no open " + signal.pair() + " position to "
                    + signal.signalType().wire() + ": it would open one");
        }
        Side closing = held.signum() > 0 ? Side.SELL : Side.BUY;
        if (signal.side() != closing) {
            throw new SignalRejectedException("side_mismatch", "a " + signal.signalType().wire() + " of a "
                    + (held.signum() > 0 ? "long" : "short") + " " + signal.pair() + " position must "
                    + closing.wire() + ", not " + signal.side().wire());
        }
    }

    /**
     * Position and open-position limits over held positions plus entries in flight, and the daily loss limit.
     *
     * @param orderId the entry being checked, left out of the in-flight entries (it is the one being added)
     */
    public static void checkExposure(TradeSignal signal, UserLimits limits, ExposureLedger ledger,
                                     BigDecimal realizedPnlToday, String orderId) {
        BigDecimal exposure = ledger.exposureUsd(signal.pair(), orderId);
        if (signal.side() == Side.BUY && exposure.add(signal.sizeUsd()).compareTo(limits.maxPositionUsd()) > 0) {
            throw new SignalRejectedException("position_limit", "position in " + signal.pair() + " would reach $"
                    + Decimals.plain(exposure.add(signal.sizeUsd()).setScale(2, RoundingMode.HALF_UP))
                    + " (held and entries in flight), above max_position_usd $" + Decimals.plain(limits.maxPositionUsd()));
        }
        var open = ledger.openPairs(orderId);
        if (!open.contains(signal.pair()) && open.size() >= limits.maxOpenPositions()) {
            throw new SignalRejectedException("max_open_positions", "already " + open.size()
                    + " open positions (held or entering), the limit is " + limits.maxOpenPositions());
        }
        if (realizedPnlToday.negate().compareTo(limits.dailyLossUsd()) >= 0) {
            throw new SignalRejectedException("daily_loss_limit", "realized loss today $"
                    + Decimals.plain(realizedPnlToday.negate()) + " has reached daily_loss_usd $" + Decimals.plain(limits.dailyLossUsd()));
        }
    }
}
