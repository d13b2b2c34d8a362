package io.nija.sim.engine;

/** Venue order ids, fill ids, trade ids and generated client order ids of one engine. Used under the engine lock. */
final class VenueIds {
    private final IdStyle style;
    private final long orderSalt;
    private final long fillSalt;
    private final long tradeSalt;
    private long orders;
    private long fills;
    private long trades;
    private long clientIds;

    VenueIds(IdStyle style, long seed) {
        this.style = style;
        this.orderSalt = Seeds.derive(seed, "orders");
        this.fillSalt = Seeds.derive(seed, "fills");
        this.tradeSalt = Seeds.derive(seed, "trades");
    }

    String nextOrderId() {
        return style.format('O', ++orders, orderSalt);
    }

    String nextFillId() {
        return style.format('F', ++fills, fillSalt);
    }

    String nextTradeId() {
        return style.format('T', ++trades, tradeSalt);
    }

    /** For an order sent without a client order id; the prefix keeps it apart from router-made ids. */
    String nextClientOrderId() {
        return "sim" + (++clientIds);
    }
}
