package io.nija.venues.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.time.Clock;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import io.nija.venues.common.Json;
import io.nija.venues.common.OrderMath;
import io.nija.venues.stream.PrivateStreamDialect;
import io.nija.venues.stream.StreamJson;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OKX v5's private websocket ({@code <stream base>/ws/v5/private}), {@code orders} channel for spot.
 *
 * <p>Login with {@code op login}: sign = base64(HMAC-SHA256(secret, timestamp + "GET" + "/users/self/verify")) with
 * the timestamp in Unix seconds, and the key's passphrase; then subscribe to {@code orders} for {@code SPOT}. Every
 * push is one order as REST shows it; a push caused by a trade also carries that one fill ({@code tradeId},
 * {@code fillSz}, {@code fillPx}, {@code fillFee}, {@code execType}). The channel has no {@code billId}, so OKX fills
 * are keyed by {@code tradeId} on this path and on REST alike ({@link OkxParser#fillId}). OKX closes a connection
 * that is silent for 30 s: the client sends the text {@code ping} every 20 s.
 */
public final class OkxPrivateStream implements PrivateStreamDialect {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI streamBase;
    private final Clock clock;

    /**
     * @param streamBase wss://ws.okx.com:8443
     * @param clock      the REST adapter's clock: OKX refuses a login timestamp more than 30 s off its own
     */
    public OkxPrivateStream(URI streamBase, Clock clock) {
        this.streamBase = streamBase;
        this.clock = clock;
    }

    @Override
    public String venue() {
        return OkxVenue.NAME;
    }

    @Override
    public URI connectUri(VenueAccount account) {
        return URI.create(streamBase + "/ws/v5/private");
    }

    @Override
    public List<String> onOpen(VenueAccount account, long nowMillis) {
        String ts = Long.toString(clock.now().getEpochSecond());
        ObjectNode login = JSON.createObjectNode().put("apiKey", account.apiKey())
                .put("passphrase", account.passphrase() == null ? "" : account.passphrase()).put("timestamp", ts)
                .put("sign", OkxSigner.sign(account.apiSecret(), ts, "GET", "/users/self/verify", ""));
        return List.of(
                JSON.createObjectNode().put("op", "login").<ObjectNode>set("args", JSON.createArrayNode().add(login))
                        .toString(),
                "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"orders\",\"instType\":\"SPOT\"}]}");
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
    public Parsed parse(String text) {
        if (text.equals("pong")) {
            return Parsed.NOTHING;
        }
        JsonNode m = StreamJson.read(text);
        switch (m.path("event").asText("")) {
            case "login" -> {
                return "0".equals(m.path("code").asText("0")) ? Parsed.NOTHING : new Parsed(false, true, List.of());
            }
            case "subscribe" -> {
                return new Parsed("orders".equals(m.path("arg").path("channel").asText()), false, List.of());
            }
            case "error" -> {
                return new Parsed(false, true, List.of());
            }
            default -> {
                // a push
            }
        }
        if (!"orders".equals(m.path("arg").path("channel").asText()) || !m.path("data").isArray()) {
            return Parsed.NOTHING;
        }
        List<VenueOrderState> out = new ArrayList<>();
        for (JsonNode o : m.path("data")) {
            VenueOrderState s = OkxParser.order(o);
            Optional<Fill> fill = fill(o);
            out.add(fill.isEmpty() ? s : new VenueOrderState(s.venueOrderId(), s.clientOrderId(), s.symbol(),
                    s.status(), s.quantity(), s.filledQty(), s.averagePrice(), List.of(fill.get()), s.reason()));
        }
        return Parsed.orders(out);
    }

    /** The trade this push reports, if it reports one. OKX fees are negative when charged. */
    static Optional<Fill> fill(JsonNode o) {
        String tradeId = Json.text(o, "tradeId");
        BigDecimal size = Json.decimal(o, "fillSz");
        BigDecimal price = Json.decimal(o, "fillPx");
        if (tradeId == null || tradeId.isEmpty() || size == null || size.signum() <= 0 || price == null
                || price.signum() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Fill(tradeId, OkxVenue.NAME, size, price,
                OrderMath.chargeOnly(Json.decimalOrZero(o, "fillFee").negate()), Json.text(o, "fillFeeCcy"),
                "M".equals(o.path("execType").asText()) ? Liquidity.MAKER : Liquidity.TAKER,
                OrderMath.epochMillis(Json.text(o, "fillTime"))));
    }
}
