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
 *
 * <p>{@code trigger}, on a LIMIT order only, makes it a venue-native stop-loss or take-profit limit (see {@link
 * NativeTrigger}); null for every ordinary order. A venue places one only where {@link Venue#nativeStops()} says so and
 * refuses it otherwise, never sending it as a plain limit.
 */
public record VenueOrderRequest(Instrument instrument, String clientOrderId, Side side, OrderType type,
                                BigDecimal quantity, BigDecimal limitPrice, BigDecimal quoteQuantity,
                                NativeTrigger trigger) {
    public VenueOrderRequest {
        if (trigger != null && type != OrderType.LIMIT) {
            throw new IllegalArgumentException("a native trigger carries a limit order");
        }
    }

    public VenueOrderRequest(Instrument instrument, String clientOrderId, Side side, OrderType type,
                             BigDecimal quantity, BigDecimal limitPrice, BigDecimal quoteQuantity) {
        this(instrument, clientOrderId, side, type, quantity, limitPrice, quoteQuantity, null);
    }

    public VenueOrderRequest(Instrument instrument, String clientOrderId, Side side, OrderType type,
                             BigDecimal quantity, BigDecimal limitPrice) {
        this(instrument, clientOrderId, side, type, quantity, limitPrice, null, null);
    }

    /** A venue-native stop-loss or take-profit limit: rests at {@code limitPrice} once the venue's trigger fires. */
    public static VenueOrderRequest triggered(Instrument instrument, String clientOrderId, Side side, BigDecimal quantity,
                                              BigDecimal limitPrice, NativeTrigger trigger) {
        return new VenueOrderRequest(instrument, clientOrderId, side, OrderType.LIMIT, quantity, limitPrice, null,
                java.util.Objects.requireNonNull(trigger, "trigger"));
    }
}
