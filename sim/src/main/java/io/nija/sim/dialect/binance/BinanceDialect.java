package io.nija.sim.dialect.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.Liquidity;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.account.Credentials;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.Permission;
import io.nija.sim.engine.StopTrigger;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.http.Dialect;
import io.nija.sim.http.DialectContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Binance Spot REST (api/v3) over the simulated binance engine: public market data, HMAC-SHA256 signed trading and
 * account endpoints, Binance's {@code {code,msg}} errors with their HTTP statuses, and its request-weight and
 * order-count limits with the X-MBX-USED-WEIGHT-1M / X-MBX-ORDER-COUNT-* headers (see {@link BinanceLimits}).
 *
 * <p>Parameters are read from the query string and from an {@code application/x-www-form-urlencoded} body; a
 * parameter in both is taken from the query string, as Binance does. Decimals are written as Binance does, with 8
 * decimals ("0.00100000"). Not simulated: order types other than LIMIT and MARKET, timeInForce FOK, order lists,
 * self-trade prevention and the BNB fee discount.
 */
public final class BinanceDialect implements Dialect {
    static final String NAME = "binance";
    private static final Pattern CLIENT_ID = Pattern.compile("^[a-zA-Z0-9-_]{1,36}$");
    private static final Pattern KEY_FORMAT = Pattern.compile("^[A-Za-z0-9_\\-/+=.]{1,256}$");
    private static final Pattern DECIMAL = Pattern.compile("^([0-9]{1,20})(\\.[0-9]{1,20})?$");
    private static final String DECIMAL_RANGE = "^([0-9]{1,20})(\\.[0-9]{1,20})?$";
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");
    private static final BigDecimal MAX_QTY = new BigDecimal("9000000");
    private static final int SCALE = 8;
    private static final long MAX_RECV_WINDOW = 60_000;
    private static final String API_KEY_HEADER = "X-MBX-APIKEY";

    private final BinanceLimits limits;
    private final AtomicLong updateIds = new AtomicLong(1_000_000);
    private DialectContext ctx;
    private MatchingEngine engine;
    private ObjectMapper json;

    public BinanceDialect() {
        this(BinanceLimits.Config.DEFAULT);
    }

    BinanceDialect(BinanceLimits.Config limits) {
        this.limits = new BinanceLimits(limits);
    }

    /** A dialect with other limits (tests of the 429 → 418 escalation). */
    public static BinanceDialect withLimits(int weightPerMinute, int ordersPer10s, int strikesBeforeBan) {
        return new BinanceDialect(new BinanceLimits.Config(weightPerMinute, ordersPer10s, 200_000, strikesBeforeBan));
    }

    @Override
    public String venue() {
        return NAME;
    }

    @Override
    public void streams(RoutesConfig r, DialectContext context, io.nija.sim.http.StreamHub hub) {
        new BinanceStreams(context).register(r, hub);
    }

    @Override
    public void routes(RoutesConfig r, DialectContext context) {
        this.ctx = context;
        this.engine = context.engine();
        this.json = context.json();
        r.get("/api/v3/ping", c -> {
            charge(c, 1);
            ok(c, json.createObjectNode());
        });
        r.get("/api/v3/time", c -> {
            charge(c, 1);
            ok(c, json.createObjectNode().put("serverTime", now()));
        });
        r.get("/api/v3/exchangeInfo", this::exchangeInfo);
        r.get("/api/v3/depth", this::depth);
        r.get("/api/v3/ticker/price", this::tickerPrice);
        r.get("/api/v3/ticker/bookTicker", this::bookTicker);
        r.post("/api/v3/order", c -> placeOrder(c, false));
        r.post("/api/v3/order/test", c -> placeOrder(c, true));
        r.delete("/api/v3/order", this::cancelOrder);
        r.get("/api/v3/order", this::queryOrder);
        r.get("/api/v3/openOrders", this::openOrders);
        r.delete("/api/v3/openOrders", this::cancelAll);
        r.get("/api/v3/myTrades", this::myTrades);
        r.get("/api/v3/account", this::account);
        r.get("/api/v3/account/commission", this::commission);
        r.get("/sapi/v1/account/apiRestrictions", this::apiRestrictions);
        r.exception(BinanceError.class, (e, c) -> write(c, e));
    }

    // ---- errors ------------------------------------------------------------------------------------------

