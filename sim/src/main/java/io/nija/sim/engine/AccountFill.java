package io.nija.sim.engine;

import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One side of one trade, as the account that took part in it sees it.
 *
 * <p>{@code tradeId} is the public trade id: shared by the buyer's and the seller's fill and unique only per
 * instrument (what exchanges print as the trade id); {@code tradeNumber} is the same trade as an integer (Kraken's
 * trade_id). {@code fillId} is unique per side across the venue, so two accounts of the same venue trading with
 * each other never report the same fill id: the per-account key that Kraken, OKX, Bybit, Coinbase and Alpaca
 * expose (trade txid, billId, execId, entry_id, activity id). Binance exposes only the shared trade id.
 */
public record AccountFill(String venue, String fillId, String tradeId, long tradeNumber, String venueOrderId,
                          String clientOrderId,
                          String apiKey, String symbol, Side side, BigDecimal quantity, BigDecimal price,
                          BigDecimal fee, String feeAsset, Liquidity liquidity, Instant time) {

    public BigDecimal notional() {
        return quantity.multiply(price);
    }

    /** The fill in the router's terms, identified by the per-account fill id. */
    public Fill toFill() {
        return toFill(fillId);
    }

    /** The fill in the router's terms under another id (the shared trade id, on venues that key fills by it). */
    public Fill toFill(String id) {
        return new Fill(id, venue, quantity, price, fee, feeAsset, liquidity, time);
    }
}
