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

    /**
     * @param snapshot  the message replaces the whole book (otherwise: changed levels, size zero removes a level)
     * @param sequenced {@code seq} must be exactly one more than the previous message's, or an update was lost
     */
    record BookMessage(boolean snapshot, boolean sequenced, long seq, List<PriceLevel> bids, List<PriceLevel> asks) {
    }
}