    @Override
    public void writeError(Context c, VenueErrorKind kind, String message) {
        write(c, switch (kind) {
            case INSUFFICIENT_FUNDS -> new BinanceError(400, -2010, "Account has insufficient balance for requested action.");
            case DUPLICATE_ORDER -> new BinanceError(400, -2010, "Duplicate order sent.");
            case BELOW_MIN_NOTIONAL -> BinanceError.filter("NOTIONAL");
            case INVALID_PRICE_OR_QTY -> message != null && message.contains("trigger immediately") ? wouldTriggerImmediately()
                    : BinanceError.filter(message != null && message.contains("PRICE_FILTER") ? "PRICE_FILTER" : "LOT_SIZE");
            case INVALID_SYMBOL -> BinanceError.invalidSymbol();
            case AUTH_FAILED, PERMISSION_DENIED -> BinanceError.rejectedKey();
            case ORDER_NOT_FOUND -> BinanceError.noSuchOrder();
            case RATE_LIMITED -> storm();
            case VENUE_UNAVAILABLE -> new BinanceError(503, -1008,
                    "Server is currently overloaded with other requests. Please try again in a few minutes.");
            case UNKNOWN -> new BinanceError(500, -1000, "An unknown error occurred while processing the request.");
        });
    }

    /**
     * Maintenance: 503 with -1008 SERVER_BUSY (a refusal: nothing was done). An injected server error: 500 with
     * -1001 (Binance: a 5xx means the execution status is unknown). A storm: 429, -1003, Retry-After.
     */
    @Override
    public void writeFault(Context c, FaultInjector.Outcome outcome) {
        switch (outcome) {
            case MAINTENANCE -> writeError(c, VenueErrorKind.VENUE_UNAVAILABLE, "maintenance");
            case RATE_LIMITED -> write(c, storm());
            default -> write(c, new BinanceError(500, -1001,
                    "Internal error; unable to process your request. Please try again."));
        }
    }

    private BinanceError storm() {
        long nowMs = now();
        long retry = Math.max(1, (60_000 - nowMs % 60_000 + 999) / 1000);
        return new BinanceError(429, -1003, "Too much request weight used; current limit is "
                + limits.config().weightPerMinute() + " request weight per 1 MINUTE. Please use WebSocket Streams for"
                + " live updates to avoid polling the API.", retry);
    }

    private void write(Context c, BinanceError e) {
        weightHeader(c);
        if (e.retryAfterSeconds >= 0) {
            c.header("Retry-After", Long.toString(e.retryAfterSeconds));
        }
        c.status(e.status).contentType("application/json;charset=UTF-8")
                .result(json.createObjectNode().put("code", e.code).put("msg", e.getMessage()).toString());
    }

    private void ok(Context c, JsonNode body) {
        weightHeader(c);
        c.status(200).contentType("application/json;charset=UTF-8").result(body.toString());
    }

    private void weightHeader(Context c) {
        if (ctx != null) {
            c.header("X-MBX-USED-WEIGHT-1M", Integer.toString(limits.used(c.ip(), now())));
        }
    }

    private void charge(Context c, int weight) {
        limits.charge(c.ip(), weight, now());
    }

    private long now() {
        return ctx.clock().epochMillis();
    }

    // ---- parameters and signing -------------------------------------------------------------------------

    /** Query-string and form-body parameters; the query string wins, as on Binance. */
    private static final class Params {
        final Map<String, String> values = new LinkedHashMap<>();

        String get(String name) {
            String v = values.get(name);
            return v == null || v.isEmpty() ? null : v;
        }

        String required(String name) {
            String v = get(name);
            if (v == null) {
                throw BinanceError.mandatory(name);
            }
            return v;
        }

        BigDecimal decimal(String name) {
            String v = get(name);
            if (v == null) {
                return null;
            }
            if (!DECIMAL.matcher(v).matches()) {
                throw BinanceError.illegal(name, DECIMAL_RANGE);
            }
            BigDecimal d = new BigDecimal(v);
            if (d.stripTrailingZeros().scale() > SCALE) {
                throw new BinanceError(400, -1111, "Parameter '" + name + "' has too much precision.");
            }
            return d;
        }

        Long integer(String name) {
            String v = get(name);
            if (v == null) {
                return null;
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw BinanceError.illegal(name, "^[0-9]{1,20}$");
            }
        }
    }

    private static Params params(Context c) {
        Params p = new Params();
        String contentType = c.contentType();
        if (contentType == null || contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            parseInto(c.body(), p.values);
        }
        parseInto(c.queryString(), p.values);
        return p;
    }

