package io.nija.sim.dialect.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.Liquidity;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.http.StreamHub;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * Kraken's websocket API v2 on {@code /v2} (Kraken serves the private channels on ws-auth.kraken.com and the public
 * ones on ws.kraken.com; both on the venue's one port here).
 *
 * <p>{@code executions}: {@code {"method":"subscribe","params":{"channel":"executions","token":T}}}, the token from
 * REST {@code GetWebSocketsToken}. Each order change pushes one {@code update} per fill ({@code exec_type} "trade",
 * {@code exec_id} = the account's trade txid as TradesHistory keys it, {@code last_qty}, {@code last_price},
 * {@code fees}, {@code cum_qty} up to it) or one status event ({@code new}, {@code canceled}, {@code expired}).
 *
 * <p>{@code book}: {@code {"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":10}}}
 * answers a {@code snapshot}, then {@code update}s of the changed levels (qty 0 removes one), each with the CRC32
 * {@code checksum} of the top 10 asks and bids (price and qty at the pair's precision, without the point and leading
 * zeros): a client whose book gives another checksum missed an update and resubscribes. Kraken has no sequence number.
 * {@code {"method":"ping"}} is answered {@code {"method":"pong"}}.
 */
final class KrakenStreams {
    private static final int CHECKSUM_LEVELS = 10;

    private final DialectContext ctx;
    private final ObjectMapper json;
    private final Map<String, String> tokens;

    KrakenStreams(DialectContext ctx, Map<String, String> tokens) {
        this.ctx = ctx;
        this.json = ctx.json();
        this.tokens = tokens;
    }

