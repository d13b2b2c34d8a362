package io.nija.sim.engine;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Iterator;

/** The orders resting at one price, oldest first (time priority), with their total kept up to date. */
final class PriceLevelQueue {
    final BigDecimal price;
    private final ArrayDeque<EngineOrder> orders = new ArrayDeque<>(4);
    private BigDecimal total = BigDecimal.ZERO;

    PriceLevelQueue(BigDecimal price) {
        this.price = price;
    }

    void add(EngineOrder order) {
        orders.addLast(order);
        total = total.add(order.remaining());
    }

    EngineOrder first() {
        return orders.peekFirst();
    }

    /** Called after {@code qty} of the first order traded. */
    void traded(BigDecimal qty) {
        total = total.subtract(qty);
        if (orders.peekFirst().remaining().signum() == 0) {
            orders.pollFirst();
        }
    }

    boolean remove(EngineOrder order) {
        if (orders.remove(order)) {
            total = total.subtract(order.remaining());
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
    }

    BigDecimal houseQuantity() {
        BigDecimal sum = BigDecimal.ZERO;
        for (EngineOrder o : orders) {
            if (o.isHouse()) {
                sum = sum.add(o.remaining());
            }
        }
        return sum;
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
