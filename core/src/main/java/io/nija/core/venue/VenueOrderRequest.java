package io.nija.core.venue;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import java.math.BigDecimal;

/**
 * An order as it is sent to a venue. {@code clientOrderId} is deterministic per leg and attempt family;
 * {@code limitPrice} is null for market orders. Quantities and prices are already on the instrument's grid.
 */
public record VenueOrderRequest(Instrument instrument, String clientOrderId, Side side, OrderType type,
                                BigDecimal quantity, BigDecimal limitPrice) {
}
