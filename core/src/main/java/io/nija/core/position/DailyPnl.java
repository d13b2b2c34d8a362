package io.nija.core.position;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One UTC day of a user's PnL, in USD.
 *
 * @param realizedPnl   PnL realized by fills that day, net of that day's fees (as positions report it)
 * @param fees          fees paid that day (already inside {@code realizedPnl})
 * @param unrealizedPnl open positions at the day's end against the day's mark
 * @param equity        realized PnL from the first fill to the day's end plus {@code unrealizedPnl}: the trading
 *                      account's gain or loss so far, not its balance (deposits are not known to the router)
 * @param markSource    what the open positions were marked at: {@code current_mid} (today), {@code last_fill}
 *                      (past days: the last fill price on that venue and pair up to the day's end)
 */
public record DailyPnl(LocalDate day, BigDecimal realizedPnl, BigDecimal fees, BigDecimal unrealizedPnl,
                       BigDecimal equity, String markSource) {
}
