package io.nija.core.market;

import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a venue's book for one instrument: bids best (highest) first, asks best (lowest) first.
 */
public record OrderBook(String venue, String symbol, List<PriceLevel> bids, List<PriceLevel> asks, Instant time) {
    public OrderBook {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    public BigDecimal bestBid() {
        return bids.isEmpty() ? null : bids.get(0).price();
    }

    public BigDecimal bestAsk() {
        return asks.isEmpty() ? null : asks.get(0).price();
    }

    /** Price a taker on {@code side} meets first: the best ask for a buy, the best bid for a sell. */
    public BigDecimal touch(Side side) {
        return side == Side.BUY ? bestAsk() : bestBid();
    }

    public BigDecimal mid() {
        BigDecimal b = bestBid();
        BigDecimal a = bestAsk();
        if (b == null || a == null) {
            return b != null ? b : a;
        }
        return b.add(a).divide(BigDecimal.TWO);
    }

    /**
     * Quote value a taker on {@code side} can trade within {@code band} (a fraction, 0.01 = 1%) of the touch:
     * the sum of price × quantity of the levels on the opposite side of the book inside that band.
     */
    public BigDecimal depthWithin(Side side, BigDecimal band) {
        List<PriceLevel> levels = side == Side.BUY ? asks : bids;
        if (levels.isEmpty()) {
            return BigDecimal.ZERO;
        }
        BigDecimal touch = levels.get(0).price();
        BigDecimal limit = side == Side.BUY ? touch.multiply(BigDecimal.ONE.add(band))
                : touch.multiply(BigDecimal.ONE.subtract(band));
        BigDecimal sum = BigDecimal.ZERO;
        for (PriceLevel l : levels) {
            boolean inside = side == Side.BUY ? l.price().compareTo(limit) <= 0 : l.price().compareTo(limit) >= 0;
            if (!inside) {
                break;
            }
            sum = sum.add(l.price().multiply(l.quantity()));
        }
        return sum;
    }
}
