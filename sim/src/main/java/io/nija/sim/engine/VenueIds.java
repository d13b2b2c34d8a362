package io.nija.sim.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Venue order ids, fill ids, trade ids and generated client order ids of one engine. Used under the engine lock.
 *
 * <p>Order and fill ids are unique per engine. Trade ids follow exchanges' public trade ids: a sequence per
 * instrument (Binance's per-symbol trade id, Kraken's per-pair trade_id, OKX's per-instrument tradeId), shared by
 * both sides of a trade, starting at a seed- and symbol-dependent number as on a venue that has been running.
 */
final class VenueIds {
    /** One trade as the public tape numbers it: {@code id} in the venue's style, {@code number} its integer. */
    record Trade(String id, long number) {
    }

    private final IdStyle style;
    private final long orderSalt;
    private final long fillSalt;
    private final long tradeSalt;
    private long orders;
    private long fills;
    private long clientIds;
    private final Map<String, long[]> tradesPerSymbol = new HashMap<>();

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

    /** The next trade on {@code symbol}. */
    Trade nextTrade(String symbol) {
        long seq = ++tradesPerSymbol.computeIfAbsent(symbol, k -> new long[1])[0];
        long salt = Seeds.derive(tradeSalt, symbol);
        long number = 100_000_000L + Math.floorMod(salt, 900_000_000L) + seq;
        String id = style == IdStyle.NUMERIC ? Long.toString(number) : style.format('T', seq, salt);
        return new Trade(id, number);
    }

    /** For an order sent without a client order id; the prefix keeps it apart from router-made ids. */
    String nextClientOrderId() {
        return "sim" + (++clientIds);
    }
}
