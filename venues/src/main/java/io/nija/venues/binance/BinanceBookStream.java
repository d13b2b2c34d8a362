package io.nija.venues.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.PriceLevel;
import io.nija.venues.stream.BookStreamDialect;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Binance's partial book depth stream, {@code /ws/<symbol>@depth20@100ms}: every message is the top 20 levels a side
 * with its {@code lastUpdateId}, so each one is a snapshot and a lost message costs only freshness (no resync).
 */
public final class BinanceBookStream implements BookStreamDialect {
    private static final ObjectMapper JSON = new ObjectMapper();
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
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
        if (!m.has("lastUpdateId")) {
            return Optional.empty();
        }
        return Optional.of(new BookMessage(true, false, m.path("lastUpdateId").asLong(), levels(m.path("bids")),
                levels(m.path("asks"))));
    }

    static List<PriceLevel> levels(JsonNode array) {
        List<PriceLevel> out = new ArrayList<>(array.size());
        for (JsonNode l : array) {
            out.add(new PriceLevel(new BigDecimal(l.get(0).asText()), new BigDecimal(l.get(1).asText())));
        }
        return out;
    }
}
