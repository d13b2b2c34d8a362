package io.nija.sim.engine;

import java.math.BigDecimal;

/**
 * One asset of one account. {@code locked} is what resting orders have reserved (quote for buys, base for
 * sells); only {@code available} can pay for a new order.
 */
public record Balance(String asset, BigDecimal available, BigDecimal locked) {
    public BigDecimal total() {
        return available.add(locked);
    }
}