    private static void parseInto(String raw, Map<String, String> out) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.put(k, v);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BinanceError(400, -1100, "Illegal characters found in a parameter.");
        }
    }

    /** Checks the key, the receive window and the signature; returns the account's api key. */
    private String authenticate(Context c, Params p) {
        String key = c.header(API_KEY_HEADER);
        if (key == null || key.isBlank() || !KEY_FORMAT.matcher(key).matches()) {
            throw new BinanceError(401, -2014, "API-key format invalid.");
        }
        Credentials credentials = engine.credentials(key).orElseThrow(BinanceError::rejectedKey);
        Long timestamp = p.integer("timestamp");
        if (timestamp == null) {
            throw BinanceError.mandatory("timestamp");
        }
        long tsMillis = timestamp > 100_000_000_000_000L ? timestamp / 1000 : timestamp; // µs or ms
        long recvWindow = 5000;
        String rw = p.get("recvWindow");
        if (rw != null) {
            BigDecimal w;
            try {
                w = new BigDecimal(rw);
            } catch (NumberFormatException e) {
                throw BinanceError.illegal("recvWindow", "^[0-9]{1,5}(\\.[0-9]{1,3})?$");
            }
            if (w.signum() <= 0 || w.compareTo(BigDecimal.valueOf(MAX_RECV_WINDOW)) > 0 || w.scale() > 3) {
                throw new BinanceError(400, -1131, "recvWindow must be less than 60000");
            }
            recvWindow = w.setScale(0, RoundingMode.CEILING).longValueExact();
        }
        long serverTime = now();
        if (tsMillis >= serverTime + 1000) {
            throw new BinanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        }
        if (serverTime - tsMillis > recvWindow) {
            throw new BinanceError(400, -1021, "Timestamp for this request is outside of the recvWindow.");
        }
        String signature = p.get("signature");
        if (signature == null) {
            throw BinanceError.mandatory("signature");
        }
        String body = c.contentType() == null
                || c.contentType().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded") ? c.body() : "";
        if (!BinanceSignature.matches(credentials.apiSecret(), BinanceSignature.payload(c.queryString(), body),
                signature)) {
            throw new BinanceError(400, -1022, "Signature for this request is not valid.");
        }
        return key;
    }

    private Instrument instrument(String symbol) {
        return engine.instrument(symbol).orElseThrow(BinanceError::invalidSymbol);
    }

    // ---- market data ------------------------------------------------------------------------------------

    private void exchangeInfo(Context c) {
        charge(c, 20);
        Params p = params(c);
        List<Instrument> selected = new ArrayList<>();
        String one = p.get("symbol");
        String many = p.get("symbols");
        if (one != null) {
            selected.add(instrument(one));
        } else if (many != null) {
            JsonNode list;
            try {
                list = json.readTree(many);
            } catch (JsonProcessingException e) {
                throw BinanceError.illegal("symbols", "^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$");
            }
            for (JsonNode s : list) {
                selected.add(instrument(s.asText()));
            }
        } else {
            selected.addAll(engine.instruments());
        }
        ObjectNode out = json.createObjectNode().put("timezone", "UTC").put("serverTime", now());
        ArrayNode rl = out.putArray("rateLimits");
        rl.addObject().put("rateLimitType", "REQUEST_WEIGHT").put("interval", "MINUTE").put("intervalNum", 1)
                .put("limit", limits.config().weightPerMinute());
        rl.addObject().put("rateLimitType", "ORDERS").put("interval", "SECOND").put("intervalNum", 10)
                .put("limit", limits.config().ordersPer10s());
        rl.addObject().put("rateLimitType", "ORDERS").put("interval", "DAY").put("intervalNum", 1)
                .put("limit", limits.config().ordersPerDay());
        rl.addObject().put("rateLimitType", "RAW_REQUESTS").put("interval", "MINUTE").put("intervalNum", 5)
                .put("limit", 61000);
        out.putArray("exchangeFilters");
        ArrayNode symbols = out.putArray("symbols");
        for (Instrument i : selected) {
            ObjectNode s = symbols.addObject();
            s.put("symbol", i.symbol()).put("status", "TRADING")
                    .put("baseAsset", i.pair().base()).put("baseAssetPrecision", SCALE)
                    .put("quoteAsset", engine.quoteAsset(i.symbol())).put("quotePrecision", SCALE)
                    .put("quoteAssetPrecision", SCALE).put("baseCommissionPrecision", SCALE)
                    .put("quoteCommissionPrecision", SCALE);
            s.putArray("orderTypes").add("LIMIT").add("MARKET");
            s.put("icebergAllowed", false).put("ocoAllowed", false).put("otoAllowed", false)
                    .put("quoteOrderQtyMarketAllowed", true).put("allowTrailingStop", false)
                    .put("cancelReplaceAllowed", false).put("amendAllowed", false)
                    .put("isSpotTradingAllowed", true).put("isMarginTradingAllowed", false);
            ArrayNode f = s.putArray("filters");
            f.addObject().put("filterType", "PRICE_FILTER").put("minPrice", fmt(i.tickSize()))
                    .put("maxPrice", fmt(MAX_PRICE)).put("tickSize", fmt(i.tickSize()));
            BigDecimal minQty = i.minQty().max(i.lotSize());
            f.addObject().put("filterType", "LOT_SIZE").put("minQty", fmt(minQty)).put("maxQty", fmt(MAX_QTY))
                    .put("stepSize", fmt(i.lotSize()));
            f.addObject().put("filterType", "MARKET_LOT_SIZE").put("minQty", fmt(minQty)).put("maxQty", fmt(MAX_QTY))
                    .put("stepSize", fmt(i.lotSize()));
            f.addObject().put("filterType", "NOTIONAL").put("minNotional", fmt(i.minNotional()))
                    .put("applyMinToMarket", true).put("maxNotional", "9000000.00000000").put("applyMaxToMarket", false)
                    .put("avgPriceMins", 5);
            s.putArray("permissions");
            s.putArray("permissionSets").addArray().add("SPOT");
            s.put("defaultSelfTradePreventionMode", "NONE");
            s.putArray("allowedSelfTradePreventionModes").add("NONE");
        }
        ok(c, out);
    }

    private void depth(Context c) {
        Params p = params(c);
        Long requested = p.integer("limit");
        int limit = requested == null ? 100 : (int) Math.max(1, Math.min(5000, requested));
        charge(c, limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250);
        String symbol = p.required("symbol");
        instrument(symbol);
        OrderBook book = engine.book(symbol, limit);
        ObjectNode out = json.createObjectNode().put("lastUpdateId", updateIds.incrementAndGet());
        levels(out.putArray("bids"), book.bids());
        levels(out.putArray("asks"), book.asks());
        ok(c, out);
    }

    private static void levels(ArrayNode out, List<PriceLevel> levels) {
        for (PriceLevel l : levels) {
            out.addArray().add(fmt(l.price())).add(fmt(l.quantity()));
        }
    }

    private void tickerPrice(Context c) {
        Params p = params(c);
        String symbol = p.get("symbol");
        charge(c, symbol == null ? 4 : 2);
        if (symbol != null) {
            ok(c, price(instrument(symbol)));
            return;
        }
        ArrayNode out = json.createArrayNode();
        engine.instruments().forEach(i -> out.add(price(i)));
        ok(c, out);
    }

    private ObjectNode price(Instrument i) {
        BigDecimal last = engine.lastTradePrice(i.symbol());
        if (last == null) {
            OrderBook b = engine.book(i.symbol(), 1);
            last = b.mid() != null ? b.mid() : BigDecimal.ZERO;
        }
        return json.createObjectNode().put("symbol", i.symbol()).put("price", fmt(last));
    }

    private void bookTicker(Context c) {
        Params p = params(c);
        String symbol = p.get("symbol");
        charge(c, symbol == null ? 4 : 2);
        if (symbol != null) {
            ok(c, bookTicker(instrument(symbol)));
            return;
        }
        ArrayNode out = json.createArrayNode();
        engine.instruments().forEach(i -> out.add(bookTicker(i)));
        ok(c, out);
    }

    private ObjectNode bookTicker(Instrument i) {
        OrderBook b = engine.book(i.symbol(), 1);
        ObjectNode n = json.createObjectNode().put("symbol", i.symbol());
        PriceLevel bid = b.bids().isEmpty() ? null : b.bids().get(0);
        PriceLevel ask = b.asks().isEmpty() ? null : b.asks().get(0);
        n.put("bidPrice", fmt(bid == null ? BigDecimal.ZERO : bid.price()))
                .put("bidQty", fmt(bid == null ? BigDecimal.ZERO : bid.quantity()))
                .put("askPrice", fmt(ask == null ? BigDecimal.ZERO : ask.price()))
                .put("askQty", fmt(ask == null ? BigDecimal.ZERO : ask.quantity()));
        return n;
    }

    // ---- trading ----------------------------------------------------------------------------------------

    private void placeOrder(Context c, boolean testOnly) {
        charge(c, 1);
        Params p = params(c);
        String key = authenticate(c, p);
        String symbol = p.required("symbol");
        Instrument ins = instrument(symbol);
        Side side = switch (p.required("side")) {
            case "BUY" -> Side.BUY;
            case "SELL" -> Side.SELL;
            default -> throw BinanceError.illegal("side", "BUY, SELL");
        };
        String type = p.required("type");
        String clientOrderId = p.get("newClientOrderId");
        if (clientOrderId != null && !CLIENT_ID.matcher(clientOrderId).matches()) {
            throw BinanceError.illegal("newClientOrderId", CLIENT_ID.pattern());
        }
        String respType = p.get("newOrderRespType") == null ? "FULL" : p.get("newOrderRespType");
        if (!respType.equals("ACK") && !respType.equals("RESULT") && !respType.equals("FULL")) {
            throw BinanceError.illegal("newOrderRespType", "ACK, RESULT, FULL");
        }
        BigDecimal qty = p.decimal("quantity");
        BigDecimal quoteQty = p.decimal("quoteOrderQty");
        BigDecimal price = p.decimal("price");
        String tif = p.get("timeInForce");
        NewOrder order;
        switch (type) {
            case "LIMIT" -> {
                requireLimitParts(tif, qty, price);
                if (quoteQty != null) {
                    throw notRequired("quoteOrderQty");
                }
                OrderType engineType = switch (tif) {
                    case "GTC" -> OrderType.LIMIT;
                    case "IOC" -> OrderType.IOC;
                    default -> throw new BinanceError(400, -1115, "Invalid timeInForce.");
                };
                checkPrice(ins, price);
                checkQuantity(ins, qty, "LOT_SIZE");
                if (qty.multiply(price).compareTo(ins.minNotional()) < 0) {
                    throw BinanceError.filter("NOTIONAL");
                }
                order = new NewOrder(symbol, clientOrderId, side, engineType, qty, null, price);
            }
            case "MARKET" -> {
                if (tif != null) {
                    throw notRequired("timeInForce");
                }
                if (price != null) {
                    throw notRequired("price");
                }
                if (qty == null && quoteQty == null) {
                    throw new BinanceError(400, -1102,
                            "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
                }
                if (qty != null && quoteQty != null) {
                    throw notRequired("quoteOrderQty");
                }
                if (qty != null) {
                    checkQuantity(ins, qty, "LOT_SIZE");
                    checkQuantity(ins, qty, "MARKET_LOT_SIZE");
                    order = NewOrder.market(symbol, clientOrderId, side, qty);
                } else {
                    if (quoteQty.signum() <= 0) {
                        throw BinanceError.mandatory("quoteOrderQty");
                    }
                    if (quoteQty.compareTo(ins.minNotional()) < 0) {
                        throw BinanceError.filter("NOTIONAL");
                    }
                    order = NewOrder.marketForQuote(symbol, clientOrderId, side, quoteQty);
                }
            }
            case "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT" -> {
                // A limit order that waits off the book until the last trade reaches stopPrice. Binance has no
                // trailingDelta here (not supported by this simulator): stopPrice is mandatory.
                BigDecimal stopPrice = p.decimal("stopPrice");
                requireLimitParts(tif, qty, price);
                if (stopPrice == null) {
                    throw BinanceError.mandatory("stopPrice");
                }
                if (quoteQty != null) {
                    throw notRequired("quoteOrderQty");
                }
                if (!tif.equals("GTC")) {
                    // This simulator rests a fired stop as GTC only.
                    throw new BinanceError(400, -1115, "Invalid timeInForce.");
                }
                checkPrice(ins, price);
                checkPrice(ins, stopPrice);
                checkQuantity(ins, qty, "LOT_SIZE");
                if (qty.multiply(price).compareTo(ins.minNotional()) < 0) {
                    throw BinanceError.filter("NOTIONAL");
                }
                StopTrigger trigger = type.equals("STOP_LOSS_LIMIT") ? StopTrigger.stopLoss(side, stopPrice)
                        : StopTrigger.takeProfit(side, stopPrice);
                if (trigger.reachedBy(engine.lastTradePrice(symbol))) {
                    throw wouldTriggerImmediately();
                }
                order = NewOrder.stopLimit(symbol, clientOrderId, side, qty, price, trigger);
            }
            case "LIMIT_MAKER", "STOP_LOSS", "TAKE_PROFIT" ->
                    throw new BinanceError(400, -1013, "Unsupported order combination");
            default -> throw new BinanceError(400, -1116, "Invalid orderType.");
        }
        if (testOnly) {
            ok(c, json.createObjectNode());
            return;
        }
        int[] counts = limits.order(key, now());
        OrderView placed;
        try {
            placed = engine.place(key, order);
        } catch (VenueException e) {
            limits.unorder(key);
            throw e;
        }
        if (ctx.answerLost(c)) {
            return;
        }
        c.header("X-MBX-ORDER-COUNT-10S", Integer.toString(counts[0]));
        c.header("X-MBX-ORDER-COUNT-1D", Integer.toString(counts[1]));
        ObjectNode out = json.createObjectNode().put("symbol", placed.symbol()).put("orderId", id(placed.venueOrderId()))
                .put("orderListId", -1).put("clientOrderId", placed.clientOrderId())
                .put("transactTime", placed.createdAt().toEpochMilli());
        if (!respType.equals("ACK")) {
            orderFields(out, placed);
            out.put("workingTime", placed.waitingForTrigger() ? -1 : placed.createdAt().toEpochMilli());
            if (respType.equals("FULL")) {
                ArrayNode fills = out.putArray("fills");
                for (AccountFill f : placed.fills()) {
                    fills.addObject().put("price", fmt(f.price())).put("qty", fmt(f.quantity()))
                            .put("commission", fmt(f.fee())).put("commissionAsset", f.feeAsset())
                            .put("tradeId", id(f.tradeId()));
                }
            }
            out.put("selfTradePreventionMode", "NONE");
        }
        ok(c, out);
    }

    private static BinanceError wouldTriggerImmediately() {
        return new BinanceError(400, -2010, "Stop price would trigger immediately.");
    }

    /** What every limit-priced order (LIMIT, STOP_LOSS_LIMIT, TAKE_PROFIT_LIMIT) needs, checked in Binance's order. */
    private static void requireLimitParts(String timeInForce, BigDecimal quantity, BigDecimal price) {
        if (timeInForce == null) {
            throw BinanceError.mandatory("timeInForce");
        }
        if (quantity == null) {
            throw BinanceError.mandatory("quantity");
        }
        if (price == null) {
            throw BinanceError.mandatory("price");
        }
    }

    private static BinanceError notRequired(String param) {
        return new BinanceError(400, -1106, "Parameter '" + param + "' sent when not required.");
    }

    private static void checkPrice(Instrument ins, BigDecimal price) {
        if (price.compareTo(ins.tickSize()) < 0 || price.compareTo(MAX_PRICE) > 0
                || !Decimals.isMultipleOf(price, ins.tickSize())) {
            throw BinanceError.filter("PRICE_FILTER");
        }
    }

    private static void checkQuantity(Instrument ins, BigDecimal qty, String filter) {
        if (qty.compareTo(ins.minQty().max(ins.lotSize())) < 0 || qty.compareTo(MAX_QTY) > 0
                || !Decimals.isMultipleOf(qty, ins.lotSize())) {
            throw BinanceError.filter(filter);
        }
    }

    /**
     * The order named by orderId or origClientOrderId on this symbol, if the account has it: as the read endpoints
     * show it ({@code forWrite} false: lagged, needs read permission) or as the matching engine holds it (a cancel).
     */
    private Optional<OrderView> find(String key, Params p, String symbol, boolean forWrite) {
        Long orderId = p.integer("orderId");
        String clientId = p.get("origClientOrderId");
        if (orderId == null && clientId == null) {
            throw new BinanceError(400, -1102,
                    "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
        }
        Optional<OrderView> o;
        if (forWrite) {
            o = orderId != null ? engine.engineOrderByVenueId(key, Long.toString(orderId))
                    : engine.engineOrderByClientId(key, clientId);
        } else {
            o = orderId != null ? engine.orderByVenueId(key, Long.toString(orderId))
                    : engine.orderByClientId(key, clientId);
        }
        return o.filter(v -> v.symbol().equals(symbol)
                && (clientId == null || v.clientOrderId().equals(clientId)));
    }

    private void cancelOrder(Context c) {
        charge(c, 1);
        Params p = params(c);
        String key = authenticate(c, p);
        String symbol = p.required("symbol");
        instrument(symbol);
        OrderView order = find(key, p, symbol, true).filter(OrderView::isOpen).orElseThrow(BinanceError::unknownOrderOnCancel);
        OrderView cancelled;
        try {
            cancelled = engine.cancelByVenueId(key, order.venueOrderId());
        } catch (VenueException e) {
            if (e.kind() == VenueErrorKind.ORDER_NOT_FOUND) {
                throw BinanceError.unknownOrderOnCancel(); // filled between the look-up and the cancel
            }
            throw e;
        }
        if (ctx.answerLost(c)) {
            return;
        }
        String cancelId = p.get("newClientOrderId");
        ok(c, cancelJson(cancelled, cancelId));
    }

    private ObjectNode cancelJson(OrderView o, String cancelId) {
        ObjectNode out = json.createObjectNode().put("symbol", o.symbol()).put("origClientOrderId", o.clientOrderId())
                .put("orderId", id(o.venueOrderId())).put("orderListId", -1)
                .put("clientOrderId", cancelId != null ? cancelId : "sim-cancel-" + o.venueOrderId())
                .put("transactTime", o.updatedAt().toEpochMilli());
        orderFields(out, o);
        out.put("selfTradePreventionMode", "NONE");
        return out;
    }

    private void cancelAll(Context c) {
        charge(c, 1);
        Params p = params(c);
        String key = authenticate(c, p);
        String symbol = p.required("symbol");
        instrument(symbol);
        ArrayNode out = json.createArrayNode();
        for (OrderView o : engine.engineOpenOrders(key)) {
            if (!o.symbol().equals(symbol)) {
                continue;
            }
            try {
                out.add(cancelJson(engine.cancelByVenueId(key, o.venueOrderId()), null));
            } catch (VenueException e) {
                if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (out.isEmpty()) {
            throw new BinanceError(400, -2011, "Unknown order sent.");
        }
        ok(c, out);
    }

    private void queryOrder(Context c) {
        charge(c, 4);
        Params p = params(c);
        String key = authenticate(c, p);
        String symbol = p.required("symbol");
        instrument(symbol);
        OrderView o = find(key, p, symbol, false).orElseThrow(BinanceError::noSuchOrder);
        ok(c, queryJson(o));
    }

    private void openOrders(Context c) {
        Params p = params(c);
        String symbol = p.get("symbol");
        charge(c, symbol == null ? 80 : 6);
        String key = authenticate(c, p);
        if (symbol != null) {
            instrument(symbol);
        }
        ArrayNode out = json.createArrayNode();
        for (OrderView o : engine.openOrders(key)) {
            if (symbol == null || o.symbol().equals(symbol)) {
                out.add(queryJson(o));
            }
        }
        ok(c, out);
    }

    private ObjectNode queryJson(OrderView o) {
        ObjectNode out = json.createObjectNode().put("symbol", o.symbol()).put("orderId", id(o.venueOrderId()))
                .put("orderListId", -1).put("clientOrderId", o.clientOrderId());
        orderFields(out, o);
        out.put("stopPrice", fmt(o.trigger() == null ? BigDecimal.ZERO : o.trigger().stopPrice()))
                .put("icebergQty", fmt(BigDecimal.ZERO))
                .put("time", o.createdAt().toEpochMilli()).put("updateTime", o.updatedAt().toEpochMilli())
                // A stop is not working (not on the book) until it fires.
                .put("isWorking", o.type() != OrderType.MARKET && !o.waitingForTrigger())
                .put("workingTime", o.waitingForTrigger() ? -1 : o.createdAt().toEpochMilli())
                .put("origQuoteOrderQty", fmt(o.quoteQuantity() == null ? BigDecimal.ZERO : o.quoteQuantity()))
                .put("selfTradePreventionMode", "NONE");
        return out;
    }

    /** price, origQty, executedQty, cummulativeQuoteQty, status, timeInForce, type, side (Binance's order fields). */
    private static void orderFields(ObjectNode out, OrderView o) {
        BigDecimal origQty = o.quantity() != null ? o.quantity() : o.filledQty();
        out.put("price", fmt(o.limitPrice() == null ? BigDecimal.ZERO : o.limitPrice()))
                .put("origQty", fmt(origQty)).put("executedQty", fmt(o.filledQty()))
                .put("origQuoteOrderQty", fmt(o.quoteQuantity() == null ? BigDecimal.ZERO : o.quoteQuantity()))
                .put("cummulativeQuoteQty", fmt(o.filledQuote()))
                .put("status", status(o))
                .put("timeInForce", o.type() == OrderType.IOC ? "IOC" : "GTC")
                .put("type", o.trigger() != null ? (o.trigger().isTakeProfit(o.side()) ? "TAKE_PROFIT_LIMIT" : "STOP_LOSS_LIMIT")
                        : o.type() == OrderType.MARKET ? "MARKET" : "LIMIT")
                .put("side", o.side().name());
    }

    static String status(OrderView o) {
        return switch (o.state()) {
            case OPEN -> "NEW";
            case PARTIALLY_FILLED -> "PARTIALLY_FILLED";
            case FILLED -> "FILLED";
            case CANCELLED -> "CANCELED";
            case EXPIRED -> "EXPIRED";
        };
    }

    // ---- account ----------------------------------------------------------------------------------------

    private void myTrades(Context c) {
        Params p = params(c);
        Long orderId = p.integer("orderId");
        charge(c, orderId == null ? 20 : 5);
        String key = authenticate(c, p);
        String symbol = p.required("symbol");
        instrument(symbol);
        Long fromId = p.integer("fromId");
        Long startTime = p.integer("startTime");
        Long endTime = p.integer("endTime");
        Long requested = p.integer("limit");
        int limit = requested == null ? 500 : (int) Math.max(1, Math.min(1000, requested));
        if (fromId != null && (startTime != null || endTime != null)) {
            throw new BinanceError(400, -1128, "Combination of optional parameters invalid.");
        }
        List<AccountFill> fills = new ArrayList<>();
        for (AccountFill f : engine.fills(key)) {
            if (!f.symbol().equals(symbol)) {
                continue;
            }
            if (orderId != null && !Long.toString(orderId).equals(f.venueOrderId())) {
                continue;
            }
            if (fromId != null && id(f.tradeId()) < fromId) {
                continue;
            }
            long t = f.time().toEpochMilli();
            if ((startTime != null && t < startTime) || (endTime != null && t > endTime)) {
                continue;
            }
            fills.add(f);
        }
        fills.sort(Comparator.comparingLong((AccountFill f) -> id(f.tradeId())));
        // With fromId or startTime the oldest come first; otherwise the most recent ones.
        if (fills.size() > limit) {
            fills = fromId != null || startTime != null ? fills.subList(0, limit)
                    : fills.subList(fills.size() - limit, fills.size());
        }
        ArrayNode out = json.createArrayNode();
        for (AccountFill f : fills) {
            out.addObject().put("symbol", f.symbol()).put("id", id(f.tradeId())).put("orderId", id(f.venueOrderId()))
                    .put("orderListId", -1).put("price", fmt(f.price())).put("qty", fmt(f.quantity()))
                    .put("quoteQty", fmt(f.notional())).put("commission", fmt(f.fee()))
                    .put("commissionAsset", f.feeAsset()).put("time", f.time().toEpochMilli())
                    .put("isBuyer", f.side() == Side.BUY).put("isMaker", f.liquidity() == Liquidity.MAKER)
                    .put("isBestMatch", true);
        }
        ok(c, out);
    }

    private void account(Context c) {
        charge(c, 20);
        Params p = params(c);
        String key = authenticate(c, p);
        boolean omitZero = "true".equalsIgnoreCase(p.get("omitZeroBalances"));
        FeeSchedule fees = engine.fees(key);
        ObjectNode out = json.createObjectNode()
                .put("makerCommission", bips(fees.maker())).put("takerCommission", bips(fees.taker()))
                .put("buyerCommission", 0).put("sellerCommission", 0);
        out.putObject("commissionRates").put("maker", fmt(fees.maker())).put("taker", fmt(fees.taker()))
                .put("buyer", fmt(BigDecimal.ZERO)).put("seller", fmt(BigDecimal.ZERO));
        out.put("canTrade", true).put("canWithdraw", true).put("canDeposit", true).put("brokered", false)
                .put("requireSelfTradePrevention", false).put("preventSor", false)
                .put("updateTime", now()).put("accountType", "SPOT");
        ArrayNode balances = out.putArray("balances");
        for (Balance b : engine.balances(key).values()) {
            if (omitZero && b.available().signum() == 0 && b.locked().signum() == 0) {
                continue;
            }
            balances.addObject().put("asset", b.asset()).put("free", fmt(b.available())).put("locked", fmt(b.locked()));
        }
        out.putArray("permissions").add("SPOT");
        out.put("uid", Math.abs((long) key.hashCode()));
        ok(c, out);
    }

    /** The key's permissions (any key may ask), shaped as Binance's wallet endpoint answers. */
    private void apiRestrictions(Context c) {
        charge(c, 1);
        Params p = params(c);
        String key = authenticate(c, p);
        AccountOptions options = engine.accountOptions(key);
        ObjectNode out = json.createObjectNode().put("ipRestrict", false).put("createTime", now())
                .put("enableReading", options.can(Permission.READ))
                .put("enableSpotAndMarginTrading", options.can(Permission.TRADE))
                .put("enableWithdrawals", options.can(Permission.WITHDRAW))
                .put("enableInternalTransfer", false).put("permitsUniversalTransfer", false)
                .put("enableMargin", false).put("enableFutures", false).put("enableVanillaOptions", false)
                .put("enablePortfolioMarginTrading", false).put("enableFixApiTrade", false)
                .put("enableFixReadOnly", false);
        ok(c, out);
    }

    private void commission(Context c) {
        charge(c, 20);
        Params p = params(c);
        String key = authenticate(c, p);
        String symbol = p.required("symbol");
        instrument(symbol);
        FeeSchedule fees = engine.fees(key);
        ObjectNode out = json.createObjectNode().put("symbol", symbol);
        out.putObject("standardCommission").put("maker", fmt(fees.maker())).put("taker", fmt(fees.taker()))
                .put("buyer", fmt(BigDecimal.ZERO)).put("seller", fmt(BigDecimal.ZERO));
        for (String none : List.of("specialCommission", "taxCommission")) {
            out.putObject(none).put("maker", fmt(BigDecimal.ZERO)).put("taker", fmt(BigDecimal.ZERO))
                    .put("buyer", fmt(BigDecimal.ZERO)).put("seller", fmt(BigDecimal.ZERO));
        }
        out.putObject("discount").put("enabledForAccount", false).put("enabledForSymbol", false)
                .put("discountAsset", "BNB").put("discount", "0.75000000");
        ok(c, out);
    }

    // ---- formatting -------------------------------------------------------------------------------------

    /** Binance's decimals: 8 places ("0.00100000"); more only if the value really has more. */
    static String fmt(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() <= SCALE ? v.setScale(SCALE, RoundingMode.UNNECESSARY) : s).toPlainString();
    }

    private static int bips(BigDecimal rate) {
        return rate.movePointRight(4).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /** Binance ids are integers; the simulated binance engine makes numeric ids. */
    private static long id(String numeric) {
        try {
            return Long.parseLong(numeric);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("binance ids are numeric, got " + numeric, e);
        }
    }
}
