package io.nija.sim.dialect.kraken;

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
import io.nija.sim.dialect.kraken.KrakenNames.PairName;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Permission;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Kraken Spot REST (https://api.kraken.com/0) on top of the simulator's matching engine.
 *
 * <ul>
 *   <li>Public: {@code GET|POST /0/public/Time, SystemStatus, Assets, AssetPairs, Depth, Ticker}.</li>
 *   <li>Private ({@code POST /0/private/...}, form-encoded, JSON also accepted): Balance, BalanceEx, TradeVolume,
 *       AddOrder (cl_ord_id or userref; market, limit; GTC or IOC; post-only; validate), CancelOrder (by txid,
 *       userref or cl_ord_id), CancelAll, OpenOrders, ClosedOrders, QueryOrders, TradesHistory, QueryTrades.</li>
 *   <li>Authentication as documented: {@code API-Key} names the account, {@code API-Sign} is verified with the
 *       real algorithm ({@link KrakenSignature}), the {@code nonce} must grow per key.</li>
 *   <li>Errors in Kraken's words inside {@code {"error":[...]}} with HTTP 200; unknown methods 404.</li>
 *   <li>Limits as Kraken counts them, per API key ({@link KrakenLimits}); the simulated accounts are of the
 *       Intermediate verification tier unless the dialect is built with another.</li>
 * </ul>
 * Orders sent without cl_ord_id are kept in the engine under an internal id that can never be a valid cl_ord_id
 * (a '~' and more than 18 characters), which also carries the order's userref, so both survive a restart.
 */
public final class KrakenDialect implements Dialect {
    public static final String VENUE = "kraken";
    private static final Pattern CL_ORD_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[\\x20-\\x7E]{1,18}");
    private static final Set<String> KNOWN_ORDER_TYPES = Set.of("market", "limit", "iceberg", "stop-loss", "take-profit",
            "stop-loss-limit", "take-profit-limit", "trailing-stop", "trailing-stop-limit", "settle-position");
    private static final DateTimeFormatter RFC1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yy HH:mm:ss '+0000'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int PAGE = 50;
    private static final int COST_DECIMALS = 5;

    private final KrakenLimits.Tier tier;
    private final Map<String, Long> lastNonce = new ConcurrentHashMap<>();
    /** Websocket tokens (GetWebSocketsToken) and the keys they were issued to; see {@link KrakenStreams}. */
    private final Map<String, String> wsTokens = new ConcurrentHashMap<>();
    private DialectContext dc;
    private MatchingEngine engine;
    private ObjectMapper json;
    private KrakenNames names;
    private KrakenLimits limits;

    /** A Kraken dialect whose accounts are of the Intermediate tier. */
    public KrakenDialect() {
        this(KrakenLimits.Tier.INTERMEDIATE);
    }

    KrakenDialect(KrakenLimits.Tier tier) {
        this.tier = tier;
    }

    @Override
    public String venue() {
        return VENUE;
    }

    @Override
    public void routes(RoutesConfig routes, DialectContext context) {
        this.dc = context;
        this.engine = context.engine();
        this.json = context.json();
        this.names = new KrakenNames(engine);
        this.limits = new KrakenLimits(tier, context.clock());
        routes.get("/0/public/{method}", this::publicCall);
        routes.post("/0/public/{method}", this::publicCall);
        routes.post("/0/private/{method}", this::privateCall);
        routes.get("/0/private/{method}", c -> fail(c, 405, KrakenError.INVALID_ARGUMENTS + ":method must be POST"));
    }

    @Override
    public void streams(RoutesConfig routes, DialectContext context, io.nija.sim.http.StreamHub hub) {
        new KrakenStreams(context, wsTokens).register(routes, hub);
    }

    @Override
    public void writeError(Context ctx, VenueErrorKind kind, String message) {
        switch (kind) {
            // Kraken's API layer answers refusals with HTTP 200 and the error array.
            case RATE_LIMITED -> fail(ctx, 200, KrakenError.RATE_LIMIT);
            case VENUE_UNAVAILABLE -> fail(ctx, 200, KrakenError.UNAVAILABLE);
            case UNKNOWN -> fail(ctx, 500, KrakenError.INTERNAL);
            default -> fail(ctx, 200, errorFor(new VenueException(kind, message == null ? "" : message)));
        }
    }

    /**
     * Maintenance: the API is up and says {@code EService:Unavailable} (HTTP 200). A server error: HTTP 503 with the
     * same string, as when the service behind the API is down. A storm: {@code EAPI:Rate limit exceeded}.
     */
    @Override
    public void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        if (outcome == FaultInjector.Outcome.MAINTENANCE && ctx.path().endsWith("/0/public/SystemStatus")) {
            // The one endpoint that answers during maintenance, with what it is for.
            ObjectNode r = systemStatus();
            r.put("status", "maintenance");
            ok(ctx, r);
            return;
        }
        switch (outcome) {
            case MAINTENANCE -> fail(ctx, 200, KrakenError.UNAVAILABLE);
            case RATE_LIMITED -> fail(ctx, 200, KrakenError.RATE_LIMIT);
            default -> fail(ctx, 503, KrakenError.UNAVAILABLE);
        }
    }

    // ---- dispatch -------------------------------------------------------------------------------------

    private void publicCall(Context c) {
        try {
            Map<String, String> p = new HashMap<>();
            c.queryParamMap().forEach((k, v) -> p.put(k, v.isEmpty() ? "" : v.get(0)));
            if ("POST".equals(c.method().name()) && c.body() != null && !c.body().isBlank()) {
                p.putAll(parseBody(c));
            }
            ObjectNode result = switch (c.pathParam("method")) {
                case "Time" -> time();
                case "SystemStatus" -> systemStatus();
                case "Assets" -> assets(p);
                case "AssetPairs" -> assetPairs(p);
                case "Depth" -> depth(p);
                case "Ticker" -> ticker(p);
                default -> throw new KrakenError(404, KrakenError.UNKNOWN_METHOD);
            };
            ok(c, result);
        } catch (KrakenError e) {
            fail(c, e.status(), e.getMessage());
        } catch (VenueException e) {
            fail(c, 200, errorFor(e));
        }
    }

    private void privateCall(Context c) {
        try {
            String method = c.pathParam("method");
            int restCost = switch (method) {
                case "Balance", "BalanceEx", "TradeVolume", "OpenOrders", "ClosedOrders", "QueryOrders", "CancelAll" -> 1;
                case "TradesHistory", "QueryTrades" -> 2;
                case "AddOrder", "CancelOrder" -> 0; // the trading-engine limiter counts these
                case "GetApiKeyInfo", "GetWebSocketsToken" -> 1;
                default -> throw new KrakenError(404, KrakenError.UNKNOWN_METHOD);
            };
            Map<String, String> p = parseBody(c);
            String apiKey = authenticate(c, p);
            if (restCost > 0 && !limits.chargeRest(apiKey, restCost)) {
                throw new KrakenError(KrakenError.RATE_LIMIT);
            }
            switch (method) {
                case "Balance" -> ok(c, balance(apiKey));
                case "BalanceEx" -> ok(c, balanceEx(apiKey));
                case "TradeVolume" -> ok(c, tradeVolume(apiKey, p));
                case "OpenOrders" -> ok(c, openOrders(apiKey, p));
                case "ClosedOrders" -> ok(c, closedOrders(apiKey, p));
                case "QueryOrders" -> ok(c, queryOrders(apiKey, p));
                case "TradesHistory" -> ok(c, tradesHistory(apiKey, p));
                case "QueryTrades" -> ok(c, queryTrades(apiKey, p));
                case "AddOrder" -> addOrder(c, apiKey, p);
                case "CancelOrder" -> cancelOrder(c, apiKey, p);
                case "CancelAll" -> cancelAll(c, apiKey);
                case "GetApiKeyInfo" -> ok(c, apiKeyInfo(apiKey));
                case "GetWebSocketsToken" -> ok(c, KrakenStreams.issueToken(json, wsTokens, apiKey));
                default -> throw new KrakenError(404, KrakenError.UNKNOWN_METHOD);
            }
        } catch (KrakenError e) {
            fail(c, e.status(), e.getMessage());
        } catch (VenueException e) {
            fail(c, 200, errorFor(e));
        }
    }

    /**
     * API-Key must name an account, the body must carry a nonce, API-Sign must be the documented HMAC over this path
     * and body, and the nonce must be larger than the last one this key used. Returns the api key.
     */
    private String authenticate(Context c, Map<String, String> p) {
        String apiKey = c.header("API-Key");
        Optional<String> secret = apiKey == null || apiKey.isBlank() ? Optional.empty() : engine.signingSecret(apiKey);
        if (secret.isEmpty()) {
            throw new KrakenError(KrakenError.INVALID_KEY);
        }
        String nonceText = p.get("nonce");
        long nonce;
        try {
            nonce = Long.parseUnsignedLong(nonceText == null ? "" : nonceText.trim());
        } catch (NumberFormatException e) {
            throw new KrakenError(KrakenError.INVALID_NONCE);
        }
        String body = c.body() == null ? "" : c.body();
        if (!KrakenSignature.verify(secret.get(), c.path(), nonceText.trim(), body, c.header("API-Sign"))) {
            throw new KrakenError(KrakenError.INVALID_SIGNATURE);
        }
        boolean[] fresh = {false};
        lastNonce.compute(apiKey, (k, last) -> {
            if (last == null || Long.compareUnsigned(nonce, last) > 0) {
                fresh[0] = true;
                return nonce;
            }
            return last;
        });
        if (!fresh[0]) {
            throw new KrakenError(KrakenError.INVALID_NONCE);
        }
        return apiKey;
    }

    // ---- public endpoints -----------------------------------------------------------------------------

    private ObjectNode time() {
        Instant now = dc.clock().now();
        ObjectNode r = json.createObjectNode();
        r.put("unixtime", now.getEpochSecond());
        r.put("rfc1123", RFC1123.format(now));
        return r;
    }

    private ObjectNode systemStatus() {
        ObjectNode r = json.createObjectNode();
        r.put("status", "online");
        r.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(dc.clock().now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        return r;
    }

    private ObjectNode assets(Map<String, String> p) {
        Map<String, String> wanted = new LinkedHashMap<>();
        if (blank(p.get("asset"))) {
            wanted.putAll(names.assetsByCode());
        } else {
            for (String a : p.get("asset").split(",")) {
                String asset = names.engineAsset(a).orElseThrow(() -> new KrakenError(KrakenError.UNKNOWN_ASSET));
                wanted.put(KrakenNames.code(asset), asset);
            }
        }
        ObjectNode r = json.createObjectNode();
        wanted.forEach((code, asset) -> {
            ObjectNode a = r.putObject(code);
            a.put("aclass", "currency");
            a.put("altname", KrakenNames.altname(asset));
            a.put("decimals", KrakenNames.decimals(asset));
            a.put("display_decimals", KrakenNames.decimals(asset) <= 4 ? 2 : 5);
            a.put("status", "enabled");
        });
        return r;
    }

    private ObjectNode assetPairs(Map<String, String> p) {
        String info = blank(p.get("info")) ? "info" : p.get("info");
        if (!Set.of("info", "leverage", "fees", "margin").contains(info)) {
            throw KrakenError.invalidArgument("info");
        }
        ObjectNode r = json.createObjectNode();
        for (PairName pair : pairsParam(p.get("pair"), true)) {
            Instrument ins = pair.instrument();
            ObjectNode o = r.putObject(pair.key());
            if ("info".equals(info)) {
                o.put("altname", pair.altname());
                o.put("wsname", pair.wsname());
                o.put("aclass_base", "currency");
                o.put("base", pair.base());
                o.put("aclass_quote", "currency");
                o.put("quote", pair.quote());
                o.put("lot", "unit");
                o.put("cost_decimals", COST_DECIMALS);
                o.put("pair_decimals", ins.priceScale());
                o.put("lot_decimals", ins.quantityScale());
                o.put("lot_multiplier", 1);
            }
            if ("info".equals(info) || "leverage".equals(info)) {
                o.putArray("leverage_buy");
                o.putArray("leverage_sell");
            }
            if ("info".equals(info) || "fees".equals(info)) {
                FeeSchedule fees = engine.defaultFees();
                o.putArray("fees").addArray().add(0).add(number(fees.taker().movePointRight(2)));
                o.putArray("fees_maker").addArray().add(0).add(number(fees.maker().movePointRight(2)));
                o.put("fee_volume_currency", KrakenNames.code(pair.quoteAsset()));
            }
            if ("info".equals(info) || "margin".equals(info)) {
                o.put("margin_call", 80);
                o.put("margin_stop", 40);
            }
            if ("info".equals(info)) {
                o.put("ordermin", Decimals.plain(ins.minQty()));
                o.put("costmin", Decimals.plain(ins.minNotional()));
                o.put("tick_size", Decimals.plain(ins.tickSize()));
                o.put("status", "online");
            }
        }
        return r;
    }

    private ObjectNode depth(Map<String, String> p) {
        PairName pair = onePair(p.get("pair"));
        int count = 100;
        if (!blank(p.get("count"))) {
            try {
                count = Integer.parseInt(p.get("count").trim());
            } catch (NumberFormatException e) {
                throw KrakenError.invalidArgument("count");
            }
            if (count < 1 || count > 500) {
                throw KrakenError.invalidArgument("count");
            }
        }
        OrderBook book = engine.book(pair.engineSymbol(), count);
        ObjectNode r = json.createObjectNode();
        ObjectNode b = r.putObject(pair.key());
        long ts = book.time().getEpochSecond();
        levels(b.putArray("asks"), book.asks(), pair.instrument(), ts);
        levels(b.putArray("bids"), book.bids(), pair.instrument(), ts);
        return r;
    }

    private static void levels(ArrayNode out, List<PriceLevel> levels, Instrument ins, long ts) {
        for (PriceLevel l : levels) {
            out.addArray().add(l.price().setScale(ins.priceScale(), RoundingMode.DOWN).toPlainString())
                    .add(l.quantity().setScale(Math.max(ins.quantityScale(), 3), RoundingMode.DOWN).toPlainString())
                    .add(ts);
        }
    }

    private ObjectNode ticker(Map<String, String> p) {
        ObjectNode r = json.createObjectNode();
        for (PairName pair : pairsParam(p.get("pair"), true)) {
            Instrument ins = pair.instrument();
            OrderBook book = engine.book(pair.engineSymbol(), 1);
            BigDecimal last = engine.lastTradePrice(pair.engineSymbol());
            if (last == null) {
                last = book.mid();
            }
            String lastText = last == null ? "0" : last.setScale(ins.priceScale(), RoundingMode.DOWN).toPlainString();
            ObjectNode t = r.putObject(pair.key());
            touch(t.putArray("a"), book.asks(), ins);
            touch(t.putArray("b"), book.bids(), ins);
            t.putArray("c").add(lastText).add("0.00000000");
            t.putArray("v").add("0.00000000").add("0.00000000");
            t.putArray("p").add(lastText).add(lastText);
            t.putArray("t").add(0).add(0);
            t.putArray("l").add(lastText).add(lastText);
            t.putArray("h").add(lastText).add(lastText);
            t.put("o", lastText);
        }
        return r;
    }

    private static void touch(ArrayNode out, List<PriceLevel> side, Instrument ins) {
        if (side.isEmpty()) {
            out.add("0").add("0").add("0.000");
            return;
        }
        PriceLevel top = side.get(0);
        out.add(top.price().setScale(ins.priceScale(), RoundingMode.DOWN).toPlainString())
                .add(top.quantity().setScale(0, RoundingMode.DOWN).toPlainString())
                .add(top.quantity().setScale(Math.max(3, ins.quantityScale()), RoundingMode.DOWN).toPlainString());
    }

    // ---- private: account -----------------------------------------------------------------------------

    private ObjectNode balance(String apiKey) {
        ObjectNode r = json.createObjectNode();
        for (Balance b : engine.balances(apiKey).values()) {
            r.put(KrakenNames.code(b.asset()), amount(b.total(), KrakenNames.decimals(b.asset())));
        }
        return r;
    }

    private ObjectNode balanceEx(String apiKey) {
        ObjectNode r = json.createObjectNode();
        for (Balance b : engine.balances(apiKey).values()) {
            ObjectNode o = r.putObject(KrakenNames.code(b.asset()));
            int d = KrakenNames.decimals(b.asset());
            o.put("balance", amount(b.total(), d));
            o.put("hold_trade", amount(b.locked(), d));
        }
        return r;
    }

    private ObjectNode tradeVolume(String apiKey, Map<String, String> p) {
        List<PairName> pairs = blank(p.get("pair")) ? List.of() : pairsParam(p.get("pair"), false);
        FeeSchedule fees = engine.fees(apiKey);
        BigDecimal volume = BigDecimal.ZERO;
        for (AccountFill f : engine.fills(apiKey)) {
            volume = volume.add(f.notional());
        }
        ObjectNode r = json.createObjectNode();
        r.put("currency", "ZUSD");
        r.put("volume", amount(volume, 4));
        if (!pairs.isEmpty()) {
            ObjectNode taker = r.putObject("fees");
            ObjectNode maker = r.putObject("fees_maker");
            for (PairName pair : pairs) {
                feeTier(taker.putObject(pair.key()), fees.taker());
                feeTier(maker.putObject(pair.key()), fees.maker());
            }
        }
        return r;
    }

    private static void feeTier(ObjectNode o, BigDecimal rate) {
        String pct = amount(rate.movePointRight(2), 4);
        o.put("fee", pct);
        o.put("minfee", pct);
        o.put("maxfee", pct);
        o.putNull("nextfee");
        o.putNull("nextvolume");
        o.put("tiervolume", "0.0000");
    }

    // ---- private: orders ------------------------------------------------------------------------------

    private void addOrder(Context c, String apiKey, Map<String, String> p) {
        PairName pair = onePair(p.get("pair"));
        Instrument ins = pair.instrument();
        // The fixed cost is charged even when the order then fails validation.
        if (!limits.chargeTrading(apiKey, pair.key(), 1)) {
            throw new KrakenError(KrakenError.ORDER_RATE_LIMIT);
        }
        String typeText = p.get("type");
        if (!"buy".equals(typeText) && !"sell".equals(typeText)) {
            throw KrakenError.invalidArgument("type");
        }
        Side side = "buy".equals(typeText) ? Side.BUY : Side.SELL;
        String orderType = p.get("ordertype");
        if (orderType == null || !KNOWN_ORDER_TYPES.contains(orderType)) {
            throw KrakenError.invalidArgument("ordertype");
        }
        if (!"market".equals(orderType) && !"limit".equals(orderType) && !KrakenStops.isTriggered(orderType)) {
            // Real order types the simulator does not model.
            throw KrakenError.invalidArgument("ordertype");
        }
        Set<String> flags = new LinkedHashSet<>();
        if (!blank(p.get("oflags"))) {
            for (String f : p.get("oflags").split(",")) {
                String flag = f.trim();
                if (!Set.of("post", "fcib", "fciq", "nompp", "viqc").contains(flag)) {
                    throw KrakenError.invalidArgument("oflags");
                }
                flags.add(flag);
            }
        }
        String tif = blank(p.get("timeinforce")) ? "GTC" : p.get("timeinforce");
        if (!Set.of("GTC", "IOC", "GTD").contains(tif)) {
            throw KrakenError.invalidArgument("timeinforce");
        }
        if ("GTD".equals(tif)) {
            throw KrakenError.invalidArgument("timeinforce"); // needs expiretm, not modelled here
        }
        boolean quoteSized = flags.contains("viqc") && "market".equals(orderType) && side == Side.BUY;
        BigDecimal volume = decimalParam(p, "volume");
        if (volume == null || volume.signum() <= 0) {
            throw KrakenError.invalidArgument("volume");
        }
        BigDecimal price = null;
        io.nija.sim.engine.StopTrigger trigger = null;
        if ("limit".equals(orderType) || KrakenStops.isTriggered(orderType)) {
            price = decimalParam(p, "price");
            if (price == null || price.signum() <= 0) {
                throw KrakenError.invalidArgument("price");
            }
        }
        if (KrakenStops.isTriggered(orderType)) {
            // price is the trigger, price2 the limit it works at once triggered.
            trigger = KrakenStops.trigger(orderType, side, price, p);
            price = decimalParam(p, "price2");
            if (price == null || price.signum() <= 0) {
                throw KrakenError.invalidArgument("price2");
            }
            if (!Decimals.isMultipleOf(trigger.stopPrice(), ins.tickSize())) {
                throw new KrakenError("EOrder:Invalid price:" + pair.altname() + " price can only be specified up to "
                        + ins.priceScale() + " decimals.");
            }
        }
        String clOrdId = blank(p.get("cl_ord_id")) ? null : p.get("cl_ord_id");
        Integer userref = null;
        if (!blank(p.get("userref"))) {
            try {
                userref = Integer.parseInt(p.get("userref").trim());
            } catch (NumberFormatException e) {
                throw KrakenError.invalidArgument("userref");
            }
        }
        if (clOrdId != null && (userref != null || !CL_ORD_ID.matcher(clOrdId).matches())) {
            throw KrakenError.invalidArgument("cl_ord_id");
        }
        // Kraken's own checks, in its words, before the order reaches the book.
        if (!quoteSized) {
            if (!Decimals.isMultipleOf(volume, ins.lotSize())) {
                throw KrakenError.invalidArgument("volume");
            }
            if (volume.compareTo(ins.minQty()) < 0) {
                throw new KrakenError(KrakenError.ORDER_MINIMUM);
            }
        }
        if (price != null && !Decimals.isMultipleOf(price, ins.tickSize())) {
            throw new KrakenError("EOrder:Invalid price:" + pair.altname() + " price can only be specified up to "
                    + ins.priceScale() + " decimals.");
        }
        BigDecimal valuation = price;
        if (valuation == null) {
            OrderBook top = engine.book(pair.engineSymbol(), 1);
            valuation = side == Side.BUY ? top.bestAsk() : top.bestBid();
        }
        BigDecimal cost = quoteSized ? volume : valuation == null ? null : volume.multiply(valuation);
        if (cost != null && cost.compareTo(ins.minNotional()) < 0) {
            throw new KrakenError(KrakenError.COST_MINIMUM);
        }
        boolean rests = ("limit".equals(orderType) || trigger != null) && "GTC".equals(tif);
        if (rests && flags.contains("post")) {
            OrderBook top = engine.book(pair.engineSymbol(), 1);
            BigDecimal opposite = side == Side.BUY ? top.bestAsk() : top.bestBid();
            if (opposite != null && (side == Side.BUY ? price.compareTo(opposite) >= 0 : price.compareTo(opposite) <= 0)) {
                throw new KrakenError(KrakenError.POST_ONLY);
            }
        }
        if (rests) {
            long open = engine.engineOpenOrders(apiKey).stream().filter(o -> o.symbol().equals(pair.engineSymbol())).count();
            if (open >= limits.tier().maxOpenOrdersPerPair) {
                throw new KrakenError(KrakenError.ORDERS_LIMIT);
            }
        }
        String descr = descr(typeText, volume, pair, orderType, price);
        if (truthy(p.get("validate"))) {
            ObjectNode r = json.createObjectNode();
            r.putObject("descr").put("order", descr);
            ok(c, r);
            return;
        }
        String engineClientId = clOrdId != null ? clOrdId : internalClientId(userref);
        NewOrder order;
        if (trigger != null) {
            order = NewOrder.stopLimit(pair.engineSymbol(), engineClientId, side, volume, price, trigger);
        } else if ("market".equals(orderType)) {
            order = quoteSized ? NewOrder.marketForQuote(pair.engineSymbol(), engineClientId, side, volume)
                    : NewOrder.market(pair.engineSymbol(), engineClientId, side, volume);
        } else if ("IOC".equals(tif)) {
            order = NewOrder.ioc(pair.engineSymbol(), engineClientId, side, volume, price);
        } else {
            order = NewOrder.limit(pair.engineSymbol(), engineClientId, side, volume, price);
        }
        OrderView placed = engine.place(apiKey, order);
        if (dc.answerLost(c)) {
            return;
        }
        ObjectNode r = json.createObjectNode();
        r.putObject("descr").put("order", descr);
        r.putArray("txid").add(placed.venueOrderId());
        ok(c, r);
    }

    private void cancelOrder(Context c, String apiKey, Map<String, String> p) {
        String clOrdId = blank(p.get("cl_ord_id")) ? null : p.get("cl_ord_id");
        String txid = blank(p.get("txid")) ? null : p.get("txid").trim();
        if ((clOrdId == null) == (txid == null)) {
            throw KrakenError.invalidArgument(clOrdId == null ? "txid" : "cl_ord_id");
        }
        List<OrderView> targets = new ArrayList<>();
        if (clOrdId != null) {
            // A cancel is a write: it sees the engine's own orders, never lagged.
            engine.engineOpenOrders(apiKey).stream().filter(o -> clOrdId.equals(o.clientOrderId())).forEach(targets::add);
        } else if (txid.chars().allMatch(ch -> Character.isDigit(ch) || ch == '-')) {
            // A number is a userref: every open order tagged with it.
            engine.engineOpenOrders(apiKey).stream().filter(o -> txid.equals(String.valueOf(userref(o)))).forEach(targets::add);
        } else {
            engine.engineOrderByVenueId(apiKey, txid).filter(OrderView::isOpen).ifPresent(targets::add);
        }
        if (targets.isEmpty()) {
            throw new KrakenError(KrakenError.UNKNOWN_ORDER);
        }
        Instant now = dc.clock().now();
        for (OrderView o : targets) {
            int cost = KrakenLimits.cancelCost(Duration.between(o.createdAt(), now));
            if (cost > 0 && !limits.chargeTrading(apiKey, names.ofEngineSymbol(o.symbol()).key(), cost)) {
                throw new KrakenError(KrakenError.ORDER_RATE_LIMIT);
            }
        }
        int count = 0;
        for (OrderView o : targets) {
            try {
                engine.cancelByVenueId(apiKey, o.venueOrderId());
                count++;
            } catch (VenueException e) {
                if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (count == 0) {
            throw new KrakenError(KrakenError.UNKNOWN_ORDER);
        }
        if (dc.answerLost(c)) {
            return;
        }
        ObjectNode r = json.createObjectNode();
        r.put("count", count);
        ok(c, r);
    }

    /**
     * The key's name, permissions and restrictions; needs no permission. Permissions use the names of Kraken's key
     * settings: read grants the query_* ones, trade the order ones, withdraw withdraw_funds.
     */
    private ObjectNode apiKeyInfo(String apiKey) {
        AccountOptions options = engine.accountOptions(apiKey);
        ObjectNode r = json.createObjectNode();
        r.put("name", "simulator-" + apiKey.substring(0, Math.min(6, apiKey.length())));
        r.put("api_key", apiKey);
        ArrayNode perms = r.putArray("permissions");
        if (options.can(Permission.READ)) {
            perms.add("query_funds").add("query_open_orders_and_trades").add("query_closed_orders_and_trades")
                    .add("query_ledger_entries");
        }
        if (options.can(Permission.TRADE)) {
            perms.add("create_modify_orders").add("cancel_close_orders");
        }
        if (options.can(Permission.WITHDRAW)) {
            perms.add("withdraw_funds");
        }
        ObjectNode restrictions = r.putObject("restrictions");
        restrictions.putArray("ip_allowlist");
        restrictions.putNull("query_start");
        restrictions.putNull("query_end");
        restrictions.putNull("valid_until");
        r.put("created_at", "2024-01-01T00:00:00Z");
        r.put("last_used", dc.clock().now().toString());
        return r;
    }

    private void cancelAll(Context c, String apiKey) {
        int count = 0;
        for (OrderView o : engine.engineOpenOrders(apiKey)) {
            try {
                engine.cancelByVenueId(apiKey, o.venueOrderId());
                count++;
            } catch (VenueException e) {
                if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (dc.answerLost(c)) {
            return;
        }
        ObjectNode r = json.createObjectNode();
        r.put("count", count);
        ok(c, r);
    }

    private ObjectNode openOrders(String apiKey, Map<String, String> p) {
        boolean trades = truthy(p.get("trades"));
        ObjectNode r = json.createObjectNode();
        ObjectNode open = r.putObject("open");
        for (OrderView o : engine.openOrders(apiKey)) {
            if (matchesFilters(o, p)) {
                open.set(o.venueOrderId(), orderInfo(o, trades));
            }
        }
        return r;
    }

    private ObjectNode closedOrders(String apiKey, Map<String, String> p) {
        boolean trades = truthy(p.get("trades"));
        String closetime = blank(p.get("closetime")) ? "both" : p.get("closetime");
        BigDecimal start = decimalParam(p, "start");
        BigDecimal end = decimalParam(p, "end");
        int ofs = intParam(p, "ofs", 0);
        List<OrderView> closed = new ArrayList<>();
        for (OrderView o : engine.orders(apiKey)) {
            if (o.isOpen() || !matchesFilters(o, p)) {
                continue;
            }
            BigDecimal t = "open".equals(closetime) ? seconds(o.createdAt()) : seconds(o.updatedAt());
            if ((start != null && t.compareTo(start) <= 0) || (end != null && t.compareTo(end) > 0)) {
                continue;
            }
            closed.add(o);
        }
        closed.sort(Comparator.comparing(OrderView::updatedAt).reversed());
        ObjectNode r = json.createObjectNode();
        ObjectNode out = r.putObject("closed");
        for (OrderView o : closed.subList(Math.min(ofs, closed.size()), Math.min(ofs + PAGE, closed.size()))) {
            out.set(o.venueOrderId(), orderInfo(o, trades));
        }
        r.put("count", closed.size());
        return r;
    }

    private ObjectNode queryOrders(String apiKey, Map<String, String> p) {
        if (blank(p.get("txid"))) {
            throw KrakenError.invalidArgument("txid");
        }
        String[] ids = p.get("txid").split(",");
        if (ids.length > 50) {
            throw KrakenError.invalidArgument("txid");
        }
        boolean trades = truthy(p.get("trades"));
        ObjectNode r = json.createObjectNode();
        for (String raw : ids) {
            String id = raw.trim();
            OrderView o = engine.orderByVenueId(apiKey, id).orElseThrow(() -> new KrakenError(KrakenError.INVALID_ORDER));
            if (blank(p.get("userref")) || p.get("userref").trim().equals(String.valueOf(userref(o)))) {
                r.set(o.venueOrderId(), orderInfo(o, trades));
            }
        }
        return r;
    }

    private boolean matchesFilters(OrderView o, Map<String, String> p) {
        if (!blank(p.get("cl_ord_id")) && !p.get("cl_ord_id").equals(clOrdId(o))) {
            return false;
        }
        return blank(p.get("userref")) || p.get("userref").trim().equals(String.valueOf(userref(o)));
    }

    // ---- private: trades ------------------------------------------------------------------------------

    private ObjectNode tradesHistory(String apiKey, Map<String, String> p) {
        BigDecimal start = decimalParam(p, "start");
        BigDecimal end = decimalParam(p, "end");
        int ofs = intParam(p, "ofs", 0);
        Map<String, OrderView> orders = ordersById(apiKey);
        List<AccountFill> fills = new ArrayList<>();
        for (AccountFill f : engine.fills(apiKey)) {
            BigDecimal t = seconds(f.time());
            if ((start == null || t.compareTo(start) > 0) && (end == null || t.compareTo(end) <= 0)) {
                fills.add(f);
            }
        }
        List<AccountFill> newestFirst = new ArrayList<>(fills);
        java.util.Collections.reverse(newestFirst);
        ObjectNode r = json.createObjectNode();
        ObjectNode out = r.putObject("trades");
        for (AccountFill f : newestFirst.subList(Math.min(ofs, newestFirst.size()), Math.min(ofs + PAGE, newestFirst.size()))) {
            out.set(tradeTxid(f.fillId()), tradeInfo(f, orders.get(f.venueOrderId())));
        }
        r.put("count", fills.size());
        return r;
    }

    private ObjectNode queryTrades(String apiKey, Map<String, String> p) {
        if (blank(p.get("txid"))) {
            throw KrakenError.invalidArgument("txid");
        }
        String[] ids = p.get("txid").split(",");
        if (ids.length > 20) {
            throw KrakenError.invalidArgument("txid");
        }
        Map<String, AccountFill> byTxid = new HashMap<>();
        for (AccountFill f : engine.fills(apiKey)) {
            byTxid.put(tradeTxid(f.fillId()), f);
        }
        Map<String, OrderView> orders = ordersById(apiKey);
        ObjectNode r = json.createObjectNode();
        for (String raw : ids) {
            AccountFill f = byTxid.get(raw.trim());
            if (f == null) {
                throw KrakenError.invalidArgument("txid");
            }
            r.set(raw.trim(), tradeInfo(f, orders.get(f.venueOrderId())));
        }
        return r;
    }

    private Map<String, OrderView> ordersById(String apiKey) {
        Map<String, OrderView> out = new HashMap<>();
        for (OrderView o : engine.orders(apiKey)) {
            out.put(o.venueOrderId(), o);
        }
        return out;
    }

    private ObjectNode tradeInfo(AccountFill f, OrderView order) {
        PairName pair = names.ofEngineSymbol(f.symbol());
        ObjectNode t = json.createObjectNode();
        t.put("ordertxid", f.venueOrderId());
        t.put("postxid", "TKH2SE-M7IF5-CFI7LT");
        t.put("pair", pair.key());
        t.put("time", number(seconds(f.time())));
        t.put("type", f.side() == Side.BUY ? "buy" : "sell");
        t.put("ordertype", order == null ? "limit" : order.type() == OrderType.MARKET ? "market" : "limit");
        t.put("price", f.price().setScale(Math.max(pair.instrument().priceScale(), 5), RoundingMode.UNNECESSARY).toPlainString());
        t.put("cost", amount(f.notional(), COST_DECIMALS));
        t.put("fee", amount(f.fee(), COST_DECIMALS));
        t.put("vol", amount(f.quantity(), 8));
        t.put("margin", "0.00000");
        t.put("leverage", "0");
        t.put("misc", "");
        t.put("trade_id", f.tradeNumber());
        t.put("maker", f.liquidity() == Liquidity.MAKER);
        return t;
    }

    /** Kraken trade txids start with T; the engine's per-account fill ids are the same ids with an F. */
    private static String tradeTxid(String fillId) {
        return fillId.startsWith("F") ? "T" + fillId.substring(1) : fillId;
    }


    // ---- order info -----------------------------------------------------------------------------------

    private ObjectNode orderInfo(OrderView o, boolean withTrades) {
        PairName pair = names.ofEngineSymbol(o.symbol());
        Instrument ins = pair.instrument();
        ObjectNode n = json.createObjectNode();
        n.putNull("refid");
        Integer ref = userref(o);
        if (ref == null) {
            n.putNull("userref");
        } else {
            n.put("userref", ref);
        }
        String cl = clOrdId(o);
        if (cl != null) {
            n.put("cl_ord_id", cl);
        }
        String status;
        String reason = null;
        switch (o.state()) {
            case OPEN, PARTIALLY_FILLED -> status = "open";
            case FILLED -> status = "closed";
            case CANCELLED -> {
                status = "canceled";
                reason = "User requested";
            }
            default -> {
                // The unfilled rest of an IOC or market order: closed if anything filled, else canceled.
                status = o.filledQty().signum() > 0 ? "closed" : "canceled";
                reason = o.filledQty().signum() > 0 ? null : "Insufficient liquidity";
            }
        }
        n.put("status", status);
        if (reason == null) {
            n.putNull("reason");
        } else {
            n.put("reason", reason);
        }
        n.put("opentm", number(seconds(o.createdAt())));
        if (!o.isOpen()) {
            n.put("closetm", number(seconds(o.updatedAt())));
        }
        n.put("starttm", 0);
        n.put("expiretm", 0);
        String side = o.side() == Side.BUY ? "buy" : "sell";
        boolean market = o.type() == OrderType.MARKET;
        BigDecimal vol = o.quantity() != null ? o.quantity() : o.quoteQuantity();
        ObjectNode d = n.putObject("descr");
        d.put("pair", pair.altname());
        d.put("type", side);
        d.put("ordertype", KrakenStops.orderType(o, market));
        d.put("price", market ? "0" : KrakenStops.descrPrice(o).setScale(ins.priceScale(), RoundingMode.UNNECESSARY).toPlainString());
        d.put("price2", KrakenStops.descrPrice2(o) == null ? "0"
                : KrakenStops.descrPrice2(o).setScale(ins.priceScale(), RoundingMode.UNNECESSARY).toPlainString());
        d.put("leverage", "none");
        d.put("order", descr(side, vol, pair, market ? "market" : "limit", o.limitPrice()));
        d.put("close", "");
        n.put("vol", amount(vol, 8));
        n.put("vol_exec", amount(o.filledQty(), 8));
        n.put("cost", amount(o.filledQuote(), COST_DECIMALS));
        n.put("fee", amount(o.fees(), COST_DECIMALS));
        BigDecimal avg = o.averagePrice();
        // The average of several fill prices may not terminate; Kraken prints it to the pair's precision.
        n.put("price", avg == null ? "0.00000"
                : avg.setScale(Math.max(ins.priceScale(), 5), RoundingMode.HALF_EVEN).toPlainString());
        n.put("stopprice", "0.00000");
        n.put("limitprice", "0.00000");
        n.put("misc", "");
        n.put("oflags", o.quantity() == null ? "viqc,fciq" : "fciq");
        n.put("timeinforce", o.type() == OrderType.LIMIT ? "GTC" : "IOC");
        if (withTrades && !o.fills().isEmpty()) {
            ArrayNode t = n.putArray("trades");
            o.fills().forEach(f -> t.add(tradeTxid(f.fillId())));
        }
        return n;
    }

    private static String descr(String side, BigDecimal volume, PairName pair, String orderType, BigDecimal price) {
        Instrument ins = pair.instrument();
        String vol = volume.setScale(Math.max(8, volume.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY).toPlainString();
        String head = side + " " + vol + " " + pair.altname() + " @ ";
        return "market".equals(orderType) ? head + "market"
                : head + "limit " + price.setScale(Math.max(ins.priceScale(), price.stripTrailingZeros().scale()),
                RoundingMode.UNNECESSARY).toPlainString();
    }

    /** An engine client id for an order sent without cl_ord_id: never a valid cl_ord_id, and it keeps the userref. */
    private static String internalClientId(Integer userref) {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return "~" + (userref == null ? "" : userref.toString()) + "~" + HexFormat.of().formatHex(b);
    }

    private static boolean isInternal(String clientId) {
        return clientId != null && clientId.startsWith("~") && clientId.length() > 18;
    }

    private static String clOrdId(OrderView o) {
        return isInternal(o.clientOrderId()) ? null : o.clientOrderId();
    }

    private static Integer userref(OrderView o) {
        String id = o.clientOrderId();
        if (!isInternal(id)) {
            return null;
        }
        int second = id.indexOf('~', 1);
        if (second <= 1) {
            return null;
        }
        try {
            return Integer.parseInt(id.substring(1, second));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private PairName onePair(String pairParam) {
        if (blank(pairParam)) {
            throw KrakenError.invalidArgument("pair");
        }
        return names.pair(pairParam).orElseThrow(() -> new KrakenError(KrakenError.UNKNOWN_PAIR));
    }

    /** A comma list of pairs, or every pair when the parameter is absent and {@code allWhenBlank}. */
    private List<PairName> pairsParam(String pairParam, boolean allWhenBlank) {
        if (blank(pairParam)) {
            return allWhenBlank ? names.pairs() : List.of();
        }
        List<PairName> out = new ArrayList<>();
        for (String name : pairParam.split(",")) {
            out.add(names.pair(name).orElseThrow(() -> new KrakenError(KrakenError.UNKNOWN_PAIR)));
        }
        return out;
    }

    /** The request's parameters: the form-encoded body (Kraken's normal form) or a JSON object body. */
    private Map<String, String> parseBody(Context c) {
        String body = c.body() == null ? "" : c.body();
        Map<String, String> out = new LinkedHashMap<>();
        String type = c.contentType() == null ? "" : c.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json") || body.trim().startsWith("{")) {
            JsonNode node;
            try {
                node = json.readTree(body.isBlank() ? "{}" : body);
            } catch (JsonProcessingException e) {
                throw new KrakenError(KrakenError.INVALID_ARGUMENTS);
            }
            node.properties().forEach(e -> {
                JsonNode v = e.getValue();
                if (v.isArray()) {
                    List<String> items = new ArrayList<>();
                    v.forEach(i -> items.add(i.isNumber() ? i.decimalValue().toPlainString() : i.asText()));
                    out.put(e.getKey(), String.join(",", items));
                } else if (!v.isNull() && !v.isObject()) {
                    out.put(e.getKey(), v.isNumber() ? v.decimalValue().toPlainString() : v.asText());
                }
            });
            return out;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new KrakenError(KrakenError.INVALID_ARGUMENTS);
            }
        }
        return out;
    }

    private static BigDecimal decimalParam(Map<String, String> p, String name) {
        String v = p.get(name);
        if (blank(v)) {
            return null;
        }
        String t = v.trim();
        if (!t.matches("[0-9]*\\.?[0-9]+|[0-9]+\\.")) {
            throw KrakenError.invalidArgument(name);
        }
        return new BigDecimal(t);
    }

    private static int intParam(Map<String, String> p, String name, int dflt) {
        String v = p.get(name);
        if (blank(v)) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < 0) {
                throw KrakenError.invalidArgument(name);
            }
            return i;
        } catch (NumberFormatException e) {
            throw KrakenError.invalidArgument(name);
        }
    }

    private static boolean truthy(String v) {
        return v != null && ("true".equalsIgnoreCase(v.trim()) || "1".equals(v.trim()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Seconds since the epoch with Kraken's four decimals. */
    private static BigDecimal seconds(Instant t) {
        return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano() / 100_000, 4));
    }

    /** An exact amount with at least {@code decimals} decimals (more only when the value really has them). */
    static String amount(BigDecimal v, int decimals) {
        BigDecimal s = v.stripTrailingZeros();
        return v.setScale(Math.max(decimals, s.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    /** A JSON number that prints plainly (no exponent). */
    private static BigDecimal number(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0, RoundingMode.UNNECESSARY) : s;
    }

    /** Kraken's words for an engine refusal. */
    static String errorFor(VenueException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return switch (e.kind()) {
            case INSUFFICIENT_FUNDS -> KrakenError.INSUFFICIENT_FUNDS;
            case BELOW_MIN_NOTIONAL -> KrakenError.COST_MINIMUM;
            case INVALID_SYMBOL -> KrakenError.UNKNOWN_PAIR;
            case INVALID_PRICE_OR_QTY -> m.contains("below the minimum") ? KrakenError.ORDER_MINIMUM
                    : m.contains("PRICE") || m.contains("price") ? "EOrder:Invalid price"
                    : KrakenError.INVALID_ARGUMENTS + ":volume";
            case AUTH_FAILED -> KrakenError.INVALID_KEY;
            case PERMISSION_DENIED -> "EGeneral:Permission denied";
            case DUPLICATE_ORDER -> KrakenError.DUPLICATE_ORDER;
            case ORDER_NOT_FOUND -> KrakenError.UNKNOWN_ORDER;
            case RATE_LIMITED -> KrakenError.RATE_LIMIT;
            case VENUE_UNAVAILABLE -> KrakenError.UNAVAILABLE;
            case UNKNOWN -> KrakenError.INTERNAL;
        };
    }

    private void ok(Context c, ObjectNode result) {
        ObjectNode root = json.createObjectNode();
        root.putArray("error");
        root.set("result", result);
        write(c, 200, root);
    }

    private void fail(Context c, int status, String error) {
        ObjectNode root = (json == null ? new ObjectMapper() : json).createObjectNode();
        root.putArray("error").add(error);
        write(c, status, root);
    }

    private void write(Context c, int status, ObjectNode body) {
        try {
            c.status(status);
            c.contentType("application/json; charset=utf-8");
            c.result((json == null ? new ObjectMapper() : json).writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Kraken response", e);
        }
    }
}
