package io.nija.venues.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.venues.common.Json;
import io.nija.venues.common.OrderMath;
import io.nija.venues.stream.PrivateStreamDialect;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Kraken's websocket API v2, {@code executions} channel ({@code <auth stream base>/v2}). Each connection first asks
 * REST for a token ({@code GetWebSocketsToken}, through the adapter and its budget), then subscribes with it. An
 * event with {@code exec_type} "trade" carries one fill keyed by {@code exec_id}, which is the account's trade txid that
 * REST's QueryTrades keys fills by, so a fill seen on both paths counts once. The client sends {@code {"method":
 * "ping"}} every 20 s.
 */
public final class KrakenPrivateStream implements PrivateStreamDialect {
    private static final ObjectMapper JSON = KrakenBookStream.JSON;
    private final URI streamBase;
    private final Function<VenueAccount, String> tokens;
    /** The token fetched for each key's current connection, sent with its subscription. */
    private final Map<String, String> tokenOf = new ConcurrentHashMap<>();

    /**
     * @param streamBase wss://ws-auth.kraken.com
     * @param tokens     REST GetWebSocketsToken ({@link KrakenVenue#webSocketsToken})
     */
    public KrakenPrivateStream(URI streamBase, Function<VenueAccount, String> tokens) {
        this.streamBase = streamBase;
        this.tokens = tokens;
    }

    @Override
    public String venue() {
        return KrakenVenue.NAME;
    }

    @Override
    public URI connectUri(VenueAccount account) {
        tokenOf.put(account.apiKey(), tokens.apply(account));
        return URI.create(streamBase + "/v2");
    }

    @Override
    public List<String> onOpen(VenueAccount account, long nowMillis) {
        ObjectNode params = JSON.createObjectNode().put("channel", "executions")
                .put("token", tokenOf.getOrDefault(account.apiKey(), "")).put("snap_orders", false)
                .put("snap_trades", false);
        return List.of(JSON.createObjectNode().put("method", "subscribe").<ObjectNode>set("params", params)
                .put("req_id", 1).toString());
    }

    @Override
    public Optional<String> ping() {
        return Optional.of("{\"method\":\"ping\"}");
    }

    @Override
    public void closed(VenueAccount account) {
        tokenOf.remove(account.apiKey());
    }

    @Override
    public Parsed parse(String text) {
        JsonNode m = KrakenBookStream.read(text);
        if ("subscribe".equals(m.path("method").asText())) {
            boolean ok = m.path("success").asBoolean(false);
            return new Parsed(ok && "executions".equals(m.path("result").path("channel").asText()), !ok, List.of());
        }
        if (!"executions".equals(m.path("channel").asText())) {
            return Parsed.NOTHING; // pong, heartbeat, status
        }
        List<VenueOrderState> out = new ArrayList<>();
        for (JsonNode e : m.path("data")) {
            if (!e.hasNonNull("order_id") || !e.hasNonNull("order_status")) {
                continue; // a snapshot of trades without order state
            }
            BigDecimal qty = Json.decimal(e, "order_qty");
            BigDecimal cum = Json.decimalOrZero(e, "cum_qty");
            List<Fill> fills = fill(e).map(List::of).orElse(List.of());
            out.add(new VenueOrderState(e.path("order_id").asText(), Json.text(e, "cl_ord_id"),
                    e.path("symbol").asText(null), status(e.path("order_status").asText(), cum), qty, cum,
                    OrderMath.positiveOrNull(Json.decimal(e, "avg_price")), fills, e.path("order_status").asText()));
        }
        return Parsed.orders(out);
    }

    static VenueOrderStatus status(String s, BigDecimal cum) {
        return switch (s) {
            case "pending_new", "new" -> cum.signum() > 0 ? VenueOrderStatus.PARTIALLY_FILLED : VenueOrderStatus.OPEN;
            case "partially_filled" -> VenueOrderStatus.PARTIALLY_FILLED;
            case "filled" -> VenueOrderStatus.FILLED;
            case "canceled" -> VenueOrderStatus.CANCELLED;
            case "expired" -> VenueOrderStatus.EXPIRED;
            default -> cum.signum() > 0 ? VenueOrderStatus.PARTIALLY_FILLED : VenueOrderStatus.OPEN;
        };
    }

    /** The trade an event reports ({@code exec_type} "trade"); its fee is the sum of {@code fees}. */
    static Optional<Fill> fill(JsonNode e) {
        if (!"trade".equals(e.path("exec_type").asText()) || !e.hasNonNull("exec_id")) {
            return Optional.empty();
        }
        BigDecimal fee = BigDecimal.ZERO;
        String feeAsset = null;
        for (JsonNode f : e.path("fees")) {
            fee = fee.add(Json.decimalOrZero(f, "qty"));
            feeAsset = Json.text(f, "asset");
        }
        String liq = e.path("liquidity_ind").asText("");
        return Optional.of(new Fill(e.path("exec_id").asText(), KrakenVenue.NAME, Json.decimal(e, "last_qty"),
                Json.decimal(e, "last_price"), OrderMath.chargeOnly(fee), feeAsset == null ? null : KrakenAssets.normalize(feeAsset),
                liq.equals("m") ? Liquidity.MAKER : liq.equals("t") ? Liquidity.TAKER : null,
                e.hasNonNull("timestamp") ? Instant.parse(e.path("timestamp").asText()) : Instant.EPOCH));
    }
}
