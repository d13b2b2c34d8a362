package io.nija.venues.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Instrument;
import io.nija.venues.stream.BookStreamDialect;
import io.nija.venues.stream.StreamJson;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Bybit v5's public spot book, {@code orderbook.50.<symbol>} on {@code /v5/public/spot}: a snapshot, then deltas
 * (size "0" removes a level) whose update id {@code u} rises by one each; a jump means a lost delta and a resync.
 * The client pings every 20 s.
 */
public final class BybitBookStream implements BookStreamDialect {
    private final URI streamBase;

    public BybitBookStream(URI streamBase) {
        this.streamBase = streamBase;
    }

    @Override
    public String venue() {
        return BybitVenue.NAME;
    }

    @Override
    public URI connectUri(Instrument instrument) {
        return URI.create(streamBase + "/v5/public/spot");
    }

    @Override
    public List<String> subscribe(Instrument instrument) {
        return List.of("{\"op\":\"subscribe\",\"args\":[\"orderbook.50." + instrument.symbol() + "\"]}");
    }

    @Override
    public Optional<String> ping() {
        return Optional.of("{\"op\":\"ping\"}");
    }

    @Override
    public Duration pingEvery() {
        return Duration.ofSeconds(20);
    }

    @Override
    public Optional<BookMessage> parse(String text) {
        JsonNode m = StreamJson.read(text);
        if (!m.path("topic").asText("").startsWith("orderbook.")) {
            return Optional.empty();
        }
        JsonNode d = m.path("data");
        // u = 1 on a snapshot after a service restart too: the snapshot resets the sequence either way.
        return Optional.of(new BookMessage("snapshot".equals(m.path("type").asText()), true, d.path("u").asLong(),
                StreamJson.levels(d.path("b")), StreamJson.levels(d.path("a"))));
    }
}
