package io.nija.sim.dialect.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import io.nija.sim.dialect.support.Hmac;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.http.StreamHub;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bybit v5's private stream ({@code /v5/private}): {@code {"op":"auth","args":[key, expires, sign]}} with
 * sign = hex HMAC-SHA256(secret, "GET/realtime" + expires), then {@code {"op":"subscribe","args":["order",
 * "execution"]}}; the client sends {@code {"op":"ping"}} (every 20 s) and is answered {@code pong}. Each order change
 * pushes an {@code execution} message with the change's fills (execId as REST's execution list has it) and then an
 * {@code order} message with the order as REST shows it.
 */
final class BybitStreams {
    private final DialectContext ctx;
    private final ObjectMapper json;
    private final BybitViews views;
    private final AtomicLong seq = new AtomicLong(1);

    BybitStreams(DialectContext ctx) {
        this.ctx = ctx;
        this.json = ctx.json();
        this.views = new BybitViews(json);
    }

    void register(RoutesConfig r, StreamHub hub) {
        r.ws("/v5/private", ws -> {
            ws.onConnect(c -> {
                c.attribute("topics", ConcurrentHashMap.newKeySet());
                hub.opened(c);
            });
            ws.onMessage(m -> onMessage(m, m.message(), hub, true));
            ws.onClose(hub::closed);
            ws.onError(hub::closed);
        });
        r.ws("/v5/public/spot", ws -> {
            ws.onConnect(hub::opened);
            ws.onMessage(m -> onMessage(m, m.message(), hub, false));
            ws.onClose(hub::closed);
            ws.onError(hub::closed);
        });
    }

    /**
     * The public spot stream's subscription: {@code orderbook.<depth>.<symbol>} answers a snapshot, then deltas
     * (changed levels, size "0" = removed) with the update id {@code u} one higher each time; a gap in {@code u} tells
     * the client to resubscribe for a fresh snapshot.
     */
    private void subscribeBooks(WsContext c, JsonNode msg, String op, String reqId, StreamHub hub) {
        for (JsonNode t : msg.path("args")) {
            String[] parts = t.asText().split("\\.");
            if (parts.length != 3 || !parts[0].equals("orderbook") || ctx.engine().instrument(parts[2]).isEmpty()) {
                hub.control(c, answer(c, op, reqId, false, "Invalid topic " + t.asText()).toString());
                return;
            }
            int depth;
            try {
                depth = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                hub.control(c, answer(c, op, reqId, false, "Invalid topic " + t.asText()).toString());
                return;
            }
            hub.control(c, answer(c, op, reqId, true, "").toString());
            String topic = t.asText();
            hub.subscribeBook(c, parts[2], depth, (book, bids, asks, snapshot, u) -> {
                ObjectNode data = json.createObjectNode().put("s", book.symbol());
                data.set("b", levels(bids));
                data.set("a", levels(asks));
                data.put("u", u).put("seq", u);
                return json.createObjectNode().put("topic", topic).put("type", snapshot ? "snapshot" : "delta")
                        .put("ts", ctx.clock().epochMillis()).<ObjectNode>set("data", data)
                        .put("cts", ctx.clock().epochMillis()).toString();
            });
        }
    }

    private ArrayNode levels(List<io.nija.core.market.PriceLevel> levels) {
        ArrayNode out = json.createArrayNode();
        for (io.nija.core.market.PriceLevel l : levels) {
            out.add(json.createArrayNode().add(l.price().stripTrailingZeros().toPlainString())
                    .add(l.quantity().signum() == 0 ? "0" : l.quantity().stripTrailingZeros().toPlainString()));
        }
        return out;
    }

    /**
     * One client message on either stream: ping (answered as that stream answers it), auth (private only), subscribe
     * (order/execution topics on the private stream, books on the public one); anything else is refused.
     */
    private void onMessage(WsContext c, String text, StreamHub hub, boolean privateStream) {
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (Exception e) {
            hub.control(c, answer(c, "", "", false, "Params Error").toString());
            return;
        }
        String op = msg.path("op").asText();
        String reqId = msg.path("req_id").asText("");
        switch (op) {
            case "ping" -> hub.control(c, privateStream
                    ? json.createObjectNode().put("req_id", reqId).put("op", "pong")
                            .<ObjectNode>set("args", json.createArrayNode().add(Long.toString(ctx.clock().epochMillis())))
                            .put("conn_id", c.sessionId()).toString()
                    : answer(c, "ping", reqId, true, "pong").toString());
            case "auth" -> {
                if (!privateStream) {
                    hub.control(c, answer(c, op, reqId, false, "Unknown op " + op).toString());
                    return;
                }
                Optional<String> key = authenticate(msg.path("args"));
                if (key.isPresent()) {
                    c.attribute("apiKey", key.get());
                }
                hub.control(c, answer(c, op, reqId, key.isPresent(), key.isPresent() ? "" : "Invalid apikey").toString());
            }
            case "subscribe" -> {
                if (privateStream) {
                    subscribePrivate(c, msg, op, reqId, hub);
                } else {
                    subscribeBooks(c, msg, op, reqId, hub);
                }
            }
            default -> hub.control(c, answer(c, op, reqId, false, "Unknown op " + op).toString());
        }
    }

    private void subscribePrivate(WsContext c, JsonNode msg, String op, String reqId, StreamHub hub) {
        String apiKey = c.attribute("apiKey");
        if (apiKey == null) {
            hub.control(c, answer(c, op, reqId, false, "Request not authorized").toString());
            return;
        }
        Set<String> topics = c.attribute("topics");
        msg.path("args").forEach(t -> topics.add(t.asText()));
        hub.subscribePrivate(c, apiKey, u -> messages(u, topics));
        hub.control(c, answer(c, op, reqId, true, "").toString());
    }

    private Optional<String> authenticate(JsonNode args) {
        if (!args.isArray() || args.size() != 3) {
            return Optional.empty();
        }
        String key = args.get(0).asText();
        long expires = args.get(1).asLong();
        String sign = args.get(2).asText();
        if (expires <= ctx.clock().epochMillis()) {
            return Optional.empty();
        }
        Optional<String> secret = ctx.engine().signingSecret(key);
        if (secret.isEmpty() || !Hmac.same(Hmac.sha256Hex(secret.get(), "GET/realtime" + expires), sign)) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    private ObjectNode answer(WsContext c, String op, String reqId, boolean success, String retMsg) {
        return json.createObjectNode().put("success", success).put("ret_msg", retMsg).put("conn_id", c.sessionId())
                .put("req_id", reqId).put("op", op);
    }

    private List<String> messages(MatchingEngine.OrderUpdate u, Set<String> topics) {
        List<String> out = new ArrayList<>(2);
        long now = ctx.clock().epochMillis();
        if (!u.newFills().isEmpty() && topics.contains("execution")) {
            ArrayNode data = json.createArrayNode();
            for (AccountFill f : u.newFills()) {
                data.add(views.execution(f, u.order(), seq.getAndIncrement()).put("category", "spot"));
            }
            out.add(json.createObjectNode().put("id", "exec-" + seq.get()).put("topic", "execution")
                    .put("creationTime", now).<ObjectNode>set("data", data).toString());
        }
        if (topics.contains("order")) {
            ArrayNode data = json.createArrayNode().add(views.order(u.order()).put("category", "spot"));
            out.add(json.createObjectNode().put("id", "order-" + seq.getAndIncrement()).put("topic", "order")
                    .put("creationTime", now).<ObjectNode>set("data", data).toString());
        }
        return out;
    }
}
