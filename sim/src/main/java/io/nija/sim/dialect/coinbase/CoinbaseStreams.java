package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.http.StreamHub;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Coinbase Advanced Trade's websocket on {@code /} (Coinbase's advanced-trade-ws-user.coinbase.com, on the venue's
 * one port here): {@code {"type":"subscribe","channel":"user"|"heartbeats","jwt":...}}, the JWT checked as for REST
 * but without a uri claim; a bad one is answered {@code {"type":"error","message":"authentication failure"}}. Each
 * subscribe is answered on the {@code subscriptions} channel. {@code user} pushes an {@code update} with the order's
 * cumulative state ({@code cumulative_quantity}, {@code leaves_quantity}, {@code avg_price}, {@code number_of_fills},
 * {@code total_fees}, {@code status}) on every change, and no fills: those are read by REST. {@code heartbeats} sends
 * {@code heartbeat_counter} every second; heartbeats are not data, so a stalled stream keeps sending them. Every
 * message of a connection carries the next {@code sequence_num}.
 */
final class CoinbaseStreams {
    /** One thread for every simulated Coinbase's heartbeats. */
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-coinbase-heartbeats");
        t.setDaemon(true);
        return t;
    });
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private final DialectContext ctx;
    private final ObjectMapper json;
    private final CoinbaseAuth auth;

    CoinbaseStreams(DialectContext ctx, CoinbaseAuth auth) {
        this.ctx = ctx;
        this.json = ctx.json();
        this.auth = auth;
    }

    void register(RoutesConfig r, StreamHub hub) {
        r.ws("/", ws -> {
            ws.onConnect(c -> {
                c.attribute("seq", new AtomicLong());
                c.attribute("channels", ConcurrentHashMap.newKeySet());
                hub.opened(c);
            });
            ws.onMessage(m -> onMessage(m, m.message(), hub));
            ws.onClose(c -> closed(c, hub));
            ws.onError(c -> closed(c, hub));
        });
    }

    private void closed(WsContext c, StreamHub hub) {
        ScheduledFuture<?> beat = c.attribute("heartbeat");
        if (beat != null) {
            beat.cancel(false);
        }
        hub.closed(c);
    }

    private void onMessage(WsContext c, String text, StreamHub hub) {
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (Exception e) {
            hub.control(c, error("malformed message"));
            return;
        }
        if (!"subscribe".equals(msg.path("type").asText())) {
            hub.control(c, error("type must be subscribe or unsubscribe"));
            return;
        }
        String channel = msg.path("channel").asText();
        if (channel.equals("level2")) {
            level2(c, msg, hub);
            return;
        }
        if (!channel.equals("user") && !channel.equals("heartbeats")) {
            hub.control(c, error("channel " + channel + " is not supported"));
            return;
        }
        CoinbaseAuth.Result who = auth.authenticateWebsocket(msg.path("jwt").asText(null));
        if (!who.ok()) {
            hub.control(c, error("authentication failure"));
            return;
        }
        Set<String> channels = c.attribute("channels");
        channels.add(channel);
        ObjectNode subs = json.createObjectNode();
        for (String ch : channels) {
            subs.putArray(ch).add(ch.equals("user") ? who.apiKey() : "heartbeats");
        }
        hub.control(c, envelope(c, "subscriptions").<ObjectNode>set("events",
                json.createArrayNode().add(json.createObjectNode().set("subscriptions", subs))).toString());
        if (channel.equals("user")) {
            hub.subscribePrivate(c, who.apiKey(), u -> List.of(user(c, u)));
        } else if (c.attribute("heartbeat") == null) {
            AtomicLong counter = new AtomicLong();
            c.attribute("heartbeat", HEARTBEATS.scheduleAtFixedRate(() -> hub.control(c, envelope(c, "heartbeats")
                    .<ObjectNode>set("events", json.createArrayNode().add(json.createObjectNode()
                            .put("current_time", RFC3339.format(ctx.clock().now()))
                            .put("heartbeat_counter", Long.toString(counter.incrementAndGet())))).toString()),
                    1, 1, TimeUnit.SECONDS));
        }
    }

    /**
     * Market data needs no JWT. Each product gets a {@code snapshot}, then {@code update}s of the changed levels
     * ({@code new_quantity} "0" removes one); {@code sequence_num} goes up by one per message of the connection, so
     * a lost update shows as a jump.
     */
    private void level2(WsContext c, JsonNode msg, StreamHub hub) {
        for (JsonNode p : msg.path("product_ids")) {
            String product = p.asText();
            if (ctx.engine().instrument(product).isEmpty()) {
                hub.control(c, error("Failed to subscribe: product " + product + " not found"));
                continue;
            }
            ObjectNode subs = json.createObjectNode();
            subs.putArray("level2").add(product);
            ObjectNode answer = envelope(c, "subscriptions");
            long base = answer.path("sequence_num").asLong();
            hub.control(c, answer.<ObjectNode>set("events",
                    json.createArrayNode().add(json.createObjectNode().set("subscriptions", subs))).toString());
            AtomicLong connectionSeq = c.attribute("seq");
            hub.subscribeBook(c, product, 50, (book, bids, asks, snapshot, seq) -> {
                long number = base + seq; // the book's own numbers, shifted past the answer: a skipped one is a jump
                connectionSeq.accumulateAndGet(number + 1, Math::max);
                ObjectNode event = json.createObjectNode().put("type", snapshot ? "snapshot" : "update")
                        .put("product_id", product);
                var updates = event.putArray("updates");
                String now = RFC3339.format(ctx.clock().now());
                for (io.nija.core.market.PriceLevel l : bids) {
                    updates.addObject().put("side", "bid").put("event_time", now)
                            .put("price_level", l.price().toPlainString()).put("new_quantity", l.quantity().toPlainString());
                }
                for (io.nija.core.market.PriceLevel l : asks) {
                    updates.addObject().put("side", "offer").put("event_time", now)
                            .put("price_level", l.price().toPlainString()).put("new_quantity", l.quantity().toPlainString());
                }
                return json.createObjectNode().put("channel", "l2_data").put("client_id", "").put("timestamp", now)
                        .put("sequence_num", number).<ObjectNode>set("events", json.createArrayNode().add(event))
                        .toString();
            });
        }
    }

    private String user(WsContext c, MatchingEngine.OrderUpdate u) {
        OrderView o = u.order();
        ObjectNode n = json.createObjectNode();
        n.put("order_id", o.venueOrderId());
        n.put("client_order_id", o.clientOrderId() == null ? "" : o.clientOrderId());
        n.put("product_id", o.symbol());
        n.put("product_type", "SPOT");
        n.put("order_side", o.side().name());
        n.put("order_type", o.type() == io.nija.core.order.OrderType.MARKET ? "Market" : "Limit");
        n.put("status", CoinbaseViews.status(o));
        n.put("time_in_force", o.type() == io.nija.core.order.OrderType.LIMIT ? "GOOD_UNTIL_CANCELLED" : "IMMEDIATE_OR_CANCEL");
        n.put("cumulative_quantity", o.filledQty().toPlainString());
        BigDecimal leaves = o.quantity() == null || !o.isOpen() ? BigDecimal.ZERO : o.quantity().subtract(o.filledQty());
        n.put("leaves_quantity", leaves.toPlainString());
        n.put("avg_price", o.averagePrice() == null ? "0" : o.averagePrice().toPlainString());
        n.put("number_of_fills", Integer.toString(o.fills().size()));
        n.put("filled_value", o.filledQuote().toPlainString());
        n.put("total_fees", o.fees().toPlainString());
        n.put("limit_price", o.limitPrice() == null ? "" : o.limitPrice().toPlainString());
        n.put("cancel_reason", "");
        n.put("reject_Reason", "");
        n.put("creation_time", RFC3339.format(o.createdAt()));
        ObjectNode event = json.createObjectNode().put("type", "update");
        event.putArray("orders").add(n);
        return envelope(c, "user").<ObjectNode>set("events", json.createArrayNode().add(event)).toString();
    }

    private ObjectNode envelope(WsContext c, String channel) {
        AtomicLong seq = c.attribute("seq");
        return json.createObjectNode().put("channel", channel).put("client_id", "")
                .put("timestamp", RFC3339.format(ctx.clock().now())).put("sequence_num", seq.getAndIncrement());
    }

    private String error(String message) {
        return json.createObjectNode().put("type", "error").put("message", message).toString();
    }
}
