package io.nija.sim.dialect.bybit;

import io.nija.sim.dialect.support.UsdValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.dialect.support.WindowLimiter.Decision;
import io.nija.sim.dialect.support.WindowLimiter.Mode;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.StopTrigger;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Permission;
import io.nija.sim.http.DialectContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The Bybit v5 REST surface (category=spot, unified trading account) of one simulated venue over its matching
 * engine: market time, instruments-info and orderbook; order create, cancel, realtime and history; execution list;
 * wallet balance and fee rate (plus the account-info calls ccxt makes).
 *
 * <p>Limits as Bybit counts them: every request counts against the IP (600 per rolling 5 s; over it, HTTP 403
 * "access too frequent" and a ban of ten minutes), and each private endpoint per UID (here: api key) in a rolling
 * one-second window, with X-Bapi-Limit-Status / X-Bapi-Limit / X-Bapi-Limit-Reset-Timestamp on every private
 * answer and retCode 10006 "Too many visits!" over the limit.
 */
final class BybitApi {
    static final Pattern ORDER_LINK_ID = Pattern.compile("[a-zA-Z0-9_-]{1,36}");
    static final Duration IP_BAN = Duration.ofMinutes(10);
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final DialectContext ctx;
    private final MatchingEngine engine;
    private final ObjectMapper json;
    private final BybitViews views;
    private final AtomicLong bookUpdates = new AtomicLong(1_000_000);

    private final WindowLimiter ip;
    private final Map<String, Long> bannedUntil = new ConcurrentHashMap<>();
    private final WindowLimiter create;
    private final WindowLimiter cancel;
    private final WindowLimiter realtime;
    private final WindowLimiter history;
    private final WindowLimiter executions;
    private final WindowLimiter wallet;
    private final WindowLimiter feeRate;
    private final WindowLimiter accountInfo;

    BybitApi(DialectContext ctx) {
        this.ctx = ctx;
        this.engine = ctx.engine();
        this.json = ctx.json();
        this.views = new BybitViews(json);
        this.ip = new WindowLimiter(600, Duration.ofSeconds(5), Mode.ROLLING, ctx.clock());
        this.create = perSecond(20);
        this.cancel = perSecond(20);
        this.realtime = perSecond(50);
        this.history = perSecond(50);
        this.executions = perSecond(50);
        this.wallet = perSecond(50);
        this.feeRate = perSecond(10);
        this.accountInfo = perSecond(10);
    }

    private WindowLimiter perSecond(int n) {
        return new WindowLimiter(n, SECOND, Mode.ROLLING, ctx.clock());
    }

