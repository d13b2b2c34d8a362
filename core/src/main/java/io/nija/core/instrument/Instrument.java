package io.nija.core.instrument;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One tradable market on one venue, with the exchange's own trading rules.
 *
 * @param venue       venue name (binance, kraken, ...)
 * @param pair        the canonical pair this market trades (BTC-USD even when the venue quotes in USDT)
 * @param symbol      the venue's own symbol (BTCUSDT, XBT/USD, ...)
 * @param tickSize    price increment
 * @param lotSize     quantity increment
 * @param minQty      smallest order quantity
 * @param minNotional smallest order value in quote currency
 */
public record Instrument(String venue, Pair pair, String symbol, BigDecimal tickSize, BigDecimal lotSize,
                         BigDecimal minQty, BigDecimal minNotional) {
    public Instrument {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(symbol, "symbol");
        requirePositive(tickSize, "tickSize");
        requirePositive(lotSize, "lotSize");
        Objects.requireNonNull(minQty, "minQty");
        Objects.requireNonNull(minNotional, "minNotional");
    }

    private static void requirePositive(BigDecimal v, String name) {
        if (v == null || v.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Number of decimals a price of this market carries. */
    public int priceScale() {
        return Math.max(0, tickSize.stripTrailingZeros().scale());
    }

    /** Number of decimals a quantity of this market carries. */
    public int quantityScale() {
        return Math.max(0, lotSize.stripTrailingZeros().scale());
    }
}
