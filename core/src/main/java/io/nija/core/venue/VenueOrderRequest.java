package io.nija.core.venue;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import java.math.BigDecimal;

/**
 * An order as it is sent to a venue. {@code clientOrderId} is deterministic per leg and attempt family;
 * {@code limitPrice} is null for market orders. Quantities and prices are already on the instrument's grid.
 *
 * <p>{@code quoteQuantity} is the quote amount (USD) a market buy may spend, or null. Venues that size market
 * buys in the quote currency (Coinbase {@code quote_size}, a Bybit classic account's market buy {@code qty}) send
 * it instead of {@code quantity}; the others ignore it.
 */
public record VenueOrderRequest(Instrument instrument, String clientOrderId, Side side, OrderType type,
                                BigDecimal quantity, BigDecimal limitPrice, BigDecimal quoteQuantity) {
    public VenueOrderRequest(Instrument instrument, String clientOrderId, Side side, OrderType type,
                             BigDecimal quantity, BigDecimal limitPrice) {
        this(instrument, clientOrderId, side, type, quantity, limitPrice, null);
    }
}
