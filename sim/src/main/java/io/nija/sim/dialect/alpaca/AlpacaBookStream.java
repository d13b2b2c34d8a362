package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import io.nija.core.market.PriceLevel;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.http.StreamHub;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Alpaca's crypto market data stream on {@code /v1beta3/crypto/us} (stream.data.alpaca.markets, on the venue's one
 * port here). Every message is a JSON array of objects told apart by {@code T}. On connect:
 * {@code [{"T":"success","msg":"connected"}]}; {@code {"action":"auth","key":K,"secret":S}} is answered
 * {@code [{"T":"success","msg":"authenticated"}]}; {@code {"action":"subscribe","orderbooks":["BTC/USD"]}} (after the
 * auth, else {@code [{"T":"error","code":401,"msg":"not authenticated"}]}) is answered with the subscription
 * ({@code T:"subscription"}), then {@code T:"o"} orderbook messages: the first with {@code "r":true} (the whole book,
 * replacing what the client holds), then the changed levels, size 0 removing one. Prices and sizes are JSON numbers.
 * There are no sequence numbers: a client that lost an update gets a fresh {@code r:true} book by subscribing again.
 * The simulator does not check market data keys (any non-empty key and secret are accepted): they are not trading
 * accounts.
 */
final class AlpacaBookStream {
    /** Alpaca sends the whole book; 50 levels a side is deeper than routing reads. */
    private static final int DEPTH = 50;

    private final DialectContext ctx;
    private final ObjectMapper json;

    AlpacaBookStream(DialectContext ctx) {
        this.ctx = ctx;
        this.json = ctx.json();
    }

    void register(RoutesConfig r, StreamHub hub) {
        r.ws("/v1beta3/crypto/us", ws -> {
            ws.onConnect(c -> {
                hub.opened(c);
                hub.control(c, array(control("success").put("msg", "connected").toString()));
            });
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
            hub.control(c, error(400, "invalid syntax"));
            return;
        }
        switch (msg.path("action").asText()) {
            case "auth" -> {
                if (msg.path("key").asText("").isEmpty() || msg.path("secret").asText("").isEmpty()) {
                    hub.control(c, error(402, "auth failed"));
                    return;
                }
                c.attribute("authenticated", Boolean.TRUE);
                hub.control(c, array(control("success").put("msg", "authenticated").toString()));
            }
            case "subscribe" -> {
                if (c.attribute("authenticated") == null) {
                    hub.control(c, error(401, "not authenticated"));
                    return;
                }
                ObjectNode answer = control("subscription");
                answer.putArray("trades");
                answer.putArray("quotes");
                ArrayNode books = answer.putArray("orderbooks");
                for (JsonNode s : msg.path("orderbooks")) {
                    if (ctx.engine().instrument(s.asText()).isPresent()) {
                        books.add(s.asText());
                    }
                }
                hub.control(c, array(answer.toString()));
                for (JsonNode s : books) {
                    String symbol = s.asText();
                    hub.subscribeBook(c, symbol, DEPTH, (book, bids, asks, snapshot, seq) ->
                            orderbook(symbol, bids, asks, snapshot));
                }
            }
            default -> hub.control(c, error(400, "invalid syntax"));
        }
    }

    private String orderbook(String symbol, List<PriceLevel> bids, List<PriceLevel> asks, boolean reset) {
        ObjectNode o = control("o").put("S", symbol).put("t", DateTimeFormatter.ISO_INSTANT.format(ctx.clock().now()));
        levels(o.putArray("b"), bids);
        levels(o.putArray("a"), asks);
        if (reset) {
            o.put("r", true);
        }
        return array(o.toString());
    }

    private static void levels(ArrayNode out, List<PriceLevel> levels) {
        for (PriceLevel l : levels) {
            out.addObject().put("p", l.price()).put("s", l.quantity());
        }
    }

    private ObjectNode control(String type) {
        return json.createObjectNode().put("T", type);
    }

    private String error(int code, String message) {
        return array(control("error").put("code", code).put("msg", message).toString());
    }

    private String array(String object) {
        return "[" + object + "]";
    }
}
