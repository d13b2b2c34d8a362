package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.core.signal.Side;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderState;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.Permission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coinbase's order calls: create (client_order_id is idempotent, as Coinbase documents: a repeated id creates nothing
 * and returns the order first created with it, open or closed), batch cancel, one order, the historical batch of
 * orders and the fills.
 */
final class CoinbaseOrders {
    private final CoinbaseCalls calls;
    private final MatchingEngine engine;
    private final ObjectMapper json;
    private final CoinbaseViews views;
    private final CoinbaseOrderParams params;
    /** Orders sent post_only, shared with {@link CoinbaseViews} which shows the flag. */
    private final Set<String> postOnly;
    /** Creates of one key run one at a time, so a repeated client_order_id can never create a second order. */
    private final Map<String, Object> createLocks = new ConcurrentHashMap<>();

    CoinbaseOrders(CoinbaseCalls calls, CoinbaseViews views, Set<String> postOnly) {
        this.calls = calls;
        this.engine = calls.engine();
        this.json = calls.json();
        this.views = views;
        this.params = new CoinbaseOrderParams(engine);
        this.postOnly = postOnly;
    }

    void create(Context c, String apiKey) {
        JsonNode body = JsonBody.parse(json, c.body()).orElseThrow(() ->
                CoinbaseErrors.invalidArgument("request body is not valid JSON"));
        String clientOrderId = JsonBody.text(body, "client_order_id");
        if (clientOrderId == null) {
            throw CoinbaseErrors.invalidArgument("client_order_id is required");
        }
        JsonNode config = body.path("order_configuration");
        try {
            synchronized (createLocks.computeIfAbsent(apiKey, k -> new Object())) {
                create(c, apiKey, body, clientOrderId, config);
            }
        } catch (CoinbaseOrderParams.Refused refused) {
            calls.ok(c, views.refused(config, refused));
        }
    }

    private void create(Context c, String apiKey, JsonNode body, String clientOrderId, JsonNode config) {
        // Idempotent: the order first created with this id (open or closed) is the answer, whatever this request
        // says. The engine's own view (never lagged), after the key's trade permission.
        if (!engine.accountOptions(apiKey).can(Permission.TRADE)) {
            throw new VenueException(VenueErrorKind.PERMISSION_DENIED, "Missing required scopes");
        }
        Optional<OrderView> existing = engine.engineOrderByClientId(apiKey, clientOrderId);
        if (existing.isPresent()) {
            calls.ok(c, views.created(existing.get()));
            return;
        }
        String productId = JsonBody.text(body, "product_id");
        Optional<Instrument> maybe = productId == null ? Optional.empty() : engine.instrument(productId);
        Instrument ins = maybe.orElseThrow(CoinbaseOrderParams::invalidProductId);
        Side side = CoinbaseOrderParams.side(JsonBody.text(body, "side"));
        String variant = CoinbaseOrderParams.variant(config);
        JsonNode v = config.path(variant);
        NewOrder order = params.order(variant, v, ins, clientOrderId, side);
        OrderView placed;
        try {
            placed = engine.place(apiKey, order);
        } catch (VenueException e) {
            switch (e.kind()) {
                case INSUFFICIENT_FUNDS -> throw CoinbaseOrderParams.insufficientFund();
                case BELOW_MIN_NOTIONAL -> throw CoinbaseOrderParams.quoteTooSmall();
                case INVALID_PRICE_OR_QTY -> throw new CoinbaseOrderParams.Refused("INVALID_SIZE_PRECISION", null,
                        e.getMessage());
                case INVALID_SYMBOL -> throw CoinbaseOrderParams.invalidProductId();
                case DUPLICATE_ORDER -> calls.ok(c, views.created(engine.engineOrderByClientId(apiKey, clientOrderId)
                        .orElseThrow()));
                default -> throw e;
            }
            return;
        }
        if ("limit_limit_gtc".equals(variant) && v.path("post_only").asBoolean(false)) {
            postOnly.add(placed.venueOrderId());
        }
        if (calls.answerLost(c)) {
            return;
        }
        calls.ok(c, views.created(placed));
    }

