package io.nija.sim.engine;

import io.nija.core.instrument.Decimals;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An immutable snapshot of one order: everything a dialect needs to answer "query order", "open orders" or
 * the simulator's own {@code /__sim/orders}. {@code quantity} is null for a market order sized in quote
 * ({@code quoteQuantity} set instead); {@code limitPrice} is null for market orders.
 * {@code filledQuote} is the cumulative notional (Binance cummulativeQuoteQty); {@code fees} are in
 * {@code feeAsset}, the venue's quote asset.
 */
public record OrderView(String venue, String venueOrderId, String clientOrderId, String apiKey, String symbol,
                        Side side, OrderType type, BigDecimal quantity, BigDecimal quoteQuantity,
                        BigDecimal limitPrice, OrderState state, BigDecimal filledQty, BigDecimal filledQuote,
                        BigDecimal fees, String feeAsset, Instant createdAt, Instant updatedAt,
                        List<AccountFill> fills, StopTrigger trigger, boolean waitingForTrigger) {
    public OrderView {
        fills = List.copyOf(fills);
    }

    /** An order without a trigger. */
    public OrderView(String venue, String venueOrderId, String clientOrderId, String apiKey, String symbol,
                     Side side, OrderType type, BigDecimal quantity, BigDecimal quoteQuantity,
                     BigDecimal limitPrice, OrderState state, BigDecimal filledQty, BigDecimal filledQuote,
                     BigDecimal fees, String feeAsset, Instant createdAt, Instant updatedAt, List<AccountFill> fills) {
        this(venue, venueOrderId, clientOrderId, apiKey, symbol, side, type, quantity, quoteQuantity, limitPrice, state,
                filledQty, filledQuote, fees, feeAsset, createdAt, updatedAt, fills, null, false);
    }

    /** Volume-weighted fill price, or null before the first fill. */
    public BigDecimal averagePrice() {
        return filledQty.signum() == 0 ? null : Decimals.divide(filledQuote, filledQty);
    }

    /** Base quantity still open; zero once the order is final. */
    public BigDecimal remainingQty() {
        return state.isOpen() ? quantity.subtract(filledQty) : BigDecimal.ZERO;
    }

    public boolean isOpen() {
        return state.isOpen();
    }
}
