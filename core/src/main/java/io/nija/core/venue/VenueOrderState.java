package io.nija.core.venue;

import io.nija.core.order.Fill;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a venue says about one order: its ids, where it stands and the fills it has had so far.
 * {@code fills} may be empty when the venue reports cumulative quantities only; adapters then fetch
 * fills separately.
 */
public record VenueOrderState(String venueOrderId, String clientOrderId, String symbol, VenueOrderStatus status,
                              BigDecimal quantity, BigDecimal filledQty, BigDecimal averagePrice,
                              List<Fill> fills, String reason) {
    public VenueOrderState {
        fills = fills == null ? List.of() : List.copyOf(fills);
    }
}
