package io.nija.sim.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.signal.Side;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.dialect.okx.OkxCalls.Response;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderState;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * OKX's trading handlers: place and batch place, cancel and batch cancel (each order's refusal in its sCode/sMsg),
 * order details, pending orders, order history and fills. Trading limits count per user and instrument.
 */
final class OkxOrders {
    private final OkxCalls calls;
    private final OkxLimits limits;
    private final OkxOrderParams orderParams;
    private final OkxViews views;
    private final MatchingEngine engine;
    private final ObjectMapper json;

    OkxOrders(OkxCalls calls, OkxLimits limits, OkxOrderParams orderParams, OkxViews views) {
        this.calls = calls;
        this.limits = limits;
        this.orderParams = orderParams;
        this.views = views;
        this.engine = calls.engine();
        this.json = calls.json();
    }

    // ---- placing --------------------------------------------------------------------------------------

    Response placeOrder(String apiKey, Context c) {
        calls.requireTrade(apiKey);
        JsonNode body = OkxParams.objectBody(json, c);
        String instId = OkxParams.instId(body);
        OkxLimits.charge(limits.placeOrder, apiKey + "|" + instId, 1);
        OkxLimits.charge(limits.subAccountOrders, apiKey, 1);
        ArrayNode data = json.createArrayNode();
        data.add(place(apiKey, body));
        return calls.answerLost(c) ? null : calls.orderOperation(data, false);
    }

    Response batchOrders(String apiKey, Context c) {
        calls.requireTrade(apiKey);
        JsonNode body = OkxParams.arrayBody(json, c);
        if (!body.isArray() || body.isEmpty()) {
            throw OkxErrors.jsonFormat();
        }
        if (body.size() > 20) {
            throw OkxErrors.batchTooLarge();
        }
        for (JsonNode o : body) {
            OkxLimits.charge(limits.batchOrders, apiKey + "|" + OkxParams.instId(o), 1);
        }
        OkxLimits.charge(limits.subAccountOrders, apiKey, body.size());
        ArrayNode data = json.createArrayNode();
        for (JsonNode o : body) {
            data.add(place(apiKey, o));
        }
        return calls.answerLost(c) ? null : calls.orderOperation(data, true);
    }

    /** One order of a place or batch-place request; refusals become the element's sCode/sMsg. */
    private ObjectNode place(String apiKey, JsonNode o) {
        String clOrdId = JsonBody.text(o, "clOrdId");
        String tag = JsonBody.text(o, "tag");
        ObjectNode ack = views.placeAck(clOrdId, tag, calls.context().clock().now());
        try {
            NewOrder order = orderParams.parse(o, clOrdId);
            OrderView placed;
            try {
                placed = engine.place(apiKey, order);
            } catch (VenueException e) {
                throw orderRefusal(e, order);
            }
            ack.put("ordId", placed.venueOrderId());
            OkxViews.succeeded(ack, "Order placed");
        } catch (OkxError e) {
            OkxViews.failed(ack, e);
        }
        return ack;
    }

    /** An engine refusal of a new order, in OKX's words. */
    private OkxError orderRefusal(VenueException e, NewOrder order) {
        return switch (e.kind()) {
            case INSUFFICIENT_FUNDS -> OkxErrors.insufficient(order.side() == Side.BUY
                    ? engine.quoteAsset(order.symbol())
                    : engine.instrument(order.symbol()).map(i -> i.pair().base()).orElse(""));
            case DUPLICATE_ORDER -> OkxErrors.duplicateClOrdId();
            case BELOW_MIN_NOTIONAL -> OkxErrors.belowMinAmount();
            case INVALID_PRICE_OR_QTY -> OkxErrors.param(e.getMessage() != null && e.getMessage().contains("price")
                    ? "px" : "sz");
            case INVALID_SYMBOL -> OkxErrors.noInstrument();
            default -> OkxErrors.topLevel(e);
        };
    }

    // ---- cancelling -----------------------------------------------------------------------------------

    Response cancelOrder(String apiKey, Context c) {
        calls.requireTrade(apiKey);
        JsonNode body = OkxParams.objectBody(json, c);
        String instId = OkxParams.instId(body);
        OkxLimits.charge(limits.cancelOrder, apiKey + "|" + instId, 1);
        ArrayNode data = json.createArrayNode();
        data.add(cancel(apiKey, body));
        return calls.answerLost(c) ? null : calls.orderOperation(data, false);
    }

