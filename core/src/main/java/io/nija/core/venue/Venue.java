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

    /**
     * Places an order carrying {@code request.clientOrderId()}; returns what the venue's answer to the place says. Where
     * that answer is only an acknowledgement ({@link #placeAnswerIsAcknowledgement()}), it is the accepted order as
     * OPEN with nothing filled, and the caller reads the order back.
     */
    VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request);

    /**
     * True when {@link #placeOrder}'s answer only says "accepted" (Kraken, OKX, Bybit, Coinbase, Alpaca) rather than the
     * order's state with its fills (Binance's FULL answer, the in-process simulator). The executor then reads the order
     * back once, within the venue's budget; the read never turns the accepted order into an error.
     */
    default boolean placeAnswerIsAcknowledgement() {
        return false;
    }

    /**
     * The venue-native stop-loss and take-profit orders this venue places ({@link VenueOrderRequest#trigger()}); none by
     * default. An implementation that says none must refuse a request with a trigger ({@link NativeStops#check}).
     */
    default NativeStops nativeStops() {
        return NativeStops.NONE;
    }

    /**
     * The native stop orders this venue places for {@code account}: {@link #nativeStops()} but for accounts whose
     * orders never reach the venue (a paper desk's), which get none.
     */
    default NativeStops nativeStops(VenueAccount account) {
        return nativeStops();
    }

    /**
     * The venue's request budget, priced as the exchange counts; empty for a venue that keeps none of its own (the
     * in-process simulator, test venues), for which the executor applies its configured generic rates.
     */
    default Optional<RequestBudget> budget() {
        return Optional.empty();
    }

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
     * What this key may do, as the venue's key-introspection endpoint reports it; empty when the venue has none (the
     * caller then learns what it can from reads). Any valid key may ask; a bad key or secret throws AUTH_FAILED.
     */
    default Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        return Optional.empty();
    }

    /**
     * Free and locked balance per asset. Venues whose adapters read only the free amount report locked as zero (the
     * default); see each adapter.
     */
    default List<AssetBalance> balanceDetails(VenueAccount account) {
        return balances(account).entrySet().stream()
                .map(e -> new AssetBalance(e.getKey(), e.getValue(), BigDecimal.ZERO)).toList();
    }

    /**
     * How many calls with one API key may run at once. A venue whose requests must reach it in order per key (Kraken's
     * nonce: an adapter holds the key's lock across the call) says 1; the executor then keeps that key's other calls
     * in its queue, where they hold nothing, instead of letting them wait on the key's lock with a venue-wide permit.
     */
    default int maxConcurrentCallsPerKey() {
        return 4;
    }

    /**
     * Whether one read of an account's open orders costs about what one order read costs, so the engine follows
     * several resting orders of one account with one {@link #openOrders} read instead of one read each. True for
     * Kraken (one unit either way, against a counter that decays by a third of a unit a second); false where the
     * list is much dearer (Binance weighs it at 80 without a symbol against 4 for one order).
     */
    default boolean sharesOpenOrdersRead() {
        return false;
    }
}
