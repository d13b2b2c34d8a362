package io.nija.sim.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import io.nija.core.market.PriceLevel;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.http.StreamHub;
import java.util.List;

/**
 * OKX v5's public websocket ({@code /ws/v5/public}): {@code {"op":"subscribe","args":[{"channel":"books5",
 * "instId":"BTC-USDT"}]}} is answered {@code {"event":"subscribe","arg":{...},"connId":...}}, then every change of
 * the top 5 levels pushes them all ({@code {"arg":{...},"data":[{"asks":[[px,sz,"0",orders]],"bids":[...],"instId",
 * "ts","seqId"}]}}), so a lost push costs only freshness. The client sends the text {@code ping} (OKX closes a
 * connection that is silent for 30 s) and is answered {@code pong}. Unknown channels or instruments are answered
 * {@code {"event":"error","code":"60018",...}}.
 */
final class OkxStreams {
    private static final int BOOKS5_DEPTH = 5;

    private final DialectContext ctx;
    private final ObjectMapper json;

    OkxStreams(DialectContext ctx) {
        this.ctx = ctx;
        this.json = ctx.json();
    }

    void register(RoutesConfig r, StreamHub hub) {
        new OkxOrdersChannel(ctx).register(r, hub);
        r.ws("/ws/v5/public", ws -> {
            ws.onConnect(hub::opened);
            ws.onMessage(m -> onPublicMessage(m, m.message(), hub));
            ws.onClose(hub::closed);
            ws.onError(hub::closed);
        });
    }

    private void onPublicMessage(WsContext c, String text, StreamHub hub) {
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
        if (!msg.path("op").asText().equals("subscribe")) {
            hub.control(c, error(c, "60012", "Invalid request: " + text));
            return;
        }
        for (JsonNode arg : msg.path("args")) {
            String channel = arg.path("channel").asText();
            String instId = arg.path("instId").asText();
            if (!channel.equals("books5") || ctx.engine().instrument(instId).isEmpty()) {
                hub.control(c, error(c, "60018", "Wrong URL or channel:" + channel + ",instId:" + instId
                        + " doesn't exist. Please use the correct URL, channel and parameters referring to API document."));
                continue;
            }
            ObjectNode echoed = json.createObjectNode().put("channel", channel).put("instId", instId);
            hub.control(c, json.createObjectNode().put("event", "subscribe").<ObjectNode>set("arg", echoed)
                    .put("connId", connId(c)).toString());
            hub.subscribeBook(c, instId, BOOKS5_DEPTH, (book, bids, asks, snapshot, seq) -> {
                ObjectNode data = json.createObjectNode();
                // books5 always carries the whole top 5, whatever changed.
                data.set("asks", levels(book.asks()));
                data.set("bids", levels(book.bids()));
                data.put("instId", instId).put("ts", Long.toString(ctx.clock().epochMillis())).put("seqId", seq);
                return json.createObjectNode().<ObjectNode>set("arg", echoed)
                        .<ObjectNode>set("data", json.createArrayNode().add(data)).toString();
            });
        }
    }

    private ArrayNode levels(List<PriceLevel> levels) {
        ArrayNode out = json.createArrayNode();
        for (PriceLevel l : levels) {
            // [price, size, deprecated liquidated-orders field, number of orders]
            out.add(json.createArrayNode().add(OkxViews.dec(l.price())).add(OkxViews.dec(l.quantity())).add("0").add("1"));
        }
        return out;
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
