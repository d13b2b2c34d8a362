package io.nija.venues.common;

import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import java.math.BigDecimal;
import java.util.List;

/**
 * The state an acknowledgement-only place answer supports (Kraken, OKX, Bybit, Coinbase): the accepted order, OPEN,
 * nothing filled. Reading the order back is the executor's job, done once for every such venue
 * ({@code Venue#placeAnswerIsAcknowledgement}), so no adapter's read can turn an accepted order into an error.
 */
public final class AcceptedOrder {
    private AcceptedOrder() {
    }

    /**
     * What the place answer alone says: the venue's id for the order, the request's client id, quantity and symbol,
     * and no fills (the read that would give them did not happen or did not answer).
     *
     * @param status    what the place answer says, OPEN when it only acknowledges
     * @param filledQty what the place answer says has filled, or null when it says nothing (taken as zero)
     */
    public static VenueOrderState accepted(VenueOrderRequest request, String venueOrderId, VenueOrderStatus status,
                                           BigDecimal filledQty, String reason) {
        return new VenueOrderState(venueOrderId, request.clientOrderId(), request.instrument().symbol(), status,
                request.quantity(), filledQty == null ? BigDecimal.ZERO : filledQty, null, List.of(), reason);
    }

    /** An acknowledgement that says nothing but "accepted": OPEN, nothing filled. */
    public static VenueOrderState acknowledged(VenueOrderRequest request, String venueOrderId, String reason) {
        return accepted(request, venueOrderId, VenueOrderStatus.OPEN, null, reason);
    }
}
