package io.nija.venues.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.order.Fill;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import io.nija.venues.stream.PrivateStreamDialect;
import io.nija.venues.stream.StreamJson;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alpaca's trading stream ({@code <trading base>/stream}), {@code trade_updates}: {@code {"action":"auth","key",
 * "secret"}}, answered on the {@code authorization} stream, then {@code {"action":"listen","data":{"streams":
 * ["trade_updates"]}}}, answered on {@code listening}. Alpaca sends these as binary frames, read as text here.
 *
 * <p>Each event carries the order as REST writes it. Its fill is identified by {@code execution_id}, while REST keys
 * fills by the FILL activity's {@code id}, and nothing documented ties the two. So the event is handed on as the
 * order's state, and when it shows the order filled further than the last event did, the order's FILL activities are
 * read by REST ({@link AlpacaVenue#fillsOfOrder}: one activities read, no order-status request), keyed as ever.
 */
public final class AlpacaPrivateStream implements PrivateStreamDialect {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the fills of an order given as Alpaca writes it. */
    public interface FillReader {
        List<Fill> fills(VenueAccount account, JsonNode order);
    }

    private final URI tradingBase;
    private final FillReader fills;
    private final Map<String, BigDecimal> filledSeen = new ConcurrentHashMap<>();

    /** @param tradingBase wss://paper-api.alpaca.markets (the trading API's host) */
    public AlpacaPrivateStream(URI tradingBase, FillReader fills) {
        this.tradingBase = tradingBase;
        this.fills = fills;
    }

    @Override
    public String venue() {
        return AlpacaVenue.NAME;
    }

    @Override
    public URI connectUri(VenueAccount account) {
        return URI.create(tradingBase + "/stream");
    }

    @Override
    public List<String> onOpen(VenueAccount account, long nowMillis) {
        return List.of(
                JSON.createObjectNode().put("action", "auth").put("key", account.apiKey())
                        .put("secret", account.apiSecret()).toString(),
                "{\"action\":\"listen\",\"data\":{\"streams\":[\"trade_updates\"]}}");
    }

    @Override
    public Parsed parse(String text) {
        throw new UnsupportedOperationException("alpaca's trade updates are read per account");
    }

    @Override
    public Parsed parse(VenueAccount account, String text) {
        JsonNode m = StreamJson.read(text);
        JsonNode data = m.path("data");
        switch (m.path("stream").asText()) {
            case "authorization" -> {
                return "authorized".equals(data.path("status").asText()) ? Parsed.NOTHING
                        : new Parsed(false, true, List.of());
            }
            case "listening" -> {
                boolean listening = false;
                for (JsonNode s : data.path("streams")) {
                    listening |= "trade_updates".equals(s.asText());
                }
                return new Parsed(listening, false, List.of());
            }
            case "trade_updates" -> {
                JsonNode order = data.path("order");
                if (!order.isObject()) {
                    return Parsed.NOTHING;
                }
                VenueOrderState s = AlpacaParser.order(order);
                BigDecimal before = filledSeen.getOrDefault(s.venueOrderId(), BigDecimal.ZERO);
                VenueOrderState out = s;
                if (s.filledQty().compareTo(before) > 0) {
                    out = new VenueOrderState(s.venueOrderId(), s.clientOrderId(), s.symbol(), s.status(),
                            s.quantity(), s.filledQty(), s.averagePrice(), fills.fills(account, order), s.reason());
                }
                if (s.status().isFinal()) {
                    filledSeen.remove(s.venueOrderId());
                } else {
                    filledSeen.merge(s.venueOrderId(), s.filledQty(), BigDecimal::max);
                }
                return Parsed.orders(List.of(out));
            }
            default -> {
                return Parsed.NOTHING;
            }
        }
    }
}