    Response cancelBatch(String apiKey, Context c) {
        calls.requireTrade(apiKey);
        JsonNode body = OkxParams.arrayBody(json, c);
        if (!body.isArray() || body.isEmpty() || body.size() > 20) {
            throw OkxErrors.jsonFormat();
        }
        for (JsonNode o : body) {
            OkxLimits.charge(limits.batchCancel, apiKey + "|" + OkxParams.instId(o), 1);
        }
        ArrayNode data = json.createArrayNode();
        for (JsonNode o : body) {
            data.add(cancel(apiKey, o));
        }
        return calls.answerLost(c) ? null : calls.orderOperation(data, true);
    }

    private ObjectNode cancel(String apiKey, JsonNode o) {
        String ordId = JsonBody.text(o, "ordId");
        String clOrdId = JsonBody.text(o, "clOrdId");
        ObjectNode ack = views.cancelAck(ordId, clOrdId, calls.context().clock().now());
        try {
            String instId = JsonBody.text(o, "instId");
            calls.instrument(instId);
            if (ordId == null && clOrdId == null) {
                throw OkxErrors.empty("ordId or clOrdId");
            }
            // ordId wins when both are given.
            // A cancel is a write: it looks the order up in the engine itself, never lagged.
            Optional<OrderView> found = (ordId != null ? engine.engineOrderByVenueId(apiKey, ordId)
                    : engine.engineOrderByClientId(apiKey, clOrdId)).filter(v -> v.symbol().equals(instId));
            if (found.isEmpty()) {
                throw OkxErrors.cancelNotFound();
            }
            OrderView order = found.get();
            ack.put("ordId", order.venueOrderId());
            ack.put("clOrdId", order.clientOrderId() == null ? "" : order.clientOrderId());
            if (order.state() == OrderState.FILLED) {
                throw OkxErrors.cancelCompleted();
            }
            if (!order.isOpen()) {
                throw OkxErrors.cancelCanceled();
            }
            try {
                engine.cancelByVenueId(apiKey, order.venueOrderId());
            } catch (VenueException e) {
                if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                    throw OkxErrors.topLevel(e);
                }
                throw OkxErrors.cancelCompleted();
            }
            OkxViews.succeeded(ack, "");
        } catch (OkxError e) {
            OkxViews.failed(ack, e);
        }
        return ack;
    }

    // ---- queries --------------------------------------------------------------------------------------

    Response getOrder(String apiKey, Context c) {
        String instId = OkxParams.param(c, "instId");
        if (instId == null) {
            throw OkxErrors.empty("instId");
        }
        OkxLimits.charge(limits.getOrder, apiKey + "|" + instId, 1);
        calls.instrument(instId);
        String ordId = OkxParams.param(c, "ordId");
        String clOrdId = OkxParams.param(c, "clOrdId");
        if (ordId == null && clOrdId == null) {
            throw OkxErrors.empty("ordId or clOrdId");
        }
        Optional<OrderView> found = (ordId != null ? engine.orderByVenueId(apiKey, ordId)
                : engine.orderByClientId(apiKey, clOrdId)).filter(v -> v.symbol().equals(instId));
        if (found.isEmpty()) {
            return calls.refusal(OkxErrors.orderNotFound());
        }
        ArrayNode data = json.createArrayNode();
        data.add(views.order(found.get()));
        return calls.ok(data);
    }

    Response ordersPending(String apiKey, Context c) {
        OkxLimits.charge(limits.ordersPending, apiKey, 1);
        String instType = OkxParams.param(c, "instType");
        OkxParams.requireSpot(instType, false);
        if (instType != null && !"SPOT".equals(instType)) {
            return calls.ok(json.createArrayNode());
        }
        String state = OkxParams.param(c, "state");
        if (state != null && !state.equals("live") && !state.equals("partially_filled")) {
            throw OkxErrors.param("state");
        }
        List<OrderView> orders = filterOrders(engine.openOrders(apiKey), c, state);
        return calls.ok(orderPage(orders, c));
    }

    Response ordersHistory(String apiKey, Context c, WindowLimiter limiter) {
        OkxLimits.charge(limiter, apiKey, 1);
        String instType = OkxParams.param(c, "instType");
        OkxParams.requireSpot(instType, true);
        if (!"SPOT".equals(instType)) {
            return calls.ok(json.createArrayNode());
        }
        String state = OkxParams.param(c, "state");
        if (state != null && !state.equals("canceled") && !state.equals("filled")) {
            throw OkxErrors.param("state");
        }
        List<OrderView> closed = engine.orders(apiKey).stream().filter(o -> !o.isOpen()).toList();
        return calls.ok(orderPage(filterOrders(closed, c, state), c));
    }

    private static List<OrderView> filterOrders(List<OrderView> orders, Context c, String state) {
        String instId = OkxParams.param(c, "instId");
        String ordType = OkxParams.param(c, "ordType");
        Predicate<OrderView> keep = o -> (instId == null || instId.equals(o.symbol()))
                && (ordType == null || Arrays.asList(ordType.split(",")).contains(OkxViews.ordType(o.type())))
                && (state == null || state.equals(OkxViews.state(o)));
        return orders.stream().filter(keep).toList();
    }

    /** Newest first; {@code after} = older than that ordId, {@code before} = newer than it. */
    private ArrayNode orderPage(List<OrderView> orders, Context c) {
        List<OrderView> sorted = new ArrayList<>(orders);
        sorted.sort(Comparator.comparing((OrderView o) -> idOrder(o.venueOrderId())).reversed());
        String after = OkxParams.param(c, "after");
        String before = OkxParams.param(c, "before");
        int limit = OkxParams.pageLimit(c);
        ArrayNode data = json.createArrayNode();
        for (OrderView o : sorted) {
            if (after != null && idOrder(o.venueOrderId()).compareTo(idOrder(after)) >= 0) {
                continue;
            }
            if (before != null && idOrder(o.venueOrderId()).compareTo(idOrder(before)) <= 0) {
                continue;
            }
            if (data.size() >= limit) {
                break;
            }
            data.add(views.order(o));
        }
        return data;
    }

    /** OKX ids are numeric: compare them as numbers (a non-numeric id sorts as text, after every number). */
    private static IdKey idOrder(String id) {
        return new IdKey(id);
    }

    private record IdKey(String id) implements Comparable<IdKey> {
        @Override
        public int compareTo(IdKey o) {
            boolean a = id.chars().allMatch(Character::isDigit) && !id.isEmpty();
            boolean b = o.id.chars().allMatch(Character::isDigit) && !o.id.isEmpty();
            if (a && b) {
                return new BigDecimal(id).compareTo(new BigDecimal(o.id));
            }
            if (a != b) {
                return a ? -1 : 1;
            }
            return id.compareTo(o.id);
        }
    }

    Response fills(String apiKey, Context c, WindowLimiter limiter, boolean instTypeRequired) {
        OkxLimits.charge(limiter, apiKey, 1);
        String instType = OkxParams.param(c, "instType");
        OkxParams.requireSpot(instType, instTypeRequired);
        if (instType != null && !"SPOT".equals(instType)) {
            return calls.ok(json.createArrayNode());
        }
        String instId = OkxParams.param(c, "instId");
        String ordId = OkxParams.param(c, "ordId");
        String after = OkxParams.param(c, "after");
        String before = OkxParams.param(c, "before");
        int limit = OkxParams.pageLimit(c);
        List<AccountFill> all = new ArrayList<>(engine.fills(apiKey));
        all.sort(Comparator.comparing((AccountFill f) -> idOrder(f.fillId())).reversed());
        ArrayNode data = json.createArrayNode();
        for (AccountFill f : all) {
            if ((instId != null && !instId.equals(f.symbol())) || (ordId != null && !ordId.equals(f.venueOrderId()))) {
                continue;
            }
            if (after != null && idOrder(f.fillId()).compareTo(idOrder(after)) >= 0) {
                continue;
            }
            if (before != null && idOrder(f.fillId()).compareTo(idOrder(before)) <= 0) {
                continue;
            }
            if (data.size() >= limit) {
                break;
            }
            data.add(views.fill(f));
        }
        return calls.ok(data);
    }
}
