package io.nija.sim.dialect.binance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.order.Liquidity;
import io.nija.core.order.OrderType;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.http.StreamHub;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Binance's user data stream: {@code POST /api/v3/userDataStream} (API key header only, no signature) answers a
 * {@code listenKey}, {@code PUT} keeps it alive, {@code DELETE} ends it; {@code /ws/<listenKey>} then pushes one
 * {@code executionReport} per order change and one per trade, with the trade id {@code t} that myTrades calls
 * {@code id}. The server pings; there is no application heartbeat, so a stalled stream is silent but still pinged.
 */
final class BinanceStreams {
    private static final String API_KEY_HEADER = BinanceAuth.API_KEY_HEADER;
    /** Binance pings every 20 s and closes a connection that does not pong within a minute. */
    static final long PING_SECONDS = 20;

    private final Map<String, String> listenKeys = new ConcurrentHashMap<>();
    private final ObjectMapper json;
    private final DialectContext ctx;

    BinanceStreams(DialectContext ctx) {
        this.ctx = ctx;
        this.json = ctx.json();
    }

    void register(RoutesConfig r, StreamHub hub) {
        r.post("/api/v3/userDataStream", this::newListenKey);
        r.put("/api/v3/userDataStream", this::keepAlive);
        r.delete("/api/v3/userDataStream", this::keepAlive);
        r.ws("/ws/{listenKey}", ws -> {
            ws.onConnect(c -> {
                hub.opened(c);
                String name = c.pathParam("listenKey");
                if (name.contains("@depth")) {
                    book(c, name, hub);
                    return;
                }
                String apiKey = listenKeys.get(name);
                if (apiKey == null) {
                    c.closeSession(1008, "Invalid listen key");
                    return;
                }
                c.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
                hub.subscribePrivate(c, apiKey, this::executionReports);
            });
            ws.onClose(hub::closed);
            ws.onError(hub::closed);
        });
    }

    /**
     * A partial book depth stream, {@code <symbol>@depth<5|10|20>[@100ms]}: every message is the whole top of the
     * book with its {@code lastUpdateId}, so a missed one costs nothing but freshness.
     */
    private void book(io.javalin.websocket.WsContext c, String name, StreamHub hub) {
        String[] parts = name.split("@");
        String symbol = parts[0].toUpperCase(java.util.Locale.ROOT);
        int depth;
        try {
            depth = Integer.parseInt(parts[1].substring("depth".length()));
        } catch (RuntimeException e) {
            depth = 0;
        }
        if (ctx.engine().instrument(symbol).isEmpty() || (depth != 5 && depth != 10 && depth != 20)) {
            c.closeSession(1008, "Invalid stream " + name);
            return;
        }
        c.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
        hub.subscribeBook(c, symbol, depth, (book, bids, asks, snapshot, seq) -> {
            ObjectNode m = json.createObjectNode().put("lastUpdateId", seq);
            BinanceViews.levels(m.putArray("bids"), book.bids());
            BinanceViews.levels(m.putArray("asks"), book.asks());
            return m.toString();
        });
    }

    private void newListenKey(Context c) {
        String apiKey = c.header(API_KEY_HEADER);
        if (apiKey == null || !ctx.engine().hasAccount(apiKey)) {
            c.status(401).contentType("application/json")
                    .result("{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}");
            return;
        }
        String key = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        listenKeys.put(key, apiKey);
        c.status(200).contentType("application/json").result(json.createObjectNode().put("listenKey", key).toString());
    }

    private void keepAlive(Context c) {
        String key = c.queryParam("listenKey");
        String apiKey = c.header(API_KEY_HEADER);
        if (key == null || apiKey == null || !apiKey.equals(listenKeys.get(key))) {
            c.status(400).contentType("application/json").result("{\"code\":-1125,\"msg\":\"This listenKey does not exist.\"}");
            return;
        }
        if ("DELETE".equals(c.method().name())) {
            listenKeys.remove(key);
        }
        c.status(200).contentType("application/json").result("{}");
    }

    /** One message per fill the change brought (cumulative figures as of that fill), or one for a fill-less change. */
    List<String> executionReports(MatchingEngine.OrderUpdate update) {
        OrderView o = update.order();
        List<String> out = new ArrayList<>();
        BigDecimal after = o.filledQty();
        BigDecimal quoteAfter = o.filledQuote();
        BigDecimal laterQty = BigDecimal.ZERO;
        BigDecimal laterQuote = BigDecimal.ZERO;
        for (AccountFill f : update.newFills()) {
            laterQty = laterQty.add(f.quantity());
            laterQuote = laterQuote.add(f.notional());
        }
        for (AccountFill f : update.newFills()) {
            laterQty = laterQty.subtract(f.quantity());
            laterQuote = laterQuote.subtract(f.notional());
            BigDecimal cum = after.subtract(laterQty);
            String status = laterQty.signum() == 0 ? BinanceViews.status(o) : "PARTIALLY_FILLED";
            ObjectNode m = base(o, "TRADE", status, cum, quoteAfter.subtract(laterQuote));
            m.put("l", BinanceViews.fmt(f.quantity())).put("L", BinanceViews.fmt(f.price()))
                    .put("n", BinanceViews.fmt(f.fee())).put("N", f.feeAsset())
                    .put("T", f.time().toEpochMilli()).put("t", Long.parseLong(f.tradeId()))
                    .put("m", f.liquidity() == Liquidity.MAKER);
            out.add(m.toString());
        }
        if (update.newFills().isEmpty()) {
            String status = BinanceViews.status(o);
            String exec = switch (status) {
                case "CANCELED" -> "CANCELED";
                case "EXPIRED" -> "EXPIRED";
                default -> "NEW";
            };
            ObjectNode m = base(o, exec, status, after, quoteAfter);
            m.put("l", BinanceViews.fmt(BigDecimal.ZERO)).put("L", BinanceViews.fmt(BigDecimal.ZERO))
                    .put("n", "0").putNull("N").put("T", o.updatedAt().toEpochMilli()).put("t", -1).put("m", false);
            out.add(m.toString());
        }
        return out;
    }

    private ObjectNode base(OrderView o, String exec, String status, BigDecimal cumQty, BigDecimal cumQuote) {
        boolean cancel = "CANCELED".equals(exec);
        return json.createObjectNode().put("e", "executionReport").put("E", ctx.clock().epochMillis())
                .put("s", o.symbol())
                // On a cancel Binance puts the cancel request's id in c and the order's own in C.
                .put("c", cancel ? "web_" + o.venueOrderId() : o.clientOrderId())
                .put("S", o.side().name())
                .put("o", o.type() == OrderType.MARKET ? "MARKET" : "LIMIT")
                .put("f", o.type() == OrderType.IOC || o.type() == OrderType.MARKET ? "IOC" : "GTC")
                .put("q", BinanceViews.fmt(o.quantity() != null ? o.quantity() : o.filledQty()))
                .put("p", BinanceViews.fmt(o.limitPrice() == null ? BigDecimal.ZERO : o.limitPrice()))
                .put("C", cancel ? o.clientOrderId() : "")
                .put("x", exec).put("X", status).put("r", "NONE")
                .put("i", Long.parseLong(o.venueOrderId()))
                .put("z", BinanceViews.fmt(cumQty)).put("Z", BinanceViews.fmt(cumQuote))
                .put("O", o.createdAt().toEpochMilli());
    }
}
