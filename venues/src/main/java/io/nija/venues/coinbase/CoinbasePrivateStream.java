package io.nija.venues.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.order.Fill;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.venues.common.Json;
import io.nija.venues.common.OrderMath;
import io.nija.venues.stream.PrivateStreamDialect;
import io.nija.venues.stream.StreamJson;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Coinbase Advanced Trade's websocket ({@code <user stream base>/}), {@code user} channel, with the {@code heartbeats}
 * channel on the same connection (Coinbase closes a subscription that sees no message for a while; heartbeats
 * arrive every second). Each subscribe message carries a fresh JWT without a uri claim, signed as the REST calls are.
 *
 * <p>The channel pushes each order's cumulative state ({@code cumulative_quantity}, {@code avg_price},
 * {@code number_of_fills}) but not its fills. When a push shows an order filled further than the last push did, the
 * fills are read by REST by the venue order id the push names ({@link CoinbaseVenue#fillsOfOrder}), keyed by
 * {@code entry_id} as ever: one fills read per fill event and no order-status request.
 */
public final class CoinbasePrivateStream implements PrivateStreamDialect {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads an order's fills by REST: (account, fee asset, venue order id). */
    public interface FillReader {
        List<Fill> fills(VenueAccount account, String feeAsset, String venueOrderId);
    }

    private final URI streamBase;
    private final Function<VenueAccount, String> jwts;
    private final FillReader fills;
    /** The filled quantity last handed on per venue order id, so a repeated push reads no fills again. */
    private final Map<String, BigDecimal> filledSeen = new ConcurrentHashMap<>();

    /**
     * @param streamBase wss://advanced-trade-ws-user.coinbase.com
     * @param jwts       a fresh websocket JWT for an account ({@link CoinbaseVenue#websocketJwt})
     */
    public CoinbasePrivateStream(URI streamBase, Function<VenueAccount, String> jwts, FillReader fills) {
        this.streamBase = streamBase;
        this.jwts = jwts;
        this.fills = fills;
    }

    @Override
    public String venue() {
        return CoinbaseVenue.NAME;
    }

    @Override
    public URI connectUri(VenueAccount account) {
        return URI.create(streamBase + "/");
    }

    @Override
    public List<String> onOpen(VenueAccount account, long nowMillis) {
        return List.of(subscribe("heartbeats", account), subscribe("user", account));
    }

    private String subscribe(String channel, VenueAccount account) {
        return JSON.createObjectNode().put("type", "subscribe").put("channel", channel).put("jwt", jwts.apply(account))
                .toString();
    }

    @Override
    public Parsed parse(String text) {
        throw new UnsupportedOperationException("coinbase's user stream is read per account");
    }

    @Override
    public Parsed parse(VenueAccount account, String text) {
        JsonNode m = StreamJson.read(text);
        if ("error".equals(m.path("type").asText())) {
            return new Parsed(false, true, List.of());
        }
        String channel = m.path("channel").asText();
        if (channel.equals("subscriptions")) {
            boolean user = m.path("events").path(0).path("subscriptions").has("user");
            return new Parsed(user, false, List.of());
        }
        if (!channel.equals("user")) {
            return Parsed.NOTHING; // heartbeats
        }
        List<VenueOrderState> out = new ArrayList<>();
        for (JsonNode event : m.path("events")) {
            for (JsonNode o : event.path("orders")) {
                out.add(withFills(account, order(o)));
            }
        }
        return Parsed.orders(out);
    }

    private VenueOrderState withFills(VenueAccount account, VenueOrderState s) {
        BigDecimal before = filledSeen.getOrDefault(s.venueOrderId(), BigDecimal.ZERO);
        VenueOrderState out = s;
        if (s.filledQty().compareTo(before) > 0) {
            String product = s.symbol();
            // Read before noting the quantity: a failed read is tried again by the next push (or REST's safety net).
            List<Fill> read = fills.fills(account, product.substring(product.indexOf('-') + 1), s.venueOrderId());
            out = new VenueOrderState(s.venueOrderId(), s.clientOrderId(), s.symbol(), s.status(), s.quantity(),
                    s.filledQty(), s.averagePrice(), read, s.reason());
        }
        if (s.status().isFinal()) {
            filledSeen.remove(s.venueOrderId());
        } else {
            filledSeen.merge(s.venueOrderId(), s.filledQty(), (a, b) -> a.max(b));
        }
        return out;
    }

    static VenueOrderState order(JsonNode o) {
        BigDecimal filled = Json.decimalOrZero(o, "cumulative_quantity");
        BigDecimal leaves = Json.decimalOrZero(o, "leaves_quantity");
        String status = o.path("status").asText();
        VenueOrderStatus st = CoinbaseParser.status(status, o.path("time_in_force").asText(""), filled);
        return new VenueOrderState(o.path("order_id").asText(), Json.text(o, "client_order_id"),
                o.path("product_id").asText(), st, filled.add(leaves).signum() > 0 ? filled.add(leaves) : null, filled,
                OrderMath.positiveOrNull(Json.decimal(o, "avg_price")), List.of(), status);
    }
}
