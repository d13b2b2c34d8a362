package io.nija.core.venue;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Fill;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port to one exchange. Implemented once per exchange dialect (module venues, over HTTP) and once
 * in-process over the simulator's matching engine (module sim); the router cannot tell them apart.
 *
 * <p>Every call may throw {@link VenueException}. A {@code place} that throws with kind UNKNOWN or
 * VENUE_UNAVAILABLE after the request left may still have created the order: callers resolve that with
 * {@link #queryOrder}, never by sending again.
 */
public interface Venue {
    String name();

    /** Every instrument the venue lists, with its trading rules. Public data. */
    List<Instrument> instruments();

    /** The book of one instrument, up to {@code depth} levels a side. Public data. */
    OrderBook orderBook(Instrument instrument, int depth);

    /** Maker and taker fee rates of this account. */
    FeeSchedule fees(VenueAccount account, Instrument instrument);

    /** Places an order carrying {@code request.clientOrderId()}; returns the venue's view right after. */
    VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request);

    /** Cancels by client order id; returns the final state (which may show fills that beat the cancel). */
    VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId);

    /** The order with this client order id, or empty if the venue has none (so it is safe to send). */
    Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId);

    List<VenueOrderState> openOrders(VenueAccount account);

    /** Fills of one order, by client order id. */
    List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId);

    /** Free balance per asset. */
    Map<String, BigDecimal> balances(VenueAccount account);

    /**
     * How many calls with one API key may run at once. A venue whose requests must reach it in order per key (Kraken's
     * nonce: an adapter holds the key's lock across the call) says 1; the executor then keeps that key's other calls
     * in its queue, where they hold nothing, instead of letting them wait on the key's lock with a venue-wide permit.
     */
    default int maxConcurrentCallsPerKey() {
        return 4;
    }
}
