package io.nija.venues.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.order.Fill;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import io.nija.venues.common.Hashing;
import io.nija.venues.stream.PrivateStreamDialect;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bybit v5's private stream ({@code <stream base>/v5/private}): login with {@code op auth} (HMAC-SHA256 of
 * {@code "GET/realtime" + expires}), subscribe to {@code order} and {@code execution}, and ping every 20 s. An
 * {@code execution} message carries fills (keyed by {@code execId}, as the REST execution list is); the {@code order}
 * message that follows carries the order's cumulative state, and is handed on with the fills seen for it since.
 */
public final class BybitPrivateStream implements PrivateStreamDialect {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI streamBase;
    /** Fills of an order reported by execution messages and not yet handed on with an order message. */
    private final Map<String, List<Fill>> pendingFills = new ConcurrentHashMap<>();

    /** @param streamBase wss://stream.bybit.com */
    public BybitPrivateStream(URI streamBase) {
        this.streamBase = streamBase;
    }

    @Override
    public String venue() {
        return BybitVenue.NAME;
    }

    @Override
    public URI connectUri(VenueAccount account) {
        return URI.create(streamBase + "/v5/private");
    }

    @Override
    public List<String> onOpen(VenueAccount account, long nowMillis) {
        long expires = nowMillis + 10_000;
        String sign = Hashing.hmacSha256Hex(account.apiSecret(), "GET/realtime" + expires);
        return List.of(
                JSON.createObjectNode().put("req_id", "auth").put("op", "auth").<com.fasterxml.jackson.databind.node.ObjectNode>set(
                        "args", JSON.createArrayNode().add(account.apiKey()).add(expires).add(sign)).toString(),
                "{\"req_id\":\"sub\",\"op\":\"subscribe\",\"args\":[\"order\",\"execution\"]}");
    }

    @Override
    public Optional<String> ping() {
        return Optional.of("{\"op\":\"ping\"}");
    }

    @Override
    public Parsed parse(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
        String op = m.path("op").asText("");
        if (op.equals("auth") || op.equals("subscribe")) {
            boolean ok = m.path("success").asBoolean(false);
            return new Parsed(ok && op.equals("subscribe"), !ok, List.of());
        }
        switch (m.path("topic").asText("")) {
            case "execution" -> {
                for (JsonNode e : m.path("data")) {
                    if (!"Trade".equals(e.path("execType").asText("Trade"))) {
                        continue;
                    }
                    // The fee asset is in feeCurrency; without it the parser's side rule needs the pair's assets.
                    Fill f = BybitParser.execution(e, null, null);
                    pendingFills.computeIfAbsent(e.path("orderLinkId").asText(), k -> new ArrayList<>()).add(f);
                }
                return Parsed.NOTHING;
            }
            case "order" -> {
                List<VenueOrderState> out = new ArrayList<>();
                for (JsonNode o : m.path("data")) {
                    VenueOrderState s = BybitParser.order(o);
                    List<Fill> fills = s.clientOrderId() == null ? null : pendingFills.remove(s.clientOrderId());
                    out.add(fills == null ? s : new VenueOrderState(s.venueOrderId(), s.clientOrderId(), s.symbol(),
                            s.status(), s.quantity(), s.filledQty(), s.averagePrice(), fills, s.reason()));
                }
                return Parsed.orders(out);
            }
            default -> {
                return Parsed.NOTHING; // pong and anything else
            }
        }
    }
}
