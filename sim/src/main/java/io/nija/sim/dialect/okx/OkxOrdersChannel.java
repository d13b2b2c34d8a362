package io.nija.sim.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import io.nija.core.order.Liquidity;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.support.Hmac;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.http.StreamHub;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OKX v5's private websocket ({@code /ws/v5/private}) with its {@code orders} channel.
 *
 * <p>Login: {@code {"op":"login","args":[{"apiKey","passphrase","timestamp","sign"}]}} where timestamp is Unix
 * seconds (within 30 s of the server clock) and sign = base64(HMAC-SHA256(secret, timestamp + "GET" +
 * "/users/self/verify")); answered {@code {"event":"login","code":"0"}} or {@code {"event":"error","code":"60009"}}.
 * Then {@code {"op":"subscribe","args":[{"channel":"orders","instType":"SPOT"}]}}. Each order change pushes the order
 * as REST shows it; a change with fills pushes one message per fill, carrying that fill's {@code tradeId},
 * {@code fillSz}, {@code fillPx}, {@code fillFee}/{@code fillFeeCcy}, {@code execType} and the cumulative
 * {@code accFillSz} up to it, as OKX does. There is no {@code billId} on this channel. The text {@code ping} is
 * answered {@code pong}.
 */
final class OkxOrdersChannel {
    private final DialectContext ctx;
    private final ObjectMapper json;
    private final OkxViews views;

    OkxOrdersChannel(DialectContext ctx) {
        this.ctx = ctx;
        this.json = ctx.json();
        this.views = new OkxViews(json);
    }

    void register(RoutesConfig r, StreamHub hub) {
        r.ws("/ws/v5/private", ws -> {
            ws.onConnect(hub::opened);
            ws.onMessage(m -> onMessage(m, m.message(), hub));
            ws.onClose(hub::closed);
            ws.onError(hub::closed);
        });
    }

    private void onMessage(WsContext c, String text, StreamHub hub) {
        if (text.equals("ping")) {
            hub.control(c, "pong");
            return;
        }
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (Exception e) {
            hub.control(c, error(c, "60012", "Invalid request: " + text));
            return;
        }
        switch (msg.path("op").asText()) {
            case "login" -> {
                Optional<String> key = login(msg.path("args").path(0));
                if (key.isEmpty()) {
                    hub.control(c, error(c, "60009", "Login failed."));
                    return;
                }
                c.attribute("apiKey", key.get());
                hub.control(c, json.createObjectNode().put("event", "login").put("code", "0").put("msg", "")
                        .put("connId", connId(c)).toString());
            }
            case "subscribe" -> {
                String apiKey = c.attribute("apiKey");
                if (apiKey == null) {
                    hub.control(c, error(c, "60011", "Please log in"));
                    return;
                }
                JsonNode arg = msg.path("args").path(0);
                String instType = arg.path("instType").asText();
                if (!arg.path("channel").asText().equals("orders")
                        || !(instType.equals("SPOT") || instType.equals("ANY"))) {
                    hub.control(c, error(c, "60018", "Wrong URL or channel:" + arg.path("channel").asText()
                            + " doesn't exist. Please use the correct URL, channel and parameters referring to API document."));
                    return;
                }
                ObjectNode echoed = json.createObjectNode().put("channel", "orders").put("instType", instType);
                hub.control(c, json.createObjectNode().put("event", "subscribe").<ObjectNode>set("arg", echoed)
                        .put("connId", connId(c)).toString());
                ObjectNode pushedArg = echoed.deepCopy().put("uid", uid(apiKey));
                hub.subscribePrivate(c, apiKey, u -> messages(u, pushedArg));
            }
            default -> hub.control(c, error(c, "60012", "Invalid request: " + text));
        }
    }

    private Optional<String> login(JsonNode a) {
        String key = a.path("apiKey").asText();
        String ts = a.path("timestamp").asText();
        long seconds;
        try {
            seconds = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (Math.abs(ctx.clock().epochMillis() / 1000 - seconds) > OkxAuth.MAX_SKEW.toSeconds()) {
            return Optional.empty();
        }
        Optional<String> secret = ctx.engine().signingSecret(key);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        try {
            ctx.engine().authenticate(key, secret.get(), a.path("passphrase").asText());
        } catch (VenueException e) {
            return Optional.empty();
        }
        String expected = Hmac.sha256Base64(secret.get(), ts + "GET" + "/users/self/verify");
        return Hmac.same(expected, a.path("sign").asText()) ? Optional.of(key) : Optional.empty();
    }

    /** One push per fill of the change (cumulative size up to that fill), or one push of the order without fills. */
    private List<String> messages(MatchingEngine.OrderUpdate u, ObjectNode arg) {
        OrderView o = u.order();
        List<String> out = new ArrayList<>(Math.max(1, u.newFills().size()));
        if (u.newFills().isEmpty()) {
            out.add(push(arg, withoutFill(views.order(o))));
            return out;
        }
        BigDecimal before = o.filledQty();
        for (AccountFill f : u.newFills()) {
            before = before.subtract(f.quantity());
        }
        BigDecimal acc = before;
        for (int i = 0; i < u.newFills().size(); i++) {
            AccountFill f = u.newFills().get(i);
            acc = acc.add(f.quantity());
            boolean last = i == u.newFills().size() - 1;
            ObjectNode n = views.order(o);
            n.put("tradeId", f.tradeId());
            n.put("fillPx", OkxViews.dec(f.price()));
            n.put("fillSz", OkxViews.dec(f.quantity()));
            n.put("fillTime", OkxViews.ms(f.time()));
            n.put("fillFee", f.fee().signum() == 0 ? "0" : OkxViews.dec(f.fee().negate()));
            n.put("fillFeeCcy", f.feeAsset() == null ? "" : f.feeAsset());
            n.put("execType", f.liquidity() == Liquidity.MAKER ? "M" : "T");
            n.put("accFillSz", OkxViews.dec(acc));
            if (!last) {
                n.put("state", "partially_filled"); // the order's final state shows on its last fill's push
            }
            n.put("uTime", OkxViews.ms(f.time()));
            out.add(push(arg, n));
        }
        return out;
    }

    private static ObjectNode withoutFill(ObjectNode n) {
        n.put("tradeId", "").put("fillPx", "").put("fillSz", "0").put("fillTime", "").put("fillFee", "0")
                .put("fillFeeCcy", "").put("execType", "");
        return n;
    }

    private String push(ObjectNode arg, ObjectNode order) {
        return json.createObjectNode().<ObjectNode>set("arg", arg)
                .<ObjectNode>set("data", json.createArrayNode().add(order)).toString();
    }

    private static String uid(String apiKey) {
        return Integer.toUnsignedString(apiKey.hashCode());
    }

    private String error(WsContext c, String code, String message) {
        return json.createObjectNode().put("event", "error").put("code", code).put("msg", message)
                .put("connId", connId(c)).toString();
    }

    private static String connId(WsContext c) {
        String id = c.sessionId();
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