    void routes(RoutesConfig r) {
        r.get("/v5/market/time", c -> call(c, null, (k, x) -> serverTime()));
        r.get("/v5/market/instruments-info", c -> call(c, null, (k, x) -> instruments(x)));
        r.get("/v5/market/orderbook", c -> call(c, null, (k, x) -> orderbook(x)));
        r.post("/v5/order/create", c -> call(c, create, this::createOrder));
        r.post("/v5/order/cancel", c -> call(c, cancel, this::cancelOrder));
        r.get("/v5/order/realtime", c -> call(c, realtime, (k, x) -> orders(k, x, false)));
        r.get("/v5/order/history", c -> call(c, history, (k, x) -> orders(k, x, true)));
        r.get("/v5/execution/list", c -> call(c, executions, this::executions));
        r.get("/v5/account/wallet-balance", c -> call(c, wallet, this::walletBalance));
        r.get("/v5/account/fee-rate", c -> call(c, feeRate, this::feeRate));
        r.get("/v5/account/info", c -> call(c, accountInfo, (k, x) -> accountInfo(k)));
        r.get("/v5/user/query-api", c -> call(c, accountInfo, this::queryApi));
        r.get("/v5/asset/coin/query-info", c -> call(c, accountInfo, this::coinInfo));
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    private interface Handler {
        /** The {@code result} object, or null when the answer was lost on purpose (accept-then-timeout). */
        ObjectNode handle(String apiKey, Context c);
    }

    /** {@code endpoint} null: a public call (IP limit only, no signature). */
    private void call(Context c, WindowLimiter endpoint, Handler handler) {
        long now = ctx.clock().epochMillis();
        String addr = c.ip();
        Long ban = bannedUntil.get(addr);
        if (ban != null && ban > now) {
            c.status(403).contentType("text/plain").result("403, access too frequent");
            return;
        }
        if (!ip.acquire(addr).allowed()) {
            bannedUntil.put(addr, now + IP_BAN.toMillis());
            c.status(403).contentType("text/plain").result("403, access too frequent");
            return;
        }
        try {
            String apiKey = null;
            if (endpoint != null) {
                apiKey = BybitAuth.verify(c, ctx);
                Decision d = endpoint.acquire(apiKey);
                c.header("X-Bapi-Limit-Status", Integer.toString(d.remaining()));
                c.header("X-Bapi-Limit", Integer.toString(d.limit()));
                c.header("X-Bapi-Limit-Reset-Timestamp", Long.toString(d.allowed() ? now : d.resetAtMillis()));
                if (!d.allowed()) {
                    throw BybitError.tooManyVisits();
                }
            }
            ObjectNode result = handler.handle(apiKey, c);
            if (result != null) {
                write(c, 200, 0, "OK", result);
            }
        } catch (BybitError e) {
            write(c, e.status, e.code, e.getMessage(), json.createObjectNode());
        } catch (VenueException e) {
            BybitError b = general(e);
            write(c, b.status, b.code, b.getMessage(), json.createObjectNode());
        }
    }

    void write(Context c, int status, int code, String msg, ObjectNode result) {
        ObjectNode n = json.createObjectNode();
        n.put("retCode", code);
        n.put("retMsg", msg);
        n.set("result", result);
        n.putObject("retExtInfo");
        n.put("time", ctx.clock().epochMillis());
        c.status(status).contentType("application/json").result(n.toString());
    }

    static BybitError general(VenueException e) {
        return switch (e.kind()) {
            case INVALID_SYMBOL -> BybitError.invalidSymbol();
            case AUTH_FAILED -> new BybitError(401, 10003, "API key is invalid.");
            case PERMISSION_DENIED -> new BybitError(10005, "Permission denied, please check your API key permissions.");
            case ORDER_NOT_FOUND -> new BybitError(170213, "Order does not exist.");
            case RATE_LIMITED -> BybitError.tooManyVisits();
            case INSUFFICIENT_FUNDS -> new BybitError(170131, "Insufficient balance.");
            case DUPLICATE_ORDER -> new BybitError(170141, "Duplicate clientOrderId.");
            case BELOW_MIN_NOTIONAL -> new BybitError(170140, "Order value exceeded lower limit.");
            case INVALID_PRICE_OR_QTY -> new BybitError(170137, "Order quantity has too many decimals.");
            case VENUE_UNAVAILABLE -> new BybitError(503, 10016, "Service unavailable, please try again later.");
            case UNKNOWN -> new BybitError(500, 10016, "Internal server error.");
        };
    }

    private static String param(Context c, String name) {
        String v = c.queryParam(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** category is required; this venue trades spot only, so other categories simply list nothing. */
    private static boolean spot(String category) {
        if (category == null) {
            throw BybitError.paramsError("category is required");
        }
        return switch (category) {
            case "spot" -> true;
            case "linear", "inverse", "option" -> false;
            default -> throw new BybitError(10001, "Illegal category");
        };
    }

    private Instrument instrument(String symbol) {
        if (symbol == null) {
            throw BybitError.paramsError("symbol is required");
        }
        return engine.instrument(symbol).orElseThrow(BybitError::invalidSymbol);
    }

    private static int limit(Context c, int dflt, int max) {
        String s = param(c, "limit");
        if (s == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(s);
            if (n < 1 || n > max) {
                throw BybitError.paramsError("limit must be between 1 and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw BybitError.paramsError("limit");
        }
    }

    private static int cursor(Context c) {
        String s = param(c, "cursor");
        if (s == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw BybitError.paramsError("cursor");
        }
    }

    private JsonNode body(Context c) {
        JsonNode b = JsonBody.parse(json, c.body()).orElseThrow(() -> BybitError.paramsError("request body is not JSON"));
        if (!b.isObject()) {
            throw BybitError.paramsError("request body must be a JSON object");
        }
        return b;
    }

    // ---- market ---------------------------------------------------------------------------------------

    private ObjectNode serverTime() {
        long nanos = ctx.clock().now().getEpochSecond() * 1_000_000_000L + ctx.clock().now().getNano();
        ObjectNode n = json.createObjectNode();
        n.put("timeSecond", Long.toString(ctx.clock().now().getEpochSecond()));
        n.put("timeNano", Long.toString(nanos));
        return n;
    }

    private ObjectNode instruments(Context c) {
        String category = param(c, "category");
        boolean spot = spot(category);
        ObjectNode n = json.createObjectNode();
        n.put("category", category);
        ArrayNode list = n.putArray("list");
        String symbol = param(c, "symbol");
        if (spot) {
            for (Instrument i : engine.instruments()) {
                if (symbol == null || symbol.equals(i.symbol())) {
                    list.add(views.instrument(i, engine.quoteAsset(i.symbol())));
                }
            }
        }
        n.put("nextPageCursor", "");
        return n;
    }

    private ObjectNode orderbook(Context c) {
        spot(param(c, "category"));
        String symbol = param(c, "symbol");
        if (symbol == null) {
            throw BybitError.paramsError("symbol is required");
        }
        if (engine.instrument(symbol).isEmpty()) {
            throw new BybitError(10001, "The requested symbol is invalid.");
        }
        int depth = limit(c, 1, 1000);
        return views.book(engine.book(symbol, depth), bookUpdates.incrementAndGet());
    }

    // ---- orders ---------------------------------------------------------------------------------------

    private ObjectNode createOrder(String apiKey, Context c) {
        JsonNode b = body(c);
        if (!spot(JsonBody.text(b, "category"))) {
            throw new BybitError(10001, "Illegal category");
        }
        NewOrder order = parseOrder(b, apiKey);
        OrderView placed;
        try {
            placed = engine.place(apiKey, order);
        } catch (VenueException e) {
            throw general(e);
        }
        if (ctx.answerLost(c)) {
            return null;
        }
        ObjectNode r = json.createObjectNode();
        r.put("orderId", placed.venueOrderId());
        r.put("orderLinkId", order.clientOrderId() == null ? "" : order.clientOrderId());
        return r;
    }

    private NewOrder parseOrder(JsonNode b, String apiKey) {
        Instrument ins = instrument(JsonBody.text(b, "symbol"));
        String symbol = ins.symbol();
        Side side = switch (String.valueOf(JsonBody.text(b, "side"))) {
            case "Buy" -> Side.BUY;
            case "Sell" -> Side.SELL;
            default -> throw BybitError.param("side");
        };
        String orderType = String.valueOf(JsonBody.text(b, "orderType"));
        if (!orderType.equals("Market") && !orderType.equals("Limit")) {
            throw BybitError.param("orderType");
        }
        String linkId = JsonBody.text(b, "orderLinkId");
        if (linkId != null && !ORDER_LINK_ID.matcher(linkId).matches()) {
            throw BybitError.param("orderLinkId");
        }
        BigDecimal qty = decimal(b, "qty");
        if (qty == null || qty.signum() <= 0) {
            throw BybitError.param("qty");
        }
        if (orderType.equals("Market")) {
            String unit = JsonBody.text(b, "marketUnit");
            // A spot market Buy's qty is in quote coin unless marketUnit says baseCoin; a Sell's in base coin.
            // marketUnit is a unified-account (UTA) feature: a classic account's market Buy is always in quote.
            if (!engine.accountOptions(apiKey).unified()) {
                unit = null;
            }
            boolean inQuote = unit == null ? side == Side.BUY : switch (unit) {
                case "quoteCoin" -> true;
                case "baseCoin" -> false;
                default -> throw BybitError.param("marketUnit");
            };
            if (inQuote) {
                if (qty.stripTrailingZeros().scale() > new BigDecimal(BybitViews.QUOTE_PRECISION).scale()) {
                    throw new BybitError(170137, "Order quantity has too many decimals.");
                }
                if (qty.compareTo(ins.minNotional()) < 0) {
                    throw new BybitError(170140, "Order value exceeded lower limit.");
                }
                return NewOrder.marketForQuote(symbol, linkId, side, qty);
            }
            checkQty(ins, qty);
            return NewOrder.market(symbol, linkId, side, qty);
        }
        String tif = JsonBody.text(b, "timeInForce");
        OrderType type = switch (tif == null ? "GTC" : tif) {
            case "GTC" -> OrderType.LIMIT;
            case "IOC" -> OrderType.IOC;
            // FOK, PostOnly and RPI are not simulated.
            default -> throw BybitError.param("timeInForce");
        };
        BigDecimal price = decimal(b, "price");
        if (price == null || price.signum() <= 0) {
            throw BybitError.param("price");
        }
        if (!Decimals.isMultipleOf(price, ins.tickSize())) {
            throw new BybitError(170134, "Order price has too many decimals.");
        }
        checkQty(ins, qty);
        if (qty.multiply(price).compareTo(ins.minNotional()) < 0) {
            throw new BybitError(170140, "Order value exceeded lower limit.");
        }
        StopTrigger trigger = trigger(b, symbol, type);
        if (trigger != null) {
            return NewOrder.stopLimit(symbol, linkId, side, qty, price, trigger);
        }
        return type == OrderType.LIMIT ? NewOrder.limit(symbol, linkId, side, qty, price)
                : NewOrder.ioc(symbol, linkId, side, qty, price);
    }

    /**
     * A spot conditional order ({@code orderFilter} StopOrder: nothing locked until it fires) or TP/SL order
     * (tpslOrder: the funds locked at once): fires when the last price reaches {@code triggerPrice}, rising to it when
     * it is above the last price, falling to it when below. Only limit orders (GTC) are simulated; null for an ordinary
     * order.
     */
    private StopTrigger trigger(JsonNode b, String symbol, OrderType type) {
        String filter = JsonBody.text(b, "orderFilter");
        if (filter == null || filter.equals("Order")) {
            if (JsonBody.text(b, "triggerPrice") != null) {
                throw BybitError.param("triggerPrice");
            }
            return null;
        }
        if (!filter.equals("StopOrder") && !filter.equals("tpslOrder")) {
            throw BybitError.param("orderFilter");
        }
        if (type != OrderType.LIMIT) {
            throw BybitError.param("timeInForce");
        }
        BigDecimal triggerPrice = decimal(b, "triggerPrice");
        if (triggerPrice == null || triggerPrice.signum() <= 0) {
            throw BybitError.param("triggerPrice");
        }
        BigDecimal reference = engine.lastTradePrice(symbol);
        if (reference == null) {
            var book = engine.book(symbol, 1);
            if (book.bids().isEmpty() || book.asks().isEmpty()) {
                throw BybitError.param("triggerPrice");
            }
            reference = book.bids().get(0).price().add(book.asks().get(0).price()).divide(BigDecimal.TWO);
        }
        int c = triggerPrice.compareTo(reference);
        if (c == 0) {
            throw new BybitError(170310, "Order trigger price must not be equal to the current price.");
        }
        StopTrigger t = new StopTrigger(triggerPrice, c > 0);
        return filter.equals("StopOrder") ? t.lockingOnlyWhenFired() : t;
    }

    private static void checkQty(Instrument ins, BigDecimal qty) {
        if (!Decimals.isMultipleOf(qty, ins.lotSize())) {
            throw new BybitError(170137, "Order quantity has too many decimals.");
        }
        if (qty.compareTo(ins.minQty()) < 0) {
            throw new BybitError(170136, "Order quantity lower than the minimum.");
        }
    }

    private static BigDecimal decimal(JsonNode b, String field) {
        try {
            return JsonBody.decimal(JsonBody.text(b, field));
        } catch (NumberFormatException e) {
            throw BybitError.param(field);
        }
    }

    private ObjectNode cancelOrder(String apiKey, Context c) {
        JsonNode b = body(c);
        if (!spot(JsonBody.text(b, "category"))) {
            throw new BybitError(10001, "Illegal category");
        }
        String symbol = instrument(JsonBody.text(b, "symbol")).symbol();
        String orderId = JsonBody.text(b, "orderId");
        String linkId = JsonBody.text(b, "orderLinkId");
        if (orderId == null && linkId == null) {
            throw BybitError.paramsError("orderId or orderLinkId is required");
        }
        // orderId wins when both are given; only an open order of this symbol can be cancelled.
        // A cancel is a write: it looks the order up in the engine itself, never lagged.
        Optional<OrderView> found = (orderId != null ? engine.engineOrderByVenueId(apiKey, orderId)
                : engine.engineOrderByClientId(apiKey, linkId)).filter(o -> o.symbol().equals(symbol) && o.isOpen());
        if (found.isEmpty()) {
            throw new BybitError(170213, "Order does not exist.");
        }
        OrderView cancelled;
        try {
            cancelled = engine.cancelByVenueId(apiKey, found.get().venueOrderId());
        } catch (VenueException e) {
            if (e.kind() == VenueErrorKind.ORDER_NOT_FOUND) {
                throw new BybitError(170213, "Order does not exist.");
            }
            throw general(e);
        }
        if (ctx.answerLost(c)) {
            return null;
        }
        ObjectNode r = json.createObjectNode();
        r.put("orderId", cancelled.venueOrderId());
        r.put("orderLinkId", cancelled.clientOrderId() == null ? "" : cancelled.clientOrderId());
        return r;
    }

    /**
     * realtime: open orders, or (openOnly=1/2) recently closed ones, and any order named by orderId/orderLinkId;
     * history: closed orders, and any named one. Newest first, paged by cursor.
     */
    private ObjectNode orders(String apiKey, Context c, boolean closedHistory) {
        String category = param(c, "category");
        boolean spot = spot(category);
        ObjectNode r = json.createObjectNode();
        r.put("category", category);
        ArrayNode list = r.putArray("list");
        int limit = limit(c, 20, 50);
        int from = cursor(c);
        if (!spot) {
            r.put("nextPageCursor", "");
            return r;
        }
        String symbol = param(c, "symbol");
        String orderId = param(c, "orderId");
        String linkId = param(c, "orderLinkId");
        String openOnly = param(c, "openOnly");
        List<OrderView> all = new ArrayList<>(engine.orders(apiKey));
        all.sort(Comparator.comparing(OrderView::createdAt).thenComparing(OrderView::venueOrderId,
                Comparator.comparingLong(BybitApi::numericOrZero).thenComparing(Comparator.naturalOrder())).reversed());
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

    private ObjectNode executions(String apiKey, Context c) {
        String category = param(c, "category");
        boolean spot = spot(category);
        ObjectNode r = json.createObjectNode();
        r.put("category", category);
        ArrayNode list = r.putArray("list");
        int limit = limit(c, 50, 100);
        int from = cursor(c);
        if (!spot) {
            r.put("nextPageCursor", "");
            return r;
        }
        String symbol = param(c, "symbol");
        String orderId = param(c, "orderId");
        String linkId = param(c, "orderLinkId");
        String execType = param(c, "execType");
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

    // ---- account --------------------------------------------------------------------------------------

    private ObjectNode walletBalance(String apiKey, Context c) {
        String accountType = param(c, "accountType");
        if (accountType == null) {
            throw BybitError.paramsError("accountType is required");
        }
        if (!"UNIFIED".equals(accountType)) {
            throw new BybitError(10001, "accountType only support UNIFIED.");
        }
        String coinParam = param(c, "coin");
        Set<String> wanted = coinParam == null ? null : new LinkedHashSet<>(Arrays.asList(coinParam.split(",")));
        ArrayNode coins = json.createArrayNode();
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal available = BigDecimal.ZERO;
        for (Balance b : engine.balances(apiKey).values()) {
            if (wanted != null ? !wanted.contains(b.asset()) : b.total().signum() == 0) {
                continue;
            }
            BigDecimal usd = UsdValue.of(engine, b.asset(), b.total());
            total = total.add(usd);
            available = available.add(UsdValue.of(engine, b.asset(), b.available()));
            ObjectNode n = coins.addObject();
            n.put("availableToBorrow", "");
            n.put("bonus", "0");
            n.put("accruedInterest", "0");
            n.put("availableToWithdraw", "");
            n.put("totalOrderIM", "0");
            n.put("equity", BybitViews.dec(b.total()));
            n.put("totalPositionMM", "0");
            n.put("usdValue", BybitViews.dec(usd));
            n.put("spotHedgingQty", "0");
            n.put("unrealisedPnl", "0");
            n.put("collateralSwitch", true);
            n.put("borrowAmount", "0");
            n.put("totalPositionIM", "0");
            n.put("walletBalance", BybitViews.dec(b.total()));
            n.put("cumRealisedPnl", "0");
            n.put("locked", BybitViews.dec(b.locked()));
            n.put("marginCollateral", true);
            n.put("coin", b.asset());
        }
        ObjectNode account = json.createObjectNode();
        account.put("totalEquity", BybitViews.dec(total));
        account.put("accountIMRate", "0");
        account.put("totalMarginBalance", BybitViews.dec(total));
        account.put("totalInitialMargin", "0");
        account.put("accountType", "UNIFIED");
        account.put("totalAvailableBalance", BybitViews.dec(available));
        account.put("accountMMRate", "0");
        account.put("totalPerpUPL", "0");
        account.put("totalWalletBalance", BybitViews.dec(total));
        account.put("accountLTV", "0");
        account.put("totalMaintenanceMargin", "0");
        account.set("coin", coins);
        ObjectNode r = json.createObjectNode();
        r.putArray("list").add(account);
        return r;
    }


    private ObjectNode feeRate(String apiKey, Context c) {
        String category = param(c, "category");
        boolean spot = spot(category);
        String symbol = param(c, "symbol");
        if (symbol != null && spot) {
            instrument(symbol);
        }
        var fees = engine.fees(apiKey);
        ObjectNode r = json.createObjectNode();
        ArrayNode list = r.putArray("list");
        if (spot) {
            for (Instrument i : engine.instruments()) {
                if (symbol == null || symbol.equals(i.symbol())) {
                    ObjectNode n = list.addObject();
                    n.put("symbol", i.symbol());
                    n.put("baseCoin", "");
                    n.put("takerFeeRate", BybitViews.dec(fees.taker()));
                    n.put("makerFeeRate", BybitViews.dec(fees.maker()));
                }
            }
        }
        return r;
    }

    /** unifiedMarginStatus: 1 for a classic account, 5 for a unified trading account (UTA 2.0). */
    private ObjectNode accountInfo(String apiKey) {
        ObjectNode r = json.createObjectNode();
        r.put("marginMode", "REGULAR_MARGIN");
        r.put("updatedTime", BybitViews.ms(ctx.clock().now()));
        r.put("unifiedMarginStatus", engine.accountOptions(apiKey).unified() ? 5 : 1);
        r.put("dcpStatus", "OFF");
        r.put("timeWindow", 0);
        r.put("smpGroup", 0);
        r.put("isMasterTrader", false);
        r.put("spotHedgingStatus", "OFF");
        return r;
    }

    private ObjectNode queryApi(String apiKey, Context c) {
        ObjectNode r = json.createObjectNode();
        r.put("id", Integer.toString(Math.abs(apiKey.hashCode())));
        r.put("note", "simulator");
        r.put("apiKey", apiKey);
        // Any key may ask. readOnly 1 means a key that cannot trade; Wallet lists withdrawal when granted.
        AccountOptions options = engine.accountOptions(apiKey);
        r.put("readOnly", options.can(Permission.TRADE) ? 0 : 1);
        r.put("secret", "");
        ObjectNode p = r.putObject("permissions");
        p.putArray("ContractTrade");
        ArrayNode spot = p.putArray("Spot");
        if (options.can(Permission.TRADE)) {
            spot.add("SpotTrade");
        }
        ArrayNode wallet = p.putArray("Wallet");
        wallet.add("AccountTransfer");
        if (options.can(Permission.WITHDRAW)) {
            wallet.add("Withdraw");
        }
        p.putArray("Options");
        p.putArray("Derivatives");
        p.putArray("CopyTrading");
        p.putArray("BlockTrade");
        p.putArray("Exchange");
        p.putArray("NFT");
        p.putArray("Affiliate");
        r.putArray("ips").add("*");
        r.put("type", 1);
        r.put("deadlineDay", -1);
        r.put("expiredAt", "");
        r.put("createdAt", "2024-01-01T00:00:00Z");
        r.put("unified", 0);
        r.put("uta", options.unified() ? 1 : 0);
        r.put("userID", Math.abs((long) apiKey.hashCode()));
        r.put("inviterID", 0);
        r.put("vipLevel", "No VIP");
        r.put("mktMakerLevel", "0");
        r.put("affiliateID", 0);
        r.put("rsaPublicKey", "");
        r.put("isMaster", true);
        r.put("parentUid", "0");
        r.put("kycLevel", "LEVEL_DEFAULT");
        r.put("kycRegion", "");
        return r;
    }

    private ObjectNode coinInfo(String apiKey, Context c) {
        Set<String> assets = new LinkedHashSet<>();
        for (Instrument i : engine.instruments()) {
            assets.add(i.pair().base());
            assets.add(engine.quoteAsset(i.symbol()));
        }
        String coin = param(c, "coin");
        ObjectNode r = json.createObjectNode();
        ArrayNode rows = r.putArray("rows");
        for (String a : assets) {
            if (coin != null && !coin.equals(a)) {
                continue;
            }
            ObjectNode row = rows.addObject();
            row.put("name", a);
            row.put("coin", a);
            row.put("remainAmount", "1000000");
            ObjectNode chain = row.putArray("chains").addObject();
            chain.put("chainType", a);
            chain.put("confirmation", "1");
            chain.put("withdrawFee", "0");
            chain.put("depositMin", "0");
            chain.put("withdrawMin", "0");
            chain.put("chain", a);
            chain.put("chainDeposit", "1");
            chain.put("chainWithdraw", "1");
            chain.put("minAccuracy", "8");
            chain.put("withdrawPercentageFee", "0");
            chain.put("contractAddress", "");
        }
        return r;
    }
}
