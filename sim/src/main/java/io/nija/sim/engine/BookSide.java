package io.nija.sim.engine;

import io.nija.core.market.PriceLevel;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** One side of a book: price levels ordered best first (bids high to low, asks low to high). */
final class BookSide {
    final Side side;
    private final TreeMap<BigDecimal, PriceLevelQueue> levels;

    BookSide(Side side) {
        this.side = side;
        this.levels = new TreeMap<>(side == Side.BUY ? Comparator.<BigDecimal>reverseOrder() : Comparator.<BigDecimal>naturalOrder());
    }

    PriceLevelQueue best() {
        Map.Entry<BigDecimal, PriceLevelQueue> e = levels.firstEntry();
        return e == null ? null : e.getValue();
    }

    BigDecimal bestPrice() {
        return levels.isEmpty() ? null : levels.firstKey();
    }

    PriceLevelQueue level(BigDecimal price) {
        return levels.get(price);
    }

    void add(EngineOrder order) {
        levels.computeIfAbsent(order.limitPrice, PriceLevelQueue::new).add(order);
    }

    void remove(EngineOrder order) {
        PriceLevelQueue level = levels.get(order.limitPrice);
        if (level != null && level.remove(order) && level.isEmpty()) {
            levels.remove(order.limitPrice);
        }
    }

    void dropIfEmpty(PriceLevelQueue level) {
        if (level.isEmpty()) {
            levels.remove(level.price);
        }
    }

    /** Whether a taker with this limit may trade at {@code levelPrice} on this (the resting) side. */
    boolean isMarketableFor(BigDecimal takerLimit, BigDecimal levelPrice) {
        if (takerLimit == null) {
            return true;
        }
        // Resting asks trade with a buy limited at or above them; resting bids with a sell at or below.
        return side == Side.SELL ? levelPrice.compareTo(takerLimit) <= 0 : levelPrice.compareTo(takerLimit) >= 0;
    }

    Iterable<PriceLevelQueue> levelsBestFirst() {
        return levels.values();
    }

    /** Removes house quotes at prices better than {@code first} or worse than {@code last} (both in book order). */
    void removeHouseOutside(BigDecimal first, BigDecimal last) {
        pullHouse(levels.headMap(first, false));
        pullHouse(levels.tailMap(last, false));
    }

    /** Removes every house quote (a reshaped ladder is re-posted from scratch). */
    void removeAllHouse() {
        pullHouse(levels);
    }

    private static void pullHouse(NavigableMap<BigDecimal, PriceLevelQueue> range) {
        for (Iterator<PriceLevelQueue> it = range.values().iterator(); it.hasNext(); ) {
            PriceLevelQueue level = it.next();
            level.removeHouseOrders();
            if (level.isEmpty()) {
                it.remove();
            }
        }
    }

    List<PriceLevel> snapshot(int depth) {
        List<PriceLevel> out = new ArrayList<>(Math.min(depth, levels.size()));
        for (PriceLevelQueue level : levels.values()) {
            if (out.size() >= depth) {
                break;
            }
            out.add(new PriceLevel(level.price, level.total()));
        }
        return out;
    }
}
