package io.nija.venues.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.PriceLevel;
import io.nija.venues.stream.BookStreamDialect;
import io.nija.venues.stream.StreamJson;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Coinbase Advanced Trade's {@code level2} channel ({@code <market data stream base>/}), no JWT needed: a
 * {@code snapshot}, then {@code update}s of changed levels ({@code new_quantity} "0" removes one). Every message of a
 * connection carries the next {@code sequence_num}; this connection carries only the book, so a jump means a lost
 * message and the stream resubscribes for a fresh snapshot.
 */
public final class CoinbaseBookStream implements BookStreamDialect {
    private final URI streamBase;

    /** @param streamBase wss://advanced-trade-ws.coinbase.com */
    public CoinbaseBookStream(URI streamBase) {
        this.streamBase = streamBase;
    }

    @Override
    public String venue() {
        return CoinbaseVenue.NAME;
    }

    @Override
    public URI connectUri(Instrument instrument) {
        return URI.create(streamBase + "/");
    }

    @Override
    public List<String> subscribe(Instrument instrument) {
        return List.of("{\"type\":\"subscribe\",\"channel\":\"level2\",\"product_ids\":[\"" + instrument.symbol()
                + "\"]}");
    }

    @Override
    public Optional<BookMessage> parse(String text) {
        JsonNode m = StreamJson.read(text);
        if (!"l2_data".equals(m.path("channel").asText())) {
            return Optional.empty(); // subscriptions, errors
        }
        JsonNode event = m.path("events").path(0);
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        for (JsonNode u : event.path("updates")) {
            PriceLevel l = new PriceLevel(new BigDecimal(u.path("price_level").asText()),
                    new BigDecimal(u.path("new_quantity").asText()));
            ("bid".equals(u.path("side").asText()) ? bids : asks).add(l);
        }
        return Optional.of(new BookMessage("snapshot".equals(event.path("type").asText()), true,
                m.path("sequence_num").asLong(), bids, asks));
    }
}
