package io.nija.sim.dialect.okx;

import io.nija.sim.dialect.support.UsdValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.dialect.support.WindowLimiter.Mode;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderState;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Permission;
import io.nija.sim.dialect.DialectContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The OKX v5 REST surface of one simulated venue: public market data, trading (place, batch place, cancel, batch
 * cancel, order details, pending orders, order history, fills) and account (balance, trade fee), over the venue's
 * matching engine. Spot only, trade mode {@code cash}.
 *
 * <p>Rate limits as OKX counts them: each endpoint on its own, in 2-second windows; trading endpoints per user
 * (here: api key) and instrument, the rest per user, public data per IP. Over a limit: HTTP 429, code 50011.
 */
final class OkxApi {
    static final Pattern CL_ORD_ID = Pattern.compile("[a-zA-Z0-9]{1,32}");
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);
    private static final int PAGE_MAX = 100;

    private final DialectContext ctx;
    private final MatchingEngine engine;
    private final ObjectMapper json;
    private final OkxViews views;

    // Per-endpoint limits from the v5 reference (requests per 2 s).
    private final WindowLimiter placeOrder;
    private final WindowLimiter batchOrders;
    private final WindowLimiter subAccountOrders;
    private final WindowLimiter cancelOrder;
    private final WindowLimiter batchCancel;
    private final WindowLimiter getOrder;
    private final WindowLimiter ordersPending;
    private final WindowLimiter ordersHistory;
    private final WindowLimiter fills;
    private final WindowLimiter fillsHistory;
    private final WindowLimiter balance;
    private final WindowLimiter tradeFee;
    private final WindowLimiter currencies;
    private final WindowLimiter instruments;
    private final WindowLimiter books;
    private final WindowLimiter time;

    OkxApi(DialectContext ctx) {
        this.ctx = ctx;
        this.engine = ctx.engine();
        this.json = ctx.json();
        this.views = new OkxViews(json);
        placeOrder = limit(60);
        batchOrders = limit(300);
        subAccountOrders = limit(1000);
        cancelOrder = limit(60);
        batchCancel = limit(300);
        getOrder = limit(60);
        ordersPending = limit(60);
        ordersHistory = limit(40);
        fills = limit(60);
        fillsHistory = limit(10);
        balance = limit(10);
        tradeFee = limit(5);
        currencies = limit(6);
        instruments = limit(20);
        books = limit(40);
        time = limit(10);
    }

    private WindowLimiter limit(int perTwoSeconds) {
        return new WindowLimiter(perTwoSeconds, TWO_SECONDS, Mode.FIXED, ctx.clock());
    }

    void routes(RoutesConfig r) {
        r.get("/api/v5/public/time", c -> publicCall(c, time, this::serverTime));
        r.get("/api/v5/public/instruments", c -> publicCall(c, instruments, this::instruments));
        r.get("/api/v5/market/books", c -> publicCall(c, books, this::books));
        r.post("/api/v5/trade/order", c -> privateCall(c, this::placeOrder));
        r.post("/api/v5/trade/batch-orders", c -> privateCall(c, this::batchOrders));
        r.post("/api/v5/trade/cancel-order", c -> privateCall(c, this::cancelOrder));
        r.post("/api/v5/trade/cancel-batch-orders", c -> privateCall(c, this::cancelBatch));
        r.get("/api/v5/trade/order", c -> privateCall(c, this::getOrder));
        r.get("/api/v5/trade/orders-pending", c -> privateCall(c, this::ordersPending));
        r.get("/api/v5/trade/orders-history", c -> privateCall(c, (k, x) -> ordersHistory(k, x, ordersHistory)));
        r.get("/api/v5/trade/orders-history-archive", c -> privateCall(c, (k, x) -> ordersHistory(k, x, ordersHistory)));
        r.get("/api/v5/trade/fills", c -> privateCall(c, (k, x) -> fills(k, x, fills, false)));
        r.get("/api/v5/trade/fills-history", c -> privateCall(c, (k, x) -> fills(k, x, fillsHistory, true)));
        r.get("/api/v5/account/balance", c -> privateCall(c, this::balance));
        r.get("/api/v5/account/trade-fee", c -> privateCall(c, this::tradeFee));
        r.get("/api/v5/account/config", c -> privateCall(c, this::accountConfig));
        r.get("/api/v5/asset/currencies", c -> privateCall(c, this::currencies));
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    private interface PublicHandler {
        ArrayNode handle(Context c);
    }

    private interface PrivateHandler {
        /**
         * Returns the whole response (envelope included) for the api key that signed the request, or null when the
         * answer was lost on purpose (accept-then-timeout).
         */
        Response handle(String apiKey, Context c);
    }

    /** A response with its HTTP status; the body is the full OKX envelope. */
    record Response(int status, ObjectNode body) {
    }

    private void publicCall(Context c, WindowLimiter limiter, PublicHandler handler) {
        try {
            charge(limiter, "ip:" + c.ip(), 1);
            send(c, new Response(200, ok(handler.handle(c))));
        } catch (OkxError e) {
            sendError(c, e);
        } catch (VenueException e) {
            sendError(c, topLevel(e));
        }
    }

    private void privateCall(Context c, PrivateHandler handler) {
        try {
            String apiKey = OkxAuth.verify(c, ctx);
            send(c, handler.handle(apiKey, c));
        } catch (OkxError e) {
            sendError(c, e);
        } catch (VenueException e) {
            sendError(c, topLevel(e));
        }
    }

    private static void charge(WindowLimiter limiter, String key, int weight) {
        if (!limiter.acquire(key, weight).allowed()) {
            throw OkxError.rateLimited();
        }
    }

    ObjectNode ok(ArrayNode data) {
        ObjectNode n = json.createObjectNode();
        n.put("code", "0");
        n.put("msg", "");
        n.set("data", data);
        return n;
    }

    ObjectNode error(String code, String msg) {
        ObjectNode n = json.createObjectNode();
        n.put("code", code);
        n.put("msg", msg);
        n.putArray("data");
        return n;
    }

    private void send(Context c, Response r) {
        if (r == null) {
            return; // accept-then-timeout: the connection was dropped after the engine acted
        }
        c.status(r.status()).contentType("application/json").result(r.body().toString());
    }

    private void sendError(Context c, OkxError e) {
        send(c, new Response(e.status, error(e.code, e.getMessage())));
    }

    /** An engine refusal outside an order operation. */
    private static OkxError topLevel(VenueException e) {
        return switch (e.kind()) {
            case INVALID_SYMBOL -> OkxError.noInstrument();
            case AUTH_FAILED -> new OkxError(401, "50111", "Invalid OK-ACCESS-KEY");
            case PERMISSION_DENIED -> new OkxError(401, "50120", "This API key doesn't have permission to use this function");
            case ORDER_NOT_FOUND -> new OkxError(200, "51603", "Order does not exist");
            case RATE_LIMITED -> OkxError.rateLimited();
            case VENUE_UNAVAILABLE -> new OkxError(503, "50001", "Service temporarily unavailable. Please try again later");
            default -> new OkxError(500, "50026", "System error. Try again later");
        };
    }

    private Instrument instrument(String instId) {
        if (instId == null) {
            throw OkxError.empty("instId");
        }
        return engine.instrument(instId).orElseThrow(OkxError::noInstrument);
    }

    private static String param(Context c, String name) {
        String v = c.queryParam(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private static int pageLimit(Context c) {
        String s = param(c, "limit");
        if (s == null) {
            return PAGE_MAX;
        }
        try {
            int n = Integer.parseInt(s);
            if (n < 1) {
                throw OkxError.param("limit");
            }
            return Math.min(n, PAGE_MAX);
        } catch (NumberFormatException e) {
            throw OkxError.param("limit");
        }
    }

    private static void requireSpot(String instType, boolean required) {
        if (instType == null) {
            if (required) {
                throw OkxError.empty("instType");
            }
            return;
        }
        if (!Set.of("SPOT", "MARGIN", "SWAP", "FUTURES", "OPTION").contains(instType)) {
            throw OkxError.param("instType");
        }
    }

    // ---- public ---------------------------------------------------------------------------------------

    private ArrayNode serverTime(Context c) {
        ArrayNode data = json.createArrayNode();
        data.addObject().put("ts", OkxViews.ms(ctx.clock().now()));
        return data;
    }

    private ArrayNode instruments(Context c) {
        String instType = param(c, "instType");
        requireSpot(instType, true);
        ArrayNode data = json.createArrayNode();
        if (!"SPOT".equals(instType)) {
            return data; // this venue lists spot only
        }
        String instId = param(c, "instId");
        for (Instrument i : engine.instruments()) {
            if (instId == null || instId.equals(i.symbol())) {
                data.add(views.instrument(i, engine.quoteAsset(i.symbol())));
            }
        }
        return data;
    }

    private ArrayNode books(Context c) {
        String instId = param(c, "instId");
        instrument(instId);
        int sz = 1;
        String s = param(c, "sz");
        if (s != null) {
            try {
                sz = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw OkxError.param("sz");
            }
            if (sz < 1) {
                throw OkxError.param("sz");
            }
        }
        OrderBook book = engine.book(instId, Math.min(sz, 400));
        ArrayNode data = json.createArrayNode();
        data.add(views.book(book));
        return data;
    }

    // ---- placing --------------------------------------------------------------------------------------

    private Response placeOrder(String apiKey, Context c) {
        requireTrade(apiKey);
        JsonNode body = JsonBody.parse(json, c.body()).orElseThrow(() -> new OkxError(400, "50002", "Json data format error"));
        if (!body.isObject()) {
            throw new OkxError(400, "50002", "Json data format error");
        }
        String instId = JsonBody.text(body, "instId");
        if (instId == null) {
            throw OkxError.empty("instId");
        }
        charge(placeOrder, apiKey + "|" + instId, 1);
        charge(subAccountOrders, apiKey, 1);
        ArrayNode data = json.createArrayNode();
        data.add(place(apiKey, body));
        return ctx.answerLost(c) ? null : orderOperation(data, false);
    }

    private Response batchOrders(String apiKey, Context c) {
        requireTrade(apiKey);
        JsonNode body = JsonBody.parse(json, c.body()).orElseThrow(() -> new OkxError(400, "50002", "Json data format error"));
        if (!body.isArray() || body.isEmpty()) {
            throw new OkxError(400, "50002", "Json data format error");
        }
        if (body.size() > 20) {
            throw new OkxError(400, "51000", "Parameter batch orders error: at most 20 orders");
        }
        for (JsonNode o : body) {
            String instId = JsonBody.text(o, "instId");
            if (instId == null) {
                throw OkxError.empty("instId");
            }
            charge(batchOrders, apiKey + "|" + instId, 1);
        }
        charge(subAccountOrders, apiKey, body.size());
        ArrayNode data = json.createArrayNode();
        for (JsonNode o : body) {
            data.add(place(apiKey, o));
        }
        return ctx.answerLost(c) ? null : orderOperation(data, true);
    }

    /**
     * The envelope of an order operation: code "0" when every element succeeded, "1" when all failed, "2" when a
     * batch partially succeeded; the details are in each element's sCode/sMsg. Always HTTP 200.
     */
    private Response orderOperation(ArrayNode data, boolean batch) {
        int failed = 0;
        for (JsonNode d : data) {
            if (!"0".equals(d.path("sCode").asText())) {
                failed++;
            }
        }
        ObjectNode n = json.createObjectNode();
        long micros = ctx.clock().epochMillis() * 1000;
        if (failed == 0) {
            n.put("code", "0");
            n.put("msg", "");
        } else if (failed == data.size()) {
            n.put("code", "1");
            n.put("msg", "All operations failed");
        } else {
            n.put("code", "2");
            n.put("msg", batch ? "Batch operation partially succeeded" : "Operation failed");
        }
        n.set("data", data);
        n.put("inTime", Long.toString(micros));
        n.put("outTime", Long.toString(micros));
        return new Response(200, n);
    }

    /** One order of a place or batch-place request; refusals become the element's sCode/sMsg. */
    private ObjectNode place(String apiKey, JsonNode o) {
        String clOrdId = JsonBody.text(o, "clOrdId");
        String tag = JsonBody.text(o, "tag");
        ObjectNode ack = json.createObjectNode();
        ack.put("clOrdId", clOrdId == null ? "" : clOrdId);
        ack.put("ordId", "");
        ack.put("tag", tag == null ? "" : tag);
        ack.put("ts", OkxViews.ms(ctx.clock().now()));
        try {
            NewOrder order = parseOrder(o, clOrdId);
            OrderView placed;
            try {
                placed = engine.place(apiKey, order);
            } catch (VenueException e) {
                throw orderRefusal(e, order);
            }
            ack.put("ordId", placed.venueOrderId());
            ack.put("sCode", "0");
            ack.put("sMsg", "Order placed");
        } catch (OkxError e) {
            ack.put("sCode", e.code);
            ack.put("sMsg", e.getMessage());
        }
        return ack;
    }

    /** The request in engine terms, after OKX's own parameter and trading-rule checks. */
    private NewOrder parseOrder(JsonNode o, String clOrdId) {
        String instId = JsonBody.text(o, "instId");
        Instrument ins = instrument(instId);
        String tdMode = JsonBody.text(o, "tdMode");
        if (tdMode == null) {
            throw OkxError.empty("tdMode");
        }
        if ("cross".equals(tdMode) || "isolated".equals(tdMode)) {
            throw new OkxError(200, "51010", "You can't complete this request under your current account mode.");
        }
        if (!"cash".equals(tdMode)) {
            throw OkxError.param("tdMode");
        }
        String sideText = JsonBody.text(o, "side");
        if (sideText == null) {
            throw OkxError.empty("side");
        }
        Side side = switch (sideText) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw OkxError.param("side");
        };
        String ordType = JsonBody.text(o, "ordType");
        if (ordType == null) {
            throw OkxError.empty("ordType");
        }
        OrderType type = switch (ordType) {
            case "market" -> OrderType.MARKET;
            case "limit" -> OrderType.LIMIT;
            case "ioc" -> OrderType.IOC;
            // post_only, fok, optimal_limit_ioc, mmp...: not simulated.
            default -> throw OkxError.param("ordType");
        };
        if (clOrdId != null && !CL_ORD_ID.matcher(clOrdId).matches()) {
            throw OkxError.param("clOrdId");
        }
        BigDecimal sz = decimal(o, "sz");
        if (sz == null) {
            throw OkxError.empty("sz");
        }
        if (sz.signum() <= 0) {
            throw OkxError.param("sz");
        }
        if (type == OrderType.MARKET) {
            String tgtCcy = JsonBody.text(o, "tgtCcy");
            // A spot market buy is sized in quote currency unless told otherwise; a sell in base.
            boolean inQuote = tgtCcy == null ? side == Side.BUY : switch (tgtCcy) {
                case "quote_ccy" -> true;
                case "base_ccy" -> false;
                default -> throw OkxError.param("tgtCcy");
            };
            if (inQuote) {
                return NewOrder.marketForQuote(instId, clOrdId, side, sz);
            }
            checkSize(ins, sz);
            return NewOrder.market(instId, clOrdId, side, sz);
        }
        BigDecimal px = decimal(o, "px");
        if (px == null) {
            throw OkxError.empty("px");
        }
        if (px.signum() <= 0 || !Decimals.isMultipleOf(px, ins.tickSize())) {
            throw OkxError.param("px");
        }
        checkSize(ins, sz);
        return type == OrderType.LIMIT ? NewOrder.limit(instId, clOrdId, side, sz, px)
                : NewOrder.ioc(instId, clOrdId, side, sz, px);
    }

    private static void checkSize(Instrument ins, BigDecimal sz) {
        if (sz.compareTo(ins.minQty()) < 0) {
            throw new OkxError(200, "51020", "Order amount should be greater than the min available amount.");
        }
        if (!Decimals.isMultipleOf(sz, ins.lotSize())) {
            throw new OkxError(200, "51121", "Order quantity must be a multiple of the lot size.");
        }
    }

    private static BigDecimal decimal(JsonNode o, String field) {
        try {
            return JsonBody.decimal(JsonBody.text(o, field));
        } catch (NumberFormatException e) {
            throw OkxError.param(field);
        }
    }

    /**
     * OKX checks the key's permission at its gateway, before any order is looked at: the whole request fails
     * with 50120 rather than each order's sCode.
     */
    private void requireTrade(String apiKey) {
        if (!engine.accountOptions(apiKey).can(Permission.TRADE)) {
            throw new VenueException(VenueErrorKind.PERMISSION_DENIED,
                    "This API key doesn't have permission to use this function");
        }
    }

    /** An engine refusal of a new order, in OKX's words. */
    private OkxError orderRefusal(VenueException e, NewOrder order) {
        return switch (e.kind()) {
            case INSUFFICIENT_FUNDS -> {
                String ccy = order.side() == Side.BUY ? engine.quoteAsset(order.symbol())
                        : engine.instrument(order.symbol()).map(i -> i.pair().base()).orElse("");
                yield new OkxError(200, "51008", "Order failed. Insufficient " + ccy + " balance in account.");
            }
            case DUPLICATE_ORDER -> new OkxError(200, "51016", "Duplicated clOrdId");
            case BELOW_MIN_NOTIONAL -> new OkxError(200, "51020",
                    "Order amount should be greater than the min available amount.");
            case INVALID_PRICE_OR_QTY -> OkxError.param(e.getMessage() != null && e.getMessage().contains("price")
                    ? "px" : "sz");
            case INVALID_SYMBOL -> OkxError.noInstrument();
            default -> topLevel(e);
        };
    }

    // ---- cancelling -----------------------------------------------------------------------------------

    private Response cancelOrder(String apiKey, Context c) {
        requireTrade(apiKey);
        JsonNode body = JsonBody.parse(json, c.body()).orElseThrow(() -> new OkxError(400, "50002", "Json data format error"));
        if (!body.isObject()) {
            throw new OkxError(400, "50002", "Json data format error");
        }
        String instId = JsonBody.text(body, "instId");
        if (instId == null) {
            throw OkxError.empty("instId");
        }
        charge(cancelOrder, apiKey + "|" + instId, 1);
        ArrayNode data = json.createArrayNode();
        data.add(cancel(apiKey, body));
        return ctx.answerLost(c) ? null : orderOperation(data, false);
    }

    private Response cancelBatch(String apiKey, Context c) {
        requireTrade(apiKey);
        JsonNode body = JsonBody.parse(json, c.body()).orElseThrow(() -> new OkxError(400, "50002", "Json data format error"));
        if (!body.isArray() || body.isEmpty() || body.size() > 20) {
            throw new OkxError(400, "50002", "Json data format error");
        }
        for (JsonNode o : body) {
            String instId = JsonBody.text(o, "instId");
            if (instId == null) {
                throw OkxError.empty("instId");
            }
            charge(batchCancel, apiKey + "|" + instId, 1);
        }
        ArrayNode data = json.createArrayNode();
        for (JsonNode o : body) {
            data.add(cancel(apiKey, o));
        }
        return ctx.answerLost(c) ? null : orderOperation(data, true);
    }

    private ObjectNode cancel(String apiKey, JsonNode o) {
        String ordId = JsonBody.text(o, "ordId");
        String clOrdId = JsonBody.text(o, "clOrdId");
        ObjectNode ack = json.createObjectNode();
        ack.put("clOrdId", clOrdId == null ? "" : clOrdId);
        ack.put("ordId", ordId == null ? "" : ordId);
        ack.put("ts", OkxViews.ms(ctx.clock().now()));
        try {
            String instId = JsonBody.text(o, "instId");
            instrument(instId);
            if (ordId == null && clOrdId == null) {
                throw OkxError.empty("ordId or clOrdId");
            }
            // ordId wins when both are given.
            // A cancel is a write: it looks the order up in the engine itself, never lagged.
            Optional<OrderView> found = (ordId != null ? engine.engineOrderByVenueId(apiKey, ordId)
                    : engine.engineOrderByClientId(apiKey, clOrdId)).filter(v -> v.symbol().equals(instId));
            if (found.isEmpty()) {
                throw new OkxError(200, "51400", "Cancellation failed as the order does not exist.");
            }
            OrderView order = found.get();
            ack.put("ordId", order.venueOrderId());
            ack.put("clOrdId", order.clientOrderId() == null ? "" : order.clientOrderId());
            if (order.state() == OrderState.FILLED) {
                throw new OkxError(200, "51402", "Cancellation failed as the order is already completed.");
            }
            if (!order.isOpen()) {
                throw new OkxError(200, "51401", "Cancellation failed as the order is already canceled.");
            }
            try {
                engine.cancelByVenueId(apiKey, order.venueOrderId());
            } catch (VenueException e) {
                if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                    throw topLevel(e);
                }
                throw new OkxError(200, "51402", "Cancellation failed as the order is already completed.");
            }
            ack.put("sCode", "0");
            ack.put("sMsg", "");
        } catch (OkxError e) {
            ack.put("sCode", e.code);
            ack.put("sMsg", e.getMessage());
        }
        return ack;
    }

    // ---- queries --------------------------------------------------------------------------------------

    private Response getOrder(String apiKey, Context c) {
        String instId = param(c, "instId");
        if (instId == null) {
            throw OkxError.empty("instId");
        }
        charge(getOrder, apiKey + "|" + instId, 1);
        instrument(instId);
        String ordId = param(c, "ordId");
        String clOrdId = param(c, "clOrdId");
        if (ordId == null && clOrdId == null) {
            throw OkxError.empty("ordId or clOrdId");
        }
        Optional<OrderView> found = (ordId != null ? engine.orderByVenueId(apiKey, ordId)
                : engine.orderByClientId(apiKey, clOrdId)).filter(v -> v.symbol().equals(instId));
        if (found.isEmpty()) {
            return new Response(200, error("51603", "Order does not exist"));
        }
        ArrayNode data = json.createArrayNode();
        data.add(views.order(found.get()));
        return new Response(200, ok(data));
    }

    private Response ordersPending(String apiKey, Context c) {
        charge(ordersPending, apiKey, 1);
        String instType = param(c, "instType");
        requireSpot(instType, false);
        if (instType != null && !"SPOT".equals(instType)) {
            return new Response(200, ok(json.createArrayNode()));
        }
        String state = param(c, "state");
        if (state != null && !state.equals("live") && !state.equals("partially_filled")) {
            throw OkxError.param("state");
        }
        List<OrderView> orders = filterOrders(engine.openOrders(apiKey), c, state);
        return new Response(200, ok(orderPage(orders, c)));
    }

    private Response ordersHistory(String apiKey, Context c, WindowLimiter limiter) {
        charge(limiter, apiKey, 1);
        String instType = param(c, "instType");
        requireSpot(instType, true);
        if (!"SPOT".equals(instType)) {
            return new Response(200, ok(json.createArrayNode()));
        }
        String state = param(c, "state");
        if (state != null && !state.equals("canceled") && !state.equals("filled")) {
            throw OkxError.param("state");
        }
        List<OrderView> closed = engine.orders(apiKey).stream().filter(o -> !o.isOpen()).toList();
        return new Response(200, ok(orderPage(filterOrders(closed, c, state), c)));
    }

    private List<OrderView> filterOrders(List<OrderView> orders, Context c, String state) {
        String instId = param(c, "instId");
        String ordType = param(c, "ordType");
        Predicate<OrderView> keep = o -> (instId == null || instId.equals(o.symbol()))
                && (ordType == null || Arrays.asList(ordType.split(",")).contains(OkxViews.ordType(o.type())))
                && (state == null || state.equals(OkxViews.state(o)));
        return orders.stream().filter(keep).toList();
    }

    /** Newest first; {@code after} = older than that ordId, {@code before} = newer than it. */
    private ArrayNode orderPage(List<OrderView> orders, Context c) {
        List<OrderView> sorted = new ArrayList<>(orders);
        sorted.sort(Comparator.comparing((OrderView o) -> idOrder(o.venueOrderId())).reversed());
        String after = param(c, "after");
        String before = param(c, "before");
        int limit = pageLimit(c);
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

    private Response fills(String apiKey, Context c, WindowLimiter limiter, boolean instTypeRequired) {
        charge(limiter, apiKey, 1);
        String instType = param(c, "instType");
        requireSpot(instType, instTypeRequired);
        if (instType != null && !"SPOT".equals(instType)) {
            return new Response(200, ok(json.createArrayNode()));
        }
        String instId = param(c, "instId");
        String ordId = param(c, "ordId");
        String after = param(c, "after");
        String before = param(c, "before");
        int limit = pageLimit(c);
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
        return new Response(200, ok(data));
    }

    // ---- account --------------------------------------------------------------------------------------

    /**
     * The account configuration; {@code perm} lists the key's permissions as OKX names them (read_only, trade,
     * withdraw). Any key may ask.
     */
    private Response accountConfig(String apiKey, Context c) {
        charge(balance, apiKey, 1);
        AccountOptions options = engine.accountOptions(apiKey);
        List<String> perm = new ArrayList<>();
        if (options.can(Permission.READ)) {
            perm.add("read_only");
        }
        if (options.can(Permission.TRADE)) {
            perm.add("trade");
        }
        if (options.can(Permission.WITHDRAW)) {
            perm.add("withdraw");
        }
        String uid = Long.toString(Math.abs((long) apiKey.hashCode()));
        ObjectNode n = json.createObjectNode();
        n.put("uid", uid).put("mainUid", uid).put("acctLv", "1").put("acctStpMode", "cancel_maker")
                .put("posMode", "net_mode").put("autoLoan", false).put("greeksType", "PA").put("level", "Lv1")
                .put("levelTmp", "").put("ctIsoMode", "automatic").put("mgnIsoMode", "automatic")
                .put("roleType", "0").put("spotRoleType", "0").put("opAuth", "0").put("kycLv", "1")
                .put("label", "simulator").put("ip", "").put("perm", String.join(",", perm));
        n.putArray("traderInsts");
        n.putArray("spotTraderInsts");
        ArrayNode data = json.createArrayNode();
        data.add(n);
        return new Response(200, ok(data));
    }

    private Response balance(String apiKey, Context c) {
        charge(balance, apiKey, 1);
        String ccy = param(c, "ccy");
        Set<String> wanted = ccy == null ? null : new LinkedHashSet<>(Arrays.asList(ccy.split(",")));
        Map<String, Balance> balances = engine.balances(apiKey);
        String now = OkxViews.ms(ctx.clock().now());
        ArrayNode details = json.createArrayNode();
        BigDecimal totalEq = BigDecimal.ZERO;
        for (Balance b : balances.values()) {
            if (wanted != null ? !wanted.contains(b.asset()) : b.total().signum() == 0) {
                continue;
            }
            BigDecimal usd = UsdValue.of(engine, b.asset(), b.total());
            totalEq = totalEq.add(usd);
            ObjectNode d = details.addObject();
            d.put("availBal", OkxViews.dec(b.available()));
            d.put("availEq", OkxViews.dec(b.available()));
            d.put("borrowFroz", "");
            d.put("cashBal", OkxViews.dec(b.total()));
            d.put("ccy", b.asset());
            d.put("crossLiab", "");
            d.put("disEq", OkxViews.dec(usd));
            d.put("eq", OkxViews.dec(b.total()));
            d.put("eqUsd", OkxViews.dec(usd));
            d.put("fixedBal", "0");
            d.put("frozenBal", OkxViews.dec(b.locked()));
            d.put("imr", "");
            d.put("interest", "");
            d.put("isoEq", "");
            d.put("isoLiab", "");
            d.put("isoUpl", "");
            d.put("liab", "");
            d.put("maxLoan", "");
            d.put("mgnRatio", "");
            d.put("mmr", "");
            d.put("notionalLever", "");
            d.put("ordFrozen", OkxViews.dec(b.locked()));
            d.put("rewardBal", "0");
            d.put("spotInUseAmt", "");
            d.put("spotIsoBal", "0");
            d.put("stgyEq", "0");
            d.put("twap", "0");
            d.put("uTime", now);
            d.put("upl", "");
            d.put("uplLiab", "");
        }
        ArrayNode data = json.createArrayNode();
        ObjectNode acct = data.addObject();
        acct.put("adjEq", "");
        acct.put("borrowFroz", "");
        acct.set("details", details);
        acct.put("imr", "");
        acct.put("isoEq", "");
        acct.put("mgnRatio", "");
        acct.put("mmr", "");
        acct.put("notionalUsd", "");
        acct.put("ordFroz", "");
        acct.put("totalEq", OkxViews.dec(totalEq));
        acct.put("uTime", now);
        acct.put("upl", "");
        return new Response(200, ok(data));
    }


    private Response tradeFee(String apiKey, Context c) {
        charge(tradeFee, apiKey, 1);
        String instType = param(c, "instType");
        requireSpot(instType, true);
        String instId = param(c, "instId");
        if (instId != null) {
            instrument(instId);
        }
        ArrayNode data = json.createArrayNode();
        data.add(views.tradeFee(engine.fees(apiKey), ctx.clock().now()));
        return new Response(200, ok(data));
    }

    private Response currencies(String apiKey, Context c) {
        charge(currencies, apiKey, 1);
        Set<String> assets = new LinkedHashSet<>();
        for (Instrument i : engine.instruments()) {
            assets.add(i.pair().base());
            assets.add(engine.quoteAsset(i.symbol()));
        }
        String ccy = param(c, "ccy");
        ArrayNode data = json.createArrayNode();
        for (String a : assets) {
            if (ccy != null && !Arrays.asList(ccy.split(",")).contains(a)) {
                continue;
            }
            ObjectNode n = data.addObject();
            n.put("canDep", true);
            n.put("canInternal", true);
            n.put("canWd", true);
            n.put("ccy", a);
            n.put("chain", a + "-" + a);
            n.put("depQuotaFixed", "");
            n.put("depQuoteDailyLayer2", "");
            n.put("logoLink", "");
            n.put("mainNet", true);
            n.put("maxFee", "0");
            n.put("maxFeeForCtAddr", "0");
            n.put("maxWd", "1000000");
            n.put("minDep", "0.00000001");
            n.put("minDepArrivalConfirm", "1");
            n.put("minFee", "0");
            n.put("minFeeForCtAddr", "0");
            n.put("minWd", "0.00000001");
            n.put("minWdUnlockConfirm", "1");
            n.put("name", a);
            n.put("needTag", false);
            n.put("usedDepQuotaFixed", "");
            n.put("usedWdQuota", "0");
            n.put("wdQuota", "10000000");
            n.put("wdTickSz", "8");
        }
        return new Response(200, ok(data));
    }
}
