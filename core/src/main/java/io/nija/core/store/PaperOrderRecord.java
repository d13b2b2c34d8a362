package io.nija.core.store;

import io.nija.core.order.Fill;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.VenueOrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A paper order as the paper desk keeps it across restarts: what was asked (the instrument by its venue symbol), its
 * state and its fills. A resting paper limit is the desk's own order, not the venue's, so without this a restart would
 * forget it: the engine, asking for its client order id, would hear "no such order" and could send it again.
 */
public record PaperOrderRecord(String userId, String venue, String clientOrderId, String venueOrderId, String symbol,
                               Side side, OrderType type, BigDecimal quantity, BigDecimal limitPrice,
                               BigDecimal quoteQuantity, VenueOrderStatus status, List<Fill> fills, Instant updatedAt) {
    public PaperOrderRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(status, "status");
        fills = List.copyOf(fills);
    }
}
