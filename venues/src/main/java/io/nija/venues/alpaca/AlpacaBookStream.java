package io.nija.venues.alpaca;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.PriceLevel;
import io.nija.venues.stream.BookStreamDialect;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Alpaca's crypto market data stream ({@code <data stream base>/v1beta3/crypto/us}), {@code orderbooks} channel:
 * {@code {"action":"auth","key","secret"}} then {@code {"action":"subscribe","orderbooks":[symbol]}}. Every message is
 * a JSON array; its {@code T:"o"} entries carry levels {@code {"p":price,"s":size}} as JSON numbers (read exact, as
 * BigDecimal): {@code "r":true} is the whole book (a reset), otherwise the changed levels, size 0 removing one.
 *
 * <p>Alpaca numbers nothing, so a lost update cannot be seen in the messages: the book is resynced when it goes stale
 * against REST or the connection drops, each time by subscribing afresh, which starts with an {@code r:true} book.
 * Market data needs a key of its own (any Alpaca key pair), not a user's trading account.
 */
public final class AlpacaBookStream implements BookStreamDialect {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final URI dataBase;
    private final String key;
    private final String secret;

    /** @param dataBase wss://stream.data.alpaca.markets */
    public AlpacaBookStream(URI dataBase, String key, String secret) {
        this.dataBase = dataBase;
        this.key = key;
        this.secret = secret;
    }

    @Override
    public String venue() {
        return AlpacaVenue.NAME;
    }

    @Override
    public URI connectUri(Instrument instrument) {
        return URI.create(dataBase + "/v1beta3/crypto/us");
    }

    @Override
    public List<String> subscribe(Instrument instrument) {
        // Alpaca handles a connection's messages in order: the subscription follows the auth it needs.
        return List.of(JSON.createObjectNode().put("action", "auth").put("key", key).put("secret", secret).toString(),
                JSON.createObjectNode().put("action", "subscribe").<com.fasterxml.jackson.databind.node.ObjectNode>set(
                        "orderbooks", JSON.createArrayNode().add(instrument.symbol())).toString());
    }

    @Override
    public Optional<BookMessage> parse(String text) {
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
        // One connection carries one symbol; several orderbook entries in one array are applied in order, and a
        // reset among them discards what came before it.
        boolean reset = false;
        boolean any = false;
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        for (JsonNode m : array.isArray() ? array : JSON.createArrayNode().add(array)) {
            if (!"o".equals(m.path("T").asText())) {
                continue; // success, subscription, error
            }
            any = true;
            if (m.path("r").asBoolean(false)) {
                reset = true;
                bids.clear();
                asks.clear();
            }
            levels(m.path("b"), bids);
            levels(m.path("a"), asks);
        }
        return any ? Optional.of(new BookMessage(reset, false, 0, bids, asks)) : Optional.empty();
    }

    private static void levels(JsonNode side, List<PriceLevel> out) {
        for (JsonNode l : side) {
            out.add(new PriceLevel(decimal(l.path("p")), decimal(l.path("s"))));
        }
    }

    private static java.math.BigDecimal decimal(JsonNode n) {
        return n.isNumber() ? n.decimalValue() : new java.math.BigDecimal(n.asText());
    }
}
