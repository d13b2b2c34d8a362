package io.nija.venues.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Instrument;
import io.nija.venues.stream.BookStreamDialect;
import io.nija.venues.stream.StreamJson;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * OKX v5's {@code books5} channel on {@code /ws/v5/public}: every push is the whole top 5 a side (levels
 * {@code [px, sz, "0", orders]}), so each one is a snapshot and a lost push costs only freshness, as with Binance's
 * partial depth. OKX closes a connection silent for 30 s: the client sends the text {@code ping} every 20 s and is
 * answered {@code pong}.
 */
public final class OkxBookStream implements BookStreamDialect {
    private final URI streamBase;

    /** @param streamBase wss://ws.okx.com:8443 */
    public OkxBookStream(URI streamBase) {
        this.streamBase = streamBase;
    }

    @Override
    public String venue() {
        return OkxVenue.NAME;
    }

    @Override
    public URI connectUri(Instrument instrument) {
        return URI.create(streamBase + "/ws/v5/public");
    }

    @Override
    public List<String> subscribe(Instrument instrument) {
        return List.of("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books5\",\"instId\":\"" + instrument.symbol()
                + "\"}]}");
    }

    @Override
    public Optional<String> ping() {
        return Optional.of("ping");
    }

    @Override
    public Duration pingEvery() {
        return Duration.ofSeconds(20);
    }

    @Override
    public Optional<BookMessage> parse(String text) {
        if (text.equals("pong")) {
            return Optional.empty();
        }
        JsonNode m = StreamJson.read(text);
        if (!"books5".equals(m.path("arg").path("channel").asText()) || !m.path("data").isArray()) {
            return Optional.empty(); // subscription answers and errors
        }
        JsonNode d = m.path("data").path(0);
        return Optional.of(new BookMessage(true, false, d.path("seqId").asLong(), StreamJson.levels(d.path("bids")),
                StreamJson.levels(d.path("asks"))));
    }
}
