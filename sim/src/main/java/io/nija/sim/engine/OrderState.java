package io.nija.sim.engine;

/**
 * Where an order stands inside the engine. EXPIRED is the venue ending an order on its own (the unfilled
 * rest of an IOC or market order, Binance's word for it); CANCELLED is the account asking for it.
 */
public enum OrderState {
    /** Resting in the book, nothing filled yet. */
    OPEN,
    /** Resting in the book with part of it filled. */
    PARTIALLY_FILLED,
    FILLED,
    CANCELLED,
    EXPIRED;

    /** True while the order rests in the book and can still fill or be cancelled. */
    public boolean isOpen() {
        return this == OPEN || this == PARTIALLY_FILLED;
    }
}
