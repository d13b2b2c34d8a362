package io.nija.venues.stream;

import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One exchange's private order stream: where to connect for an account, what to send once connected (login,
 * subscribe), what its messages mean, and its application heartbeat if it has one. Implementations keep no
 * connection state beyond what one connection needs; {@link PrivateStream} owns the connection.
 */
public interface PrivateStreamDialect {
    /** The venue's name, as in {@link VenueAccount#venue()}. */
    String venue();

    /** Where to connect for this account; may call the venue's REST API first (Binance's listen key). */
    URI connectUri(VenueAccount account);

    /** Messages to send as soon as the socket is open (login, then subscribe); {@code nowMillis} is the venue clock. */
    List<String> onOpen(VenueAccount account, long nowMillis);

    /** Whether the stream delivers data from the moment it opens (true: no subscription answer to wait for). */
    default boolean readyOnOpen() {
        return false;
    }

    /** What one text message says. */
    Parsed parse(String text);

    /**
     * What one text message on {@code account}'s stream says; venues whose pushes carry no fills (Coinbase, Alpaca)
     * read the fills of an order that filled more by REST here, on the stream's thread.
     */
    default Parsed parse(VenueAccount account, String text) {
        return parse(text);
    }

    /** An application-level ping to send every {@link #pingEvery()}, for venues that expect one. */
    default Optional<String> ping() {
        return Optional.empty();
    }

    default Duration pingEvery() {
        return Duration.ofSeconds(20);
    }

    /** Something to do now and then while connected (Binance: keep the listen key alive). */
    default void keepAlive(VenueAccount account) {
    }

    /** Called when the connection ends for good or is replaced (Binance: close the listen key). */
    default void closed(VenueAccount account) {
    }

    /**
     * @param subscribed the venue confirmed the login and subscription: data flows from here
     * @param refused    the venue refused the login or subscription (bad key): retrying will not help soon
     * @param orders     order states the message carries, with the fills it reported
     */
    record Parsed(boolean subscribed, boolean refused, List<VenueOrderState> orders) {
        public static final Parsed NOTHING = new Parsed(false, false, List.of());

        public static Parsed orders(List<VenueOrderState> orders) {
            return new Parsed(false, false, orders);
        }
    }
}