    void batchCancel(Context c, String apiKey) {
        JsonNode body = JsonBody.parse(json, c.body()).orElseThrow(() ->
                CoinbaseErrors.invalidArgument("request body is not valid JSON"));
        JsonNode ids = body.path("order_ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            throw CoinbaseErrors.invalidArgument("order_ids must hold 1 to 100 order ids");
        }
        ObjectNode r = json.createObjectNode();
        ArrayNode results = r.putArray("results");
        for (JsonNode idNode : ids) {
            String id = idNode.asText();
            ObjectNode res = results.addObject();
            Optional<OrderView> o = engine.engineOrderByVenueId(apiKey, id); // a write: never lagged
            String failure = null;
            if (o.isEmpty()) {
                failure = "UNKNOWN_CANCEL_ORDER";
            } else if (!o.get().isOpen()) {
                failure = o.get().state() == OrderState.FILLED ? "ORDER_IS_FULLY_FILLED"
                        : o.get().state() == OrderState.CANCELLED ? "DUPLICATE_CANCEL_REQUEST" : "UNKNOWN_CANCEL_ORDER";
            } else {
                try {
                    engine.cancelByVenueId(apiKey, id);
                } catch (VenueException e) {
                    if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                        throw e;
                    }
                    failure = "UNKNOWN_CANCEL_ORDER";
                }
            }
            res.put("success", failure == null);
            res.put("failure_reason", failure == null ? "UNKNOWN_CANCEL_FAILURE_REASON" : failure);
            res.put("order_id", id);
        }
        if (calls.answerLost(c)) {
            return;
        }
        calls.ok(c, r);
    }

    ObjectNode order(String apiKey, String orderId) {
        OrderView o = engine.orderByVenueId(apiKey, orderId).orElseThrow(CoinbaseErrors::orderNotFound);
        ObjectNode r = json.createObjectNode();
        r.set("order", views.order(o, apiKey));
        return r;
    }

    ObjectNode orders(Context c, String apiKey) {
        Set<String> orderIds = new LinkedHashSet<>(c.queryParams("order_ids"));
        Set<String> products = new LinkedHashSet<>(c.queryParams("product_ids"));
        if (c.queryParam("product_id") != null) {
            products.add(c.queryParam("product_id"));
        }
        Set<String> statuses = new LinkedHashSet<>();
        c.queryParams("order_status").forEach(s -> statuses.add(s.toUpperCase(Locale.ROOT)));
        String sideFilter = c.queryParam("order_side");
        Instant start = CoinbaseParams.instantParam(c.queryParam("start_date"));
        Instant end = CoinbaseParams.instantParam(c.queryParam("end_date"));
        List<OrderView> matching = new ArrayList<>();
        for (OrderView o : engine.orders(apiKey)) {
            if ((!orderIds.isEmpty() && !orderIds.contains(o.venueOrderId()))
                    || (!products.isEmpty() && !products.contains(o.symbol()))
                    || (!statuses.isEmpty() && !statuses.contains(CoinbaseViews.status(o)))
                    || (sideFilter != null && !sideFilter.equalsIgnoreCase(o.side().name()))
                    || (start != null && o.createdAt().isBefore(start))
                    || (end != null && o.createdAt().isAfter(end))) {
                continue;
            }
            matching.add(o);
        }
        matching.sort(Comparator.comparing(OrderView::createdAt).reversed());
        int limit = Math.max(1, Math.min(CoinbaseParams.intParam(c.queryParam("limit"), 100), 1000));
        int offset = CoinbaseParams.cursor(c.queryParam("cursor"));
        ObjectNode r = json.createObjectNode();
        ArrayNode page = r.putArray("orders");
        int endIndex = Math.min(matching.size(), offset + limit);
        for (int i = Math.min(offset, matching.size()); i < endIndex; i++) {
            page.add(views.order(matching.get(i), apiKey));
        }
        r.put("sequence", "0");
        r.put("has_next", endIndex < matching.size());
        r.put("cursor", endIndex < matching.size() ? String.valueOf(endIndex) : "");
        return r;
    }

    ObjectNode fills(Context c, String apiKey) {
        Set<String> orderIds = new LinkedHashSet<>(c.queryParams("order_ids"));
        if (c.queryParam("order_id") != null) {
            orderIds.add(c.queryParam("order_id"));
        }
        Set<String> products = new LinkedHashSet<>(c.queryParams("product_ids"));
        if (c.queryParam("product_id") != null) {
            products.add(c.queryParam("product_id"));
        }
        Set<String> tradeIds = new LinkedHashSet<>(c.queryParams("trade_ids"));
        Instant start = CoinbaseParams.instantParam(c.queryParam("start_sequence_timestamp"));
        Instant end = CoinbaseParams.instantParam(c.queryParam("end_sequence_timestamp"));
        List<AccountFill> matching = new ArrayList<>();
        for (AccountFill f : engine.fills(apiKey)) {
            if ((!orderIds.isEmpty() && !orderIds.contains(f.venueOrderId()))
                    || (!products.isEmpty() && !products.contains(f.symbol()))
                    || (!tradeIds.isEmpty() && !tradeIds.contains(f.tradeId()))
                    || (start != null && f.time().isBefore(start))
                    || (end != null && f.time().isAfter(end))) {
                continue;
            }
            matching.add(f);
        }
        List<AccountFill> newestFirst = new ArrayList<>(matching);
        java.util.Collections.reverse(newestFirst);
        int limit = Math.max(1, Math.min(CoinbaseParams.intParam(c.queryParam("limit"), 100), 1000));
        int offset = CoinbaseParams.cursor(c.queryParam("cursor"));
        ObjectNode r = json.createObjectNode();
        ArrayNode page = r.putArray("fills");
        int endIndex = Math.min(newestFirst.size(), offset + limit);
        for (int i = Math.min(offset, newestFirst.size()); i < endIndex; i++) {
            page.add(views.fill(newestFirst.get(i), apiKey));
        }
        r.put("cursor", endIndex < newestFirst.size() ? String.valueOf(endIndex) : "");
        return r;
    }
}
