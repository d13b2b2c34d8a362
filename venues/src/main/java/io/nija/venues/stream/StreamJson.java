package io.nija.venues.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.market.PriceLevel;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** What every venue's stream messages share: JSON text, and book levels written as {@code [["price","size"], ...]}. */
public final class StreamJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamJson() {
    }

    /** One stream message; text that is not JSON is an unreadable message (the stream logs and skips it). */
    public static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    /** Levels as arrays whose first two entries are price and size, exact as the venue wrote them. */
    public static List<PriceLevel> levels(JsonNode array) {
        List<PriceLevel> out = new ArrayList<>(array.size());
        for (JsonNode l : array) {
            out.add(new PriceLevel(new BigDecimal(l.get(0).asText()), new BigDecimal(l.get(1).asText())));
        }
        return out;
    }
}
