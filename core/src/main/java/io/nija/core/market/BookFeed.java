package io.nija.core.market;

import io.nija.core.instrument.Instrument;
import java.util.Optional;

/**
 * Books pushed by the venues' public streams (implemented in module venues), one per (venue, pair) and shared by
 * every user. Routing asks here first and reads the book by REST only when the feed has none in sync.
 */
@FunctionalInterface
public interface BookFeed {
    BookFeed NONE = instrument -> Optional.empty();

    /**
     * The instrument's book as the stream keeps it, only while the stream is connected and in sequence; empty
     * otherwise (not subscribed yet, reconnecting, or resyncing after a gap). Asking may subscribe. Must not block.
     */
    Optional<OrderBook> book(Instrument instrument);

    /**
     * Routing read the instrument's book by REST (the feed had none to offer). A stream whose heartbeats go on while
     * its updates stopped is found out here: its last book differs from the venue's. Must not block.
     */
    default void readByRest(Instrument instrument, OrderBook book) {
    }
}
