package io.nija.core.routing;

import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a book the way an order will meet it: the levels a taker on one side crosses, net of what the router's own
 * orders in flight will take first, up to the price the order can reach.
 */
public final class BookWalk {
    /** What walking the book for a quantity gives: the part filled within reach and what it costs (before fees). */
    public record Result(BigDecimal filled, BigDecimal notional) {
        public BigDecimal averagePrice() {
            return filled.signum() == 0 ? null : notional.divide(filled, io.nija.core.instrument.Decimals.DIVISION);
        }
    }

    private BookWalk() {
    }

    /** The levels a taker on {@code side} meets, best first, with {@code reserved} taken off the top. */
    public static List<PriceLevel> netLevels(OrderBook book, Side side, BigDecimal reserved) {
        List<PriceLevel> levels = side == Side.BUY ? book.asks() : book.bids();
        if (reserved == null || reserved.signum() <= 0) {
            return levels;
        }
        List<PriceLevel> out = new ArrayList<>(levels.size());
        BigDecimal left = reserved;
        for (PriceLevel l : levels) {
            if (left.signum() <= 0) {
                out.add(l);
            } else if (l.quantity().compareTo(left) > 0) {
                out.add(new PriceLevel(l.price(), l.quantity().subtract(left)));
                left = BigDecimal.ZERO;
            } else {
                left = left.subtract(l.quantity());
            }
        }
        return out;
    }

    /** Whether {@code price} is within reach of an order on {@code side} limited at {@code limit}. */
    public static boolean reaches(Side side, BigDecimal price, BigDecimal limit) {
        return side == Side.BUY ? price.compareTo(limit) <= 0 : price.compareTo(limit) >= 0;
    }

    /** Takes up to {@code quantity} from {@code levels} at prices within {@code limit}. */
    public static Result walk(List<PriceLevel> levels, Side side, BigDecimal quantity, BigDecimal limit) {
        BigDecimal left = quantity;
        BigDecimal notional = BigDecimal.ZERO;
        for (PriceLevel l : levels) {
            if (left.signum() <= 0 || !reaches(side, l.price(), limit)) {
                break;
            }
            BigDecimal take = l.quantity().min(left);
            notional = notional.add(take.multiply(l.price()));
            left = left.subtract(take);
        }
        return new Result(quantity.subtract(left), notional);
    }

    /** Quote value of the levels within {@code limit}. */
    public static BigDecimal depthWithin(List<PriceLevel> levels, Side side, BigDecimal limit) {
        BigDecimal sum = BigDecimal.ZERO;
        for (PriceLevel l : levels) {
            if (!reaches(side, l.price(), limit)) {
                break;
            }
            sum = sum.add(l.price().multiply(l.quantity()));
        }
        return sum;
    }

    /**
     * Quote value of the levels within {@code limit}, summed only until it reaches {@code enough}: the whole depth
     * when it is less than that, otherwise some value of at least {@code enough} (and above zero). A router that only
     * asks "is there enough?" need not multiply out a 20-level book for a $100 order.
     */
    public static BigDecimal depthUpTo(List<PriceLevel> levels, Side side, BigDecimal limit, BigDecimal enough) {
        BigDecimal sum = BigDecimal.ZERO;
        for (PriceLevel l : levels) {
            if (!reaches(side, l.price(), limit)) {
                break;
            }
            sum = sum.add(l.price().multiply(l.quantity()));
            if (sum.signum() > 0 && sum.compareTo(enough) >= 0) {
                break;
            }
        }
        return sum;
    }

    /** The mid between the best bid and the best ask over all the books (the consolidated top), or null. */
    public static BigDecimal consolidatedMid(List<OrderBook> books) {
        BigDecimal bestBid = null;
        BigDecimal bestAsk = null;
        for (OrderBook b : books) {
            if (b == null) {
                continue;
            }
            BigDecimal bid = b.bestBid();
            BigDecimal ask = b.bestAsk();
            if (bid != null && (bestBid == null || bid.compareTo(bestBid) > 0)) {
                bestBid = bid;
            }
            if (ask != null && (bestAsk == null || ask.compareTo(bestAsk) < 0)) {
                bestAsk = ask;
            }
        }
        if (bestBid == null || bestAsk == null) {
            return bestBid != null ? bestBid : bestAsk;
        }
        return bestBid.add(bestAsk).divide(BigDecimal.TWO);
    }
}