    /** REST GetWebSocketsToken: a token for this key's private subscriptions. */
    static ObjectNode issueToken(ObjectMapper json, Map<String, String> tokens, String apiKey) {
        String token = UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, apiKey);
        return json.createObjectNode().put("token", token).put("expires", 900);
    }

    void register(RoutesConfig r, StreamHub hub) {
        r.ws("/v2", ws -> {
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
            hub.control(c, answer("", null, false, "EGeneral:Invalid arguments").toString());
            return;
        }
        String method = msg.path("method").asText();
        JsonNode reqId = msg.path("req_id");
        switch (method) {
            case "ping" -> {
                ObjectNode pong = json.createObjectNode().put("method", "pong");
                if (!reqId.isMissingNode()) {
                    pong.set("req_id", reqId);
                }
                hub.control(c, pong.toString());
            }
            case "subscribe" -> subscribe(c, msg.path("params"), reqId, hub);
            default -> hub.control(c, answer(method, reqId, false, "EGeneral:Invalid arguments").toString());
        }
    }

    private void subscribe(WsContext c, JsonNode params, JsonNode reqId, StreamHub hub) {
        String channel = params.path("channel").asText();
        switch (channel) {
            case "executions" -> {
                String apiKey = tokens.get(params.path("token").asText());
                if (apiKey == null) {
                    hub.control(c, answer("subscribe", reqId, false, "ESession:Invalid session").toString());
                    return;
                }
                ObjectNode a = answer("subscribe", reqId, true, null);
                a.putObject("result").put("channel", "executions");
                hub.control(c, a.toString());
                hub.subscribePrivate(c, apiKey, this::executions);
            }
            case "book" -> {
                int depth = params.path("depth").asInt(10);
                for (JsonNode s : params.path("symbol")) {
                    Optional<Instrument> inst = bySymbol(s.asText());
                    if (inst.isEmpty() || !List.of(10, 25, 100, 500, 1000).contains(depth)) {
                        hub.control(c, answer("subscribe", reqId, false, "Currency pair not supported " + s.asText())
                                .toString());
                        continue;
                    }
                    ObjectNode a = answer("subscribe", reqId, true, null);
                    a.putObject("result").put("channel", "book").put("symbol", s.asText()).put("depth", depth)
                            .put("snapshot", true);
                    hub.control(c, a.toString());
                    Instrument i = inst.get();
                    hub.subscribeBook(c, i.symbol(), depth, (book, bids, asks, snapshot, seq) -> {
                        ObjectNode d = json.createObjectNode().put("symbol", s.asText());
                        d.set("bids", levels(i, bids));
                        d.set("asks", levels(i, asks));
                        d.put("checksum", checksum(i, book.bids(), book.asks()));
                        d.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(ctx.clock().now()));
                        return json.createObjectNode().put("channel", "book").put("type", snapshot ? "snapshot" : "update")
                                .<ObjectNode>set("data", json.createArrayNode().add(d)).toString();
                    });
                }
            }
            default -> hub.control(c, answer("subscribe", reqId, false, "Subscription channel not supported").toString());
        }
    }

    /** "BTC/USD": the pair in Kraken v2's spelling (BTC, not XBT). */
    private Optional<Instrument> bySymbol(String symbol) {
        return ctx.engine().instruments().stream()
                .filter(i -> (i.pair().base() + "/" + i.pair().quote()).equals(symbol)).findFirst();
    }

    private ArrayNode levels(Instrument i, List<PriceLevel> levels) {
        ArrayNode out = json.createArrayNode();
        for (PriceLevel l : levels) {
            out.addObject().put("price", price(i, l.price())).put("qty", qty(i, l.quantity()));
        }
        return out;
    }

    private static BigDecimal price(Instrument i, BigDecimal p) {
        return p.setScale(Math.max(0, i.tickSize().stripTrailingZeros().scale()), RoundingMode.HALF_EVEN);
    }

    private static BigDecimal qty(Instrument i, BigDecimal q) {
        return q.setScale(Math.max(0, i.lotSize().stripTrailingZeros().scale()), RoundingMode.HALF_EVEN);
    }

    /** CRC32 over the top 10 asks (best first) then the top 10 bids, each as price then qty. */
    static long checksum(Instrument i, List<PriceLevel> bids, List<PriceLevel> asks) {
        StringBuilder s = new StringBuilder();
        for (PriceLevel l : asks.subList(0, Math.min(CHECKSUM_LEVELS, asks.size()))) {
            s.append(digits(price(i, l.price()))).append(digits(qty(i, l.quantity())));
        }
        for (PriceLevel l : bids.subList(0, Math.min(CHECKSUM_LEVELS, bids.size()))) {
            s.append(digits(price(i, l.price()))).append(digits(qty(i, l.quantity())));
        }
        CRC32 crc = new CRC32();
        crc.update(s.toString().getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static String digits(BigDecimal v) {
        String d = v.toPlainString().replace(".", "").replaceFirst("^0+", "");
        return d.isEmpty() ? "0" : d;
    }

    private List<String> executions(MatchingEngine.OrderUpdate u) {
        OrderView o = u.order();
        List<String> out = new ArrayList<>();
        if (u.newFills().isEmpty()) {
            ObjectNode e = order(o, o.filledQty(), status(o));
            e.put("exec_type", switch (o.state()) {
                case OPEN, PARTIALLY_FILLED -> "new";
                case FILLED -> "filled";
                case CANCELLED -> "canceled";
                case EXPIRED -> "expired";
            });
            out.add(update(e));
            return out;
        }
        BigDecimal acc = o.filledQty();
        for (AccountFill f : u.newFills()) {
            acc = acc.subtract(f.quantity());
        }
        for (int n = 0; n < u.newFills().size(); n++) {
            AccountFill f = u.newFills().get(n);
            acc = acc.add(f.quantity());
            boolean last = n == u.newFills().size() - 1;
            ObjectNode e = order(o, acc, last ? status(o) : "partially_filled");
            e.put("exec_type", "trade");
            e.put("exec_id", f.fillId());
            e.put("trade_id", f.tradeNumber());
            e.put("last_qty", f.quantity());
            e.put("last_price", f.price());
            e.put("liquidity_ind", f.liquidity() == Liquidity.MAKER ? "m" : "t");
            e.put("cost", f.notional());
            e.putArray("fees").addObject().put("asset", f.feeAsset() == null ? "USD" : f.feeAsset()).put("qty", f.fee());
            e.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(f.time()));
            out.add(update(e));
        }
        return out;
    }

    private ObjectNode order(OrderView o, BigDecimal cum, String status) {
        ObjectNode e = json.createObjectNode();
        e.put("order_id", o.venueOrderId());
        if (o.clientOrderId() != null) {
            e.put("cl_ord_id", o.clientOrderId());
        }
        Instrument i = ctx.engine().instrument(o.symbol()).orElseThrow();
        e.put("symbol", i.pair().base() + "/" + i.pair().quote());
        e.put("side", o.side().name().toLowerCase(java.util.Locale.ROOT));
        e.put("order_type", o.type() == io.nija.core.order.OrderType.MARKET ? "market" : "limit");
        if (o.quantity() != null) {
            e.put("order_qty", o.quantity());
        }
        if (o.limitPrice() != null) {
            e.put("limit_price", o.limitPrice());
        }
        e.put("order_status", status);
        e.put("cum_qty", cum);
        if (o.averagePrice() != null) {
            e.put("avg_price", o.averagePrice());
        }
        e.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(o.updatedAt() == null ? Instant.EPOCH : o.updatedAt()));
        return e;
    }

    private static String status(OrderView o) {
        return switch (o.state()) {
            case OPEN -> "new";
            case PARTIALLY_FILLED -> "partially_filled";
            case FILLED -> "filled";
            case CANCELLED -> "canceled";
            case EXPIRED -> "expired";
        };
    }

    private String update(ObjectNode e) {
        return json.createObjectNode().put("channel", "executions").put("type", "update")
                .<ObjectNode>set("data", json.createArrayNode().add(e)).toString();
    }

    private ObjectNode answer(String method, JsonNode reqId, boolean success, String error) {
        ObjectNode a = json.createObjectNode().put("method", method).put("success", success);
        if (error != null) {
            a.put("error", error);
        }
        if (reqId != null && !reqId.isMissingNode()) {
            a.set("req_id", reqId);
        }
        String now = DateTimeFormatter.ISO_INSTANT.format(ctx.clock().now());
        return a.put("time_in", now).put("time_out", now);
    }
}
