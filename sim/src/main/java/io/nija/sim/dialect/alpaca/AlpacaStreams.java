package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import io.nija.core.venue.VenueException;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.http.StreamHub;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Alpaca's trading stream on {@code /stream}: {@code {"action":"auth","key":K,"secret":S}} is answered
 * {@code {"stream":"authorization","data":{"action":"authenticate","status":"authorized"|"unauthorized"}}};
 * {@code {"action":"listen","data":{"streams":["trade_updates"]}}} (after the auth) is answered
 * {@code {"stream":"listening","data":{"streams":["trade_updates"]}}}. Each order change pushes a {@code trade_updates}
 * event ({@code new}, {@code partial_fill}, {@code fill}, {@code canceled}, {@code expired}) with the order as
 * {@code GET /v2/orders} writes it; a fill event also has {@code execution_id}, {@code price}, {@code qty} of that
 * fill. Alpaca sends binary frames; the simulator sends text.
 */
final class AlpacaStreams {
    private final DialectContext ctx;
    private final ObjectMapper json;
    private final AlpacaViews views;

    AlpacaStreams(DialectContext ctx) {
        this.ctx = ctx;
        this.json = ctx.json();
        this.views = new AlpacaViews(json);
    }

    void register(RoutesConfig r, StreamHub hub) {
        r.ws("/stream", ws -> {
            ws.onConnect(hub::opened);
            ws.onMessage(m -> onMessage(m, m.message(), hub));
            ws.onClose(hub::closed);
            ws.onError(hub::closed);
        });
    }

    private void onMessage(WsContext c, String text, StreamHub hub) {
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (Exception e) {
            hub.control(c, error("invalid syntax"));
            return;
        }
        switch (msg.path("action").asText()) {
            case "auth", "authenticate" -> {
                String key = msg.path("key").asText();
                boolean ok;
                try {
                    ctx.engine().authenticate(key, msg.path("secret").asText(), null);
                    ok = true;
                } catch (VenueException e) {
                    ok = false;
                }
                if (ok) {
                    c.attribute("apiKey", key);
                }
                ObjectNode data = json.createObjectNode().put("action", "authenticate")
                        .put("status", ok ? "authorized" : "unauthorized");
                hub.control(c, json.createObjectNode().put("stream", "authorization").<ObjectNode>set("data", data)
                        .toString());
            }
            case "listen" -> {
                String key = c.attribute("apiKey");
                if (key == null) {
                    hub.control(c, error("access key verification failed"));
                    return;
                }
                boolean trades = false;
                for (JsonNode s : msg.path("data").path("streams")) {
                    trades |= "trade_updates".equals(s.asText());
                }
                ObjectNode data = json.createObjectNode();
                if (trades) {
                    data.putArray("streams").add("trade_updates");
                    hub.subscribePrivate(c, key, this::event);
                } else {
                    data.putArray("streams");
                }
                hub.control(c, json.createObjectNode().put("stream", "listening").<ObjectNode>set("data", data)
                        .toString());
            }
            default -> hub.control(c, error("invalid syntax"));
        }
    }

    private List<String> event(MatchingEngine.OrderUpdate u) {
        OrderView o = u.order();
        ObjectNode data = json.createObjectNode();
        String event = switch (o.state()) {
            case OPEN -> "new";
            case PARTIALLY_FILLED -> "partial_fill";
            case FILLED -> "fill";
            case CANCELLED -> "canceled";
            case EXPIRED -> "expired";
        };
        data.put("event", event);
        if (!u.newFills().isEmpty()) {
            AccountFill last = u.newFills().get(u.newFills().size() - 1);
            data.put("execution_id", java.util.UUID.nameUUIDFromBytes(last.fillId().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)).toString());
            data.put("price", last.price().toPlainString()).put("qty", last.quantity().toPlainString());
        }
        data.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(ctx.clock().now()));
        data.set("order", views.order(o));
        return List.of(json.createObjectNode().put("stream", "trade_updates").<ObjectNode>set("data", data).toString());
    }

    private String error(String message) {
        return json.createObjectNode().put("stream", "authorization").<ObjectNode>set("data", json.createObjectNode()
                .put("action", "listen").put("status", "unauthorized").put("error", message)).toString();
    }
}
