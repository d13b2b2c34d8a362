package io.nija.venues.stream;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.PriceLevel;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One exchange's public book stream: where to connect for an instrument, how to subscribe, what messages mean. */
public interface BookStreamDialect {
    String venue();

    URI connectUri(Instrument instrument);

    /** Messages to send once the socket is open. */
    List<String> subscribe(Instrument instrument);

    /** The book message in {@code text}, or empty for anything else (answers, pongs). */
    Optional<BookMessage> parse(String text);

    default Optional<String> ping() {
        return Optional.empty();
    }

    default Duration pingEvery() {
        return Duration.ofSeconds(20);
    }

    /** How many levels a side keeps; levels beyond are dropped (venues that send only changes inside this depth). */
    default int keepLevels() {
        return Integer.MAX_VALUE;
    }

    /** Whether the book after a message gives the checksum the venue sent with it (Kraken); true without one. */
    default boolean checksumMatches(Instrument instrument, List<PriceLevel> bids, List<PriceLevel> asks, long checksum) {
        return true;
    }

    /**
     * @param snapshot  the message replaces the whole book (otherwise: changed levels, size zero removes a level)
     * @param sequenced {@code seq} must be exactly one more than the previous message's, or an update was lost
     * @param checksum  the venue's checksum of the book after this message ({@link #checksumMatches}), or null
     */
    record BookMessage(boolean snapshot, boolean sequenced, long seq, List<PriceLevel> bids, List<PriceLevel> asks,
                       Long checksum) {
        public BookMessage(boolean snapshot, boolean sequenced, long seq, List<PriceLevel> bids, List<PriceLevel> asks) {
            this(snapshot, sequenced, seq, bids, asks, null);
        }
    }
}
