package io.nija.sim.engine;

import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One side of one trade, as the account that took part in it sees it.
 *
 * <p>{@code tradeId} is shared by the buyer's and the seller's fill (what exchanges print as the trade id);
 * {@code fillId} is unique per side, so two accounts of the same venue trading with each other never report
 * the same fill id — a store that keys fills by (venue, fill id) stays correct.
 */
public record AccountFill(String venue, String fillId, String tradeId, String venueOrderId, String clientOrderId,
                          String apiKey, String symbol, Side side, BigDecimal quantity, BigDecimal price,
                          BigDecimal fee, String feeAsset, Liquidity liquidity, Instant time) {

    public BigDecimal notional() {
        return quantity.multiply(price);
    }

    /** The fill in the router's terms. */
    public Fill toFill() {
        return new Fill(fillId, venue, quantity, price, fee, feeAsset, liquidity, time);
    }
}
