package io.nija.core.instrument;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one place where a USD amount becomes a venue quantity.
 *
 * <p>The quantity is always rounded down to the lot size: a buy never spends more than the signal allows
 * and a sell never offers more than was asked. Prices are rounded to the tick in the direction that keeps a
 * limit order no worse than the protection price (buy: down, sell: up).
 */
public final class OrderSizing {
    private OrderSizing() {
    }

    /** Quantity for {@code usd} at {@code referencePrice}, rounded to the lot; rejects below minimums. */
    public static BigDecimal quantityFor(Instrument instrument, BigDecimal usd, BigDecimal referencePrice) {
        if (usd == null || usd.signum() <= 0) {
            throw new SizingException("invalid_size", "size must be positive");
        }
        if (referencePrice == null || referencePrice.signum() <= 0) {
            throw new SizingException("no_price", "no reference price for " + instrument.symbol() + " on " + instrument.venue());
        }
        BigDecimal raw = usd.divide(referencePrice, instrument.quantityScale() + 8, RoundingMode.DOWN);
        BigDecimal qty = Decimals.floorToStep(raw, instrument.lotSize());
        if (qty.signum() == 0 || qty.compareTo(instrument.minQty()) < 0) {
            throw new SizingException("below_min_quantity", "$" + Decimals.plain(usd) + " buys " + Decimals.plain(qty)
                    + " " + instrument.pair().base() + ", below the minimum " + Decimals.plain(instrument.minQty())
                    + " on " + instrument.venue());
        }
        BigDecimal notional = qty.multiply(referencePrice);
        if (notional.compareTo(instrument.minNotional()) < 0) {
            throw new SizingException("below_min_notional", "order value " + Decimals.plain(notional)
                    + " is below the minimum notional " + Decimals.plain(instrument.minNotional()) + " on " + instrument.venue());
        }
        return qty;
    }

    /** A limit price on the tick grid that never crosses the protection price. */
    public static BigDecimal limitPrice(Instrument instrument, BigDecimal protectionPrice, boolean buy) {
        return buy ? Decimals.floorToStep(protectionPrice, instrument.tickSize())
                : Decimals.ceilToStep(protectionPrice, instrument.tickSize());
    }
}
