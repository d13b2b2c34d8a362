package io.nija.core.venue;

/**
 * Where a venue adapter pushes what an account's private stream says (implemented by the engine). Calls may come from
 * any thread; the engine hands them to the user's lane and returns at once.
 */
public interface OrderEvents {
    /**
     * One order's state as the stream reported it, with the fills the message carried (often only the latest one). It
     * is handled exactly as the answer to a REST question about the order: fills are counted once by their fill id.
     */
    void orderState(VenueAccount account, VenueOrderState state);

    /**
     * The account's stream came up (connected and subscribed, again) or went down. Either way what happened meanwhile
     * is unknown to the engine: it asks REST about every order it is following there (the catch-up), and from then on
     * follows them at the pace the stream's health allows.
     */
    void streamChanged(VenueAccount account, boolean up);
}
