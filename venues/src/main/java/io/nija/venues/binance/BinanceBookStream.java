package io.nija.venues.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Instrument;
import io.nija.venues.stream.BookStreamDialect;
import io.nija.venues.stream.StreamJson;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Binance's partial book depth stream, {@code /ws/<symbol>@depth20@100ms}: every message is the top 20 levels a side
 * with its {@code lastUpdateId}, so each one is a snapshot and a lost message costs only freshness (no resync).
 */
public final class BinanceBookStream implements BookStreamDialect {
    private final URI streamBase;

    public BinanceBookStream(URI streamBase) {
        this.streamBase = streamBase;
    }

    @Override
    public String venue() {
        return BinanceVenue.NAME;
    }

    @Override
    public URI connectUri(Instrument instrument) {
        return URI.create(streamBase + "/ws/" + instrument.symbol().toLowerCase(Locale.ROOT) + "@depth20@100ms");
    }

    @Override
    public List<String> subscribe(Instrument instrument) {
        return List.of();
    }

    @Override
    public Optional<BookMessage> parse(String text) {
        JsonNode m = StreamJson.read(text);
        if (!m.has("lastUpdateId")) {
            return Optional.empty();
        }
        return Optional.of(new BookMessage(true, false, m.path("lastUpdateId").asLong(), StreamJson.levels(m.path("bids")),
                StreamJson.levels(m.path("asks"))));
    }
}
