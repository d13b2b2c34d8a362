package io.nija.venues.common;

import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Place-then-read-back, written once for every adapter whose place answer is only an acknowledgement (Kraken, OKX,
 * Bybit, Coinbase).
 *
 * <p>Once the venue has accepted an order, {@code placeOrder} must report it as placed whatever the read-back that
 * follows runs into. An error thrown from the read-back (a key allowed to trade but not to read orders, a rate limit,
 * a 5xx, a timeout, a read that lags the write) would reach the executor as if the place had failed: a user-side
 * kind becomes a "refused" report, and the order the venue holds is recorded rejected and never followed up. So a
 * failed or empty read-back yields the state the place answer supports, and the engine's later queries learn the rest.
 *
 * <p>The adapters' limiters refuse rather than wait, so a read-back the key has no budget for fails at once, before
 * anything is sent, and is skipped here like any other failed read.
 */
public final class AcceptedOrder {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptedOrder.class);

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

    /**
     * The read-back's state of an accepted order, or {@code accepted} when the read-back finds nothing or fails in
     * any way. Never throws on account of the read-back.
     */
    public static VenueOrderState readBackOrAccepted(String venue, VenueOrderState accepted,
                                                     Supplier<Optional<VenueOrderState>> readBack) {
        try {
            Optional<VenueOrderState> read = readBack.get();
            if (read.isPresent()) {
                return read.get();
            }
            LOG.debug("{} accepted order {} ({}) but does not list it yet", venue, accepted.clientOrderId(),
                    accepted.venueOrderId());
        } catch (VenueException e) {
            LOG.info("{} accepted order {} ({}); reading it back failed ({}), reporting it {}: {}", venue,
                    accepted.clientOrderId(), accepted.venueOrderId(), e.kind().wire(), accepted.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} accepted order {} ({}); reading it back failed unexpectedly, reporting it {}", venue,
                    accepted.clientOrderId(), accepted.venueOrderId(), accepted.status(), e);
        }
        return accepted;
    }
}
