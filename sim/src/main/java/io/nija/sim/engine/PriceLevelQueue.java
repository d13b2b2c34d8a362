package io.nija.sim.engine;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Iterator;

/** The orders resting at one price, oldest first (time priority), with their total kept up to date. */
final class PriceLevelQueue {
    final BigDecimal price;
    private final ArrayDeque<EngineOrder> orders = new ArrayDeque<>(4);
    private BigDecimal total = BigDecimal.ZERO;
    /**
     * The house maker's part of {@link #total}, kept up to date like it: each requote asks for it at every level, and
     * a level the house keeps topping up holds many small quotes, so summing them each time cost more than the trades.
     */
    private BigDecimal houseTotal = BigDecimal.ZERO;

    PriceLevelQueue(BigDecimal price) {
        this.price = price;
    }

    void add(EngineOrder order) {
        orders.addLast(order);
        BigDecimal remaining = order.remaining();
        total = total.add(remaining);
        if (order.isHouse()) {
            houseTotal = houseTotal.add(remaining);
        }
    }

    EngineOrder first() {
        return orders.peekFirst();
    }

    /** Called after {@code qty} of the first order traded. */
    void traded(BigDecimal qty) {
        total = total.subtract(qty);
        EngineOrder first = orders.peekFirst();
        if (first.isHouse()) {
            houseTotal = houseTotal.subtract(qty);
        }
        if (first.remaining().signum() == 0) {
            orders.pollFirst();
        }
    }

    boolean remove(EngineOrder order) {
        if (orders.remove(order)) {
            total = total.subtract(order.remaining());
            if (order.isHouse()) {
                houseTotal = houseTotal.subtract(order.remaining());
            }
            return true;
        }
        return false;
    }

    /** Pulls the house maker's quotes from this price; traders' orders stay. */
    void removeHouseOrders() {
        for (Iterator<EngineOrder> it = orders.iterator(); it.hasNext(); ) {
            EngineOrder o = it.next();
            if (o.isHouse()) {
                it.remove();
                total = total.subtract(o.remaining());
            }
        }
        houseTotal = BigDecimal.ZERO;
    }

    BigDecimal houseQuantity() {
        return houseTotal;
    }

    Iterable<EngineOrder> orders() {
        return orders;
    }

    BigDecimal total() {
        return total;
    }

    boolean isEmpty() {
        return orders.isEmpty();
    }
}
