package io.nija.sim.dialect.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Bybit's signed order calls: create, cancel, realtime and history lists, and the execution (fill) list. */
final class BybitOrders {
    private final BybitCalls calls;
    private final BybitViews views;
    private final MatchingEngine engine;
    private final ObjectMapper json;

    BybitOrders(BybitCalls calls, BybitViews views, ObjectMapper json) {
        this.calls = calls;
        this.views = views;
        this.engine = calls.engine();
        this.json = json;
    }

    ObjectNode create(String apiKey, Context c) {
        JsonNode b = BybitParams.body(c, json);
        BybitParams.requireSpot(b);
        NewOrder order = BybitOrderParams.read(b, calls.instrument(JsonBody.text(b, "symbol")), apiKey, engine);
        OrderView placed;
        try {
            placed = engine.place(apiKey, order);
        } catch (VenueException e) {
            throw BybitErrors.of(e.kind());
        }
        if (calls.answerLost(c)) {
            return null;
        }
        return views.orderIds(placed.venueOrderId(), order.clientOrderId());
    }

    ObjectNode cancel(String apiKey, Context c) {
        JsonNode b = BybitParams.body(c, json);
        BybitParams.requireSpot(b);
        String symbol = calls.instrument(JsonBody.text(b, "symbol")).symbol();
        String orderId = JsonBody.text(b, "orderId");
        String linkId = JsonBody.text(b, "orderLinkId");
        if (orderId == null && linkId == null) {
            throw BybitErrors.paramsError("orderId or orderLinkId is required");
        }
        // orderId wins when both are given; only an open order of this symbol can be cancelled.
        // A cancel is a write: it looks the order up in the engine itself, never lagged.
        Optional<OrderView> found = (orderId != null ? engine.engineOrderByVenueId(apiKey, orderId)
                : engine.engineOrderByClientId(apiKey, linkId)).filter(o -> o.symbol().equals(symbol) && o.isOpen());
        if (found.isEmpty()) {
            throw BybitErrors.orderNotFound();
        }
        OrderView cancelled;
        try {
            cancelled = engine.cancelByVenueId(apiKey, found.get().venueOrderId());
        } catch (VenueException e) {
            if (e.kind() == VenueErrorKind.ORDER_NOT_FOUND) {
                throw BybitErrors.orderNotFound();
            }
            throw BybitErrors.of(e.kind());
        }
        if (calls.answerLost(c)) {
            return null;
        }
        return views.orderIds(cancelled.venueOrderId(), cancelled.clientOrderId());
    }

    ObjectNode realtime(String apiKey, Context c) {
        return orders(apiKey, c, false);
    }

    ObjectNode history(String apiKey, Context c) {
        return orders(apiKey, c, true);
    }

    /**
     * realtime: open orders, or (openOnly=1/2) recently closed ones, and any order named by orderId/orderLinkId;
     * history: closed orders, and any named one. Newest first, paged by cursor.
     */
    private ObjectNode orders(String apiKey, Context c, boolean closedHistory) {
        String category = BybitParams.param(c, "category");
        boolean spot = BybitParams.spot(category);
        ObjectNode r = views.page(category);
        ArrayNode list = r.putArray("list");
        int limit = BybitParams.limit(c, 20, 50);
        int from = BybitParams.cursor(c);
        if (!spot) {
            r.put("nextPageCursor", "");
            return r;
        }
        String symbol = BybitParams.param(c, "symbol");
        String orderId = BybitParams.param(c, "orderId");
        String linkId = BybitParams.param(c, "orderLinkId");
        String openOnly = BybitParams.param(c, "openOnly");
        List<OrderView> all = new ArrayList<>(engine.orders(apiKey));
        all.sort(Comparator.comparing(OrderView::createdAt).thenComparing(OrderView::venueOrderId,
                Comparator.comparingLong(BybitOrders::numericOrZero).thenComparing(Comparator.naturalOrder())).reversed());
        List<OrderView> match = new ArrayList<>();
        boolean named = orderId != null || linkId != null;
        for (OrderView o : all) {
            if (symbol != null && !symbol.equals(o.symbol())) {
                continue;
            }
            if (orderId != null && !orderId.equals(o.venueOrderId())) {
                continue;
            }
            if (linkId != null && !linkId.equals(o.clientOrderId())) {
                continue;
            }
            if (!named) {
                boolean wantOpen = !closedHistory && (openOnly == null || "0".equals(openOnly));
                if (wantOpen != o.isOpen()) {
                    continue;
                }
            }
            match.add(o);
            if (named && linkId != null && orderId == null) {
                break; // the newest order with that link id
            }
        }
        if (!closedHistory && !named && openOnly != null && !"0".equals(openOnly) && match.size() > 500) {
            match = match.subList(0, 500);
        }
        for (int i = from; i < match.size() && list.size() < limit; i++) {
            list.add(views.order(match.get(i)));
        }
        int next = from + list.size();
        r.put("nextPageCursor", next < match.size() ? Integer.toString(next) : "");
        return r;
    }

    private static long numericOrZero(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The account's fills, newest first, paged by cursor; {@code seq} is the fill's place in the account. */
    ObjectNode executions(String apiKey, Context c) {
        String category = BybitParams.param(c, "category");
        boolean spot = BybitParams.spot(category);
        ObjectNode r = views.page(category);
        ArrayNode list = r.putArray("list");
        int limit = BybitParams.limit(c, 50, 100);
        int from = BybitParams.cursor(c);
        if (!spot) {
            r.put("nextPageCursor", "");
            return r;
        }
        String symbol = BybitParams.param(c, "symbol");
        String orderId = BybitParams.param(c, "orderId");
        String linkId = BybitParams.param(c, "orderLinkId");
        String execType = BybitParams.param(c, "execType");
        List<AccountFill> fills = engine.fills(apiKey);
        List<Integer> picked = new ArrayList<>();
        for (int i = fills.size() - 1; i >= 0; i--) {
            AccountFill f = fills.get(i);
            if ((symbol != null && !symbol.equals(f.symbol())) || (orderId != null && !orderId.equals(f.venueOrderId()))
                    || (linkId != null && !linkId.equals(f.clientOrderId()))
                    || (execType != null && !"Trade".equals(execType))) {
                continue;
            }
            picked.add(i);
        }
        Map<String, OrderView> orders = new HashMap<>();
        for (int k = from; k < picked.size() && list.size() < limit; k++) {
            int i = picked.get(k);
            AccountFill f = fills.get(i);
            OrderView o = orders.computeIfAbsent(f.venueOrderId(), id -> engine.orderByVenueId(apiKey, id).orElse(null));
            list.add(views.execution(f, o, i + 1L));
        }
        int next = from + list.size();
        r.put("nextPageCursor", next < picked.size() ? Integer.toString(next) : "");
        return r;
    }
}
