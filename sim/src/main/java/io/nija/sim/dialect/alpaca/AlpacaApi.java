package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.core.JsonGenerator;
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
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.Permission;
import io.nija.sim.dialect.DialectContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Alpaca's crypto trading API (v2) and its crypto market-data call (v1beta3 latest order books), both on one
 * simulated listener over the venue's matching engine.
 *
 * <p>Keys travel as APCA-API-KEY-ID / APCA-API-SECRET-KEY headers on every trading call (no signature). Limits:
 * 200 requests per minute per key on the trading API and, separately, on market data (per key, or per IP without
 * one); every answer carries X-RateLimit-Limit / -Remaining / -Reset (unix seconds), and going over is HTTP 429.
 *
 * <p>One deliberate leniency: {@code GET /v2/assets} also answers without keys (Alpaca requires them), because
 * the router lists instruments without an account; keys that are sent are still checked.
 */
final class AlpacaApi {
    static final String KEY_HEADER = "APCA-API-KEY-ID";
    static final String SECRET_HEADER = "APCA-API-SECRET-KEY";
    private static final int MAX_CLIENT_ORDER_ID = 128;
    private static final DateTimeFormatter ACTIVITY_ID =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    private final DialectContext ctx;
    private final MatchingEngine engine;
    private final ObjectMapper json;
    private final AlpacaViews views;
    private final WindowLimiter trading;
    private final WindowLimiter data;

    AlpacaApi(DialectContext ctx) {
        this.ctx = ctx;
        this.engine = ctx.engine();
        this.json = ctx.json();
        this.views = new AlpacaViews(json);
        this.trading = new WindowLimiter(200, Duration.ofMinutes(1), Mode.FIXED, ctx.clock());
        this.data = new WindowLimiter(200, Duration.ofMinutes(1), Mode.FIXED, ctx.clock());
    }

    void routes(RoutesConfig r) {
        r.get("/v2/assets", c -> call(c, false, this::assets));
        r.get("/v2/clock", c -> call(c, true, (k, x) -> clock()));
        r.get("/v2/account", c -> call(c, true, this::account));
        r.get("/v2/positions", c -> call(c, true, this::positions));
        r.post("/v2/orders", c -> call(c, true, this::placeOrder));
        r.get("/v2/orders", c -> call(c, true, this::listOrders));
        r.delete("/v2/orders", c -> call(c, true, this::cancelAll));
        r.get("/v2/orders:by_client_order_id", c -> call(c, true, this::orderByClientId));
        r.get("/v2/orders/{order_id}", c -> call(c, true, this::getOrder));
        r.delete("/v2/orders/{order_id}", c -> call(c, true, this::cancelOrder));
        r.get("/v2/account/activities", c -> call(c, true, (k, x) -> activities(k, x, x.queryParam("activity_types"))));
        r.get("/v2/account/activities/{activity_type}",
                c -> call(c, true, (k, x) -> activities(k, x, x.pathParam("activity_type"))));
        r.get("/v1beta3/crypto/{loc}/latest/orderbooks", this::orderbooks);
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    /** What a handler answers: a status and a JSON body, or nothing (204), or null when the answer was lost. */
    record Answer(int status, JsonNode body) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body);
        }
    }

    private interface Handler {
        Answer handle(String apiKey, Context c);
    }

    private void call(Context c, boolean keysRequired, Handler handler) {
        try {
            String apiKey = authenticate(c, keysRequired);
            Decision d = trading.acquire(apiKey != null ? "key:" + apiKey : "ip:" + c.ip());
            rateHeaders(c, d);
            if (!d.allowed()) {
                throw AlpacaError.rateLimited();
            }
            Answer a = handler.handle(apiKey, c);
            if (a == null) {
                return; // accept-then-timeout: the connection is gone
            }
            if (a.body() == null) {
                c.status(a.status());
            } else {
                c.status(a.status()).contentType("application/json").result(a.body().toString());
            }
        } catch (AlpacaError e) {
            write(c, e);
        } catch (VenueException e) {
            write(c, general(e));
        }
    }

    static void rateHeaders(Context c, Decision d) {
        c.header("X-RateLimit-Limit", Integer.toString(d.limit()));
        c.header("X-RateLimit-Remaining", Integer.toString(d.remaining()));
        c.header("X-RateLimit-Reset", Long.toString(Math.floorDiv(d.resetAtMillis() + 999, 1000)));
    }

    static void write(Context c, AlpacaError e) {
        String body = "{\"code\":" + e.code + ",\"message\":\"" + e.getMessage().replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}";
        c.status(e.status).contentType("application/json").result(body);
    }

    /** The key id when both headers name a known account; 401 when they do not (or are missing but required). */
    private String authenticate(Context c, boolean required) {
        String key = c.header(KEY_HEADER);
        String secret = c.header(SECRET_HEADER);
        if ((key == null || key.isBlank()) && (secret == null || secret.isBlank())) {
            if (required) {
                throw AlpacaError.unauthorized();
            }
            return null;
        }
        if (key == null || secret == null) {
            throw AlpacaError.unauthorized();
        }
        try {
            engine.authenticate(key, secret, null);
        } catch (VenueException e) {
            throw AlpacaError.unauthorized();
        }
        return key;
    }

    static AlpacaError general(VenueException e) {
        return switch (e.kind()) {
            case AUTH_FAILED -> AlpacaError.unauthorized();
            case PERMISSION_DENIED -> new AlpacaError(403, 40310000, "request is not authorized");
            case INSUFFICIENT_FUNDS -> new AlpacaError(403, 40310000, "insufficient balance");
            case INVALID_SYMBOL -> AlpacaError.invalid("asset not found");
            case BELOW_MIN_NOTIONAL -> new AlpacaError(403, 40310000, "cost basis must be >= minimal amount of order");
            case INVALID_PRICE_OR_QTY -> AlpacaError.invalid("invalid qty or price");
            case DUPLICATE_ORDER -> AlpacaError.invalid("client_order_id must be unique");
            case ORDER_NOT_FOUND -> AlpacaError.notFound();
            case RATE_LIMITED -> AlpacaError.rateLimited();
            case VENUE_UNAVAILABLE -> new AlpacaError(503, 50310000, "service unavailable");
            case UNKNOWN -> new AlpacaError(500, 50010000, "internal server error occurred");
        };
    }

    private ArrayNode array() {
        return json.createArrayNode();
    }

    /** "BTC/USD", and the older "BTCUSD" form Alpaca still accepts for crypto. */
    private Optional<Instrument> listing(String symbol) {
        if (symbol == null) {
            return Optional.empty();
        }
        String s = symbol.trim().toUpperCase(java.util.Locale.ROOT);
        Optional<Instrument> direct = engine.instrument(s);
        if (direct.isPresent()) {
            return direct;
        }
        for (Instrument i : engine.instruments()) {
            if (i.symbol().replace("/", "").equals(s)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    // ---- reference data -------------------------------------------------------------------------------

    private Answer assets(String apiKey, Context c) {
        String assetClass = c.queryParam("asset_class");
        String status = c.queryParam("status");
        ArrayNode out = array();
        if ((assetClass == null || assetClass.equals("crypto")) && (status == null || status.equals("active"))) {
            engine.instruments().forEach(i -> out.add(views.asset(i)));
        }
        return Answer.ok(out);
    }

    private Answer clock() {
        Instant now = ctx.clock().now();
        ObjectNode n = json.createObjectNode();
        n.put("timestamp", now.toString());
        n.put("is_open", true);
        n.put("next_open", now.plus(Duration.ofDays(1)).toString());
        n.put("next_close", now.plus(Duration.ofHours(8)).toString());
        return Answer.ok(n);
    }

    // ---- orders ---------------------------------------------------------------------------------------

    private Answer placeOrder(String apiKey, Context c) {
        JsonNode b = JsonBody.parse(json, c.body()).orElseThrow(() -> AlpacaError.invalid("request body format is invalid"));
        if (!b.isObject()) {
            throw AlpacaError.invalid("request body format is invalid");
        }
        NewOrder order = parseOrder(b);
        // Alpaca keeps a client_order_id taken for good, not only while the order is open: the venue's rule
        // (ClientIdReuse.NEVER) is enforced by the engine, which refuses with DUPLICATE_ORDER (422 below).
        OrderView placed;
        try {
            placed = engine.place(apiKey, order);
        } catch (VenueException e) {
            throw refusal(e, order);
        }
        if (ctx.answerLost(c)) {
            return null;
        }
        return Answer.ok(views.order(placed));
    }

    private NewOrder parseOrder(JsonNode b) {
        String symbolText = JsonBody.text(b, "symbol");
        if (symbolText == null) {
            throw AlpacaError.invalid("symbol is required");
        }
        Instrument ins = listing(symbolText)
                .orElseThrow(() -> AlpacaError.invalid("asset \"" + symbolText + "\" not found"));
        String symbol = ins.symbol();
        Side side = switch (String.valueOf(JsonBody.text(b, "side"))) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw AlpacaError.invalid("invalid side");
        };
        String type = String.valueOf(JsonBody.text(b, "type"));
        if (!type.equals("market") && !type.equals("limit") && !AlpacaStops.isStopLimit(type)) {
            // The rest (stop, trailing_stop) is equities-only.
            throw AlpacaError.invalid("invalid order type for crypto order");
        }
        String tif = JsonBody.text(b, "time_in_force");
        if (tif == null) {
            throw AlpacaError.invalid("time_in_force is required");
        }
        if (!tif.equals("gtc") && !tif.equals("ioc")) {
            throw AlpacaError.invalid("invalid crypto time_in_force");
        }
        String clientId = JsonBody.text(b, "client_order_id");
        if (clientId != null && clientId.length() > MAX_CLIENT_ORDER_ID) {
            throw AlpacaError.invalid("client_order_id must be no more than 128 characters");
        }
        BigDecimal qty = decimal(b, "qty");
        BigDecimal notional = decimal(b, "notional");
        if (qty != null && notional != null) {
            throw AlpacaError.invalid("only one of qty or notional may be specified");
        }
        if (qty == null && notional == null) {
            throw AlpacaError.invalid("qty or notional is required");
        }
        if (type.equals("market")) {
            if (notional != null) {
                if (notional.signum() <= 0) {
                    throw AlpacaError.invalid("notional must be > 0");
                }
                if (notional.compareTo(ins.minNotional()) < 0) {
                    throw belowMinimal(ins);
                }
                return NewOrder.marketForQuote(symbol, clientId, side, notional);
            }
            checkQty(ins, qty);
            return NewOrder.market(symbol, clientId, side, qty);
        }
        if (notional != null) {
            throw AlpacaError.invalid("notional orders are only allowed for market orders");
        }
        BigDecimal price = decimal(b, "limit_price");
        if (price == null) {
            throw AlpacaError.invalid("limit_price is required for limit orders");
        }
        if (price.signum() <= 0 || !Decimals.isMultipleOf(price, ins.tickSize())) {
            throw AlpacaError.invalid("invalid limit_price " + price.toPlainString() + ": must be a positive multiple of "
                    + Decimals.plain(ins.tickSize()));
        }
        checkQty(ins, qty);
        if (qty.multiply(price).compareTo(ins.minNotional()) < 0) {
            throw belowMinimal(ins);
        }
        if (AlpacaStops.isStopLimit(type)) {
            return AlpacaStops.stopLimit(b, ins, clientId, side, qty, price, tif);
        }
        return tif.equals("ioc") ? NewOrder.ioc(symbol, clientId, side, qty, price)
                : NewOrder.limit(symbol, clientId, side, qty, price);
    }

    /** Alpaca refuses an order below its cost floor with 403 / 40310000 (the code it also uses for balance). */
    private static AlpacaError belowMinimal(Instrument ins) {
        return new AlpacaError(403, 40310000, "cost basis must be >= minimal amount of order "
                + Decimals.plain(ins.minNotional()));
    }

    private static void checkQty(Instrument ins, BigDecimal qty) {
        if (qty.signum() <= 0) {
            throw AlpacaError.invalid("qty must be > 0");
        }
        if (qty.compareTo(ins.minQty()) < 0) {
            throw AlpacaError.invalid("qty must be >= " + Decimals.plain(ins.minQty()) + " (min_order_size)");
        }
        if (!Decimals.isMultipleOf(qty, ins.lotSize())) {
            throw AlpacaError.invalid("qty must be a multiple of " + Decimals.plain(ins.lotSize())
                    + " (min_trade_increment)");
        }
    }

    private static BigDecimal decimal(JsonNode b, String field) {
        try {
            return JsonBody.decimal(JsonBody.text(b, field));
        } catch (NumberFormatException e) {
            throw AlpacaError.invalid("invalid " + field);
        }
    }

    /** An engine refusal of a new order in Alpaca's words: 403 for balance, 422 for the rest. */
    private AlpacaError refusal(VenueException e, NewOrder order) {
        if (e.kind() == VenueErrorKind.INSUFFICIENT_FUNDS) {
            String asset = order.side() == Side.BUY ? engine.quoteAsset(order.symbol())
                    : engine.instrument(order.symbol()).map(i -> i.pair().base()).orElse("");
            return new AlpacaError(403, 40310000, "insufficient balance for " + asset);
        }
        return general(e);
    }

    private Answer getOrder(String apiKey, Context c) {
        return Answer.ok(views.order(engine.orderByVenueId(apiKey, c.pathParam("order_id"))
                .orElseThrow(AlpacaError::notFound)));
    }

    private Answer orderByClientId(String apiKey, Context c) {
        String id = c.queryParam("client_order_id");
        if (id == null || id.isEmpty()) {
            throw AlpacaError.invalid("client_order_id is required");
        }
        return Answer.ok(views.order(engine.orderByClientId(apiKey, id).orElseThrow(AlpacaError::notFound)));
    }

    private Answer cancelOrder(String apiKey, Context c) {
        // A cancel is a write: it reaches the engine even while reads do not show the order yet.
        OrderView order = engine.engineOrderByVenueId(apiKey, c.pathParam("order_id")).orElseThrow(AlpacaError::notFound);
        if (!order.isOpen()) {
            throw new AlpacaError(422, 42210000, "order is already in \"" + AlpacaViews.status(order) + "\" state");
        }
        try {
            engine.cancelByVenueId(apiKey, order.venueOrderId());
        } catch (VenueException e) {
            if (e.kind() == VenueErrorKind.ORDER_NOT_FOUND) {
                OrderView now = engine.engineOrderByVenueId(apiKey, order.venueOrderId()).orElse(order);
                throw new AlpacaError(422, 42210000, "order is already in \"" + AlpacaViews.status(now) + "\" state");
            }
            throw general(e);
        }
        if (ctx.answerLost(c)) {
            return null;
        }
        return new Answer(204, null);
    }

    private Answer cancelAll(String apiKey, Context c) {
        ArrayNode out = array();
        for (OrderView o : engine.engineOpenOrders(apiKey)) {
            try {
                OrderView done = engine.cancelByVenueId(apiKey, o.venueOrderId());
                ObjectNode n = out.addObject();
                n.put("id", done.venueOrderId());
                n.put("status", 200);
                n.set("body", views.order(done));
            } catch (VenueException e) {
                ObjectNode n = out.addObject();
                n.put("id", o.venueOrderId());
                n.put("status", 500);
                n.putNull("body");
            }
        }
        if (ctx.answerLost(c)) {
            return null;
        }
        return new Answer(207, out);
    }

    private Answer listOrders(String apiKey, Context c) {
        String status = Optional.ofNullable(c.queryParam("status")).orElse("open");
        if (!List.of("open", "closed", "all").contains(status)) {
            throw AlpacaError.invalid("invalid status");
        }
        int limit = intParam(c, "limit", 50, 500);
        boolean asc = "asc".equals(c.queryParam("direction"));
        Instant after = instantParam(c, "after");
        Instant until = instantParam(c, "until");
        String symbols = c.queryParam("symbols");
        List<String> wanted = symbols == null || symbols.isBlank() ? null : Arrays.stream(symbols.split(","))
                .map(s -> listing(s).map(Instrument::symbol).orElse(s)).toList();
        List<OrderView> all = new ArrayList<>(engine.orders(apiKey));
        Comparator<OrderView> bySubmit = Comparator.comparing(OrderView::createdAt);
        all.sort(asc ? bySubmit : bySubmit.reversed());
        ArrayNode out = array();
        for (OrderView o : all) {
            boolean keep = switch (status) {
                case "open" -> o.isOpen();
                case "closed" -> !o.isOpen();
                default -> true;
            };
            if (!keep || (wanted != null && !wanted.contains(o.symbol()))
                    || (after != null && !o.createdAt().isAfter(after)) || (until != null && !o.createdAt().isBefore(until))) {
                continue;
            }
            if (out.size() >= limit) {
                break;
            }
            out.add(views.order(o));
        }
        return Answer.ok(out);
    }

    private static int intParam(Context c, String name, int dflt, int max) {
        String s = c.queryParam(name);
        if (s == null || s.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(s);
            if (n < 1) {
                throw AlpacaError.invalid("invalid " + name);
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw AlpacaError.invalid("invalid " + name);
        }
    }

    private static Instant instantParam(Context c, String name) {
        String s = c.queryParam(name);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw AlpacaError.invalid("invalid " + name);
            }
        }
    }

    // ---- account --------------------------------------------------------------------------------------

    private Answer account(String apiKey, Context c) {
        Map<String, Balance> balances = engine.balances(apiKey);
        Balance usd = balances.getOrDefault("USD", new Balance("USD", BigDecimal.ZERO, BigDecimal.ZERO));
        BigDecimal longValue = BigDecimal.ZERO;
        for (Balance b : balances.values()) {
            if (!b.asset().equals("USD")) {
                longValue = longValue.add(marketValue(b.asset(), b.total()));
            }
        }
        BigDecimal equity = usd.total().add(longValue);
        ObjectNode n = json.createObjectNode();
        n.put("id", UUID.nameUUIDFromBytes(("alpaca-account:" + apiKey).getBytes(StandardCharsets.UTF_8)).toString());
        n.putObject("admin_configurations");
        n.putNull("user_configurations");
        n.put("account_number", "PA" + Integer.toString(Math.abs(apiKey.hashCode() % 1_000_000_000), 10));
        n.put("status", "ACTIVE");
        n.put("crypto_status", "ACTIVE");
        n.put("options_approved_level", 0);
        n.put("options_trading_level", 0);
        n.put("currency", "USD");
        n.put("buying_power", AlpacaViews.dec(usd.available()));
        n.put("regt_buying_power", AlpacaViews.dec(usd.available()));
        n.put("daytrading_buying_power", "0");
        n.put("effective_buying_power", AlpacaViews.dec(usd.available()));
        n.put("non_marginable_buying_power", AlpacaViews.dec(usd.available()));
        n.put("options_buying_power", "0");
        n.put("bod_dtbp", "0");
        n.put("cash", AlpacaViews.dec(usd.total()));
        n.put("accrued_fees", "0");
        n.put("portfolio_value", AlpacaViews.dec(equity));
        n.put("pattern_day_trader", false);
        // Alpaca keys have no scopes; a simulated key without trade permission shows as a blocked account.
        n.put("trading_blocked", !engine.accountOptions(apiKey).can(Permission.TRADE));
        n.put("transfers_blocked", false);
        n.put("account_blocked", false);
        n.put("created_at", "2024-01-02T15:04:05.000000Z");
        n.put("trade_suspended_by_user", false);
        n.put("multiplier", "1");
        n.put("shorting_enabled", false);
        n.put("equity", AlpacaViews.dec(equity));
        n.put("last_equity", AlpacaViews.dec(equity));
        n.put("long_market_value", AlpacaViews.dec(longValue));
        n.put("short_market_value", "0");
        n.put("position_market_value", AlpacaViews.dec(longValue));
        n.put("initial_margin", "0");
        n.put("maintenance_margin", "0");
        n.put("last_maintenance_margin", "0");
        n.put("sma", "0");
        n.put("daytrade_count", 0);
        n.put("balance_asof", ctx.clock().now().atZone(ZoneOffset.UTC).toLocalDate().toString());
        n.put("crypto_tier", 1);
        n.put("intraday_adjustments", "0");
        n.put("pending_reg_taf_fees", "0");
        return Answer.ok(n);
    }

    private Optional<Instrument> listingOf(String asset) {
        return engine.instruments().stream().filter(i -> i.pair().base().equals(asset)).findFirst();
    }

    private BigDecimal price(Instrument i) {
        BigDecimal mid = engine.book(i.symbol(), 1).mid();
        return mid != null ? mid : engine.lastTradePrice(i.symbol());
    }

    private BigDecimal marketValue(String asset, BigDecimal qty) {
        return listingOf(asset).map(this::price).map(p -> qty.multiply(p).setScale(2, RoundingMode.HALF_EVEN))
                .orElse(BigDecimal.ZERO);
    }

    private Answer positions(String apiKey, Context c) {
        ArrayNode out = array();
        List<AccountFill> fills = engine.fills(apiKey);
        for (Balance b : engine.balances(apiKey).values()) {
            if (b.asset().equals("USD") || b.total().signum() == 0) {
                continue;
            }
            Optional<Instrument> ins = listingOf(b.asset());
            if (ins.isEmpty()) {
                continue;
            }
            BigDecimal current = price(ins.get());
            BigDecimal entry = averageEntry(fills, ins.get().symbol(), current);
            BigDecimal value = b.total().multiply(current).setScale(2, RoundingMode.HALF_EVEN);
            BigDecimal cost = b.total().multiply(entry).setScale(2, RoundingMode.HALF_EVEN);
            ObjectNode n = out.addObject();
            n.put("asset_id", AlpacaViews.assetId(ins.get().symbol()));
            n.put("symbol", ins.get().symbol().replace("/", ""));
            n.put("exchange", "CRYPTO");
            n.put("asset_class", "crypto");
            n.put("asset_marginable", false);
            n.put("qty", AlpacaViews.dec(b.total()));
            n.put("avg_entry_price", AlpacaViews.dec(entry));
            n.put("side", "long");
            n.put("market_value", AlpacaViews.dec(value));
            n.put("cost_basis", AlpacaViews.dec(cost));
            n.put("unrealized_pl", AlpacaViews.dec(value.subtract(cost)));
            n.put("unrealized_plpc", cost.signum() == 0 ? "0"
                    : AlpacaViews.dec(value.subtract(cost).divide(cost, 8, RoundingMode.HALF_EVEN)));
            n.put("unrealized_intraday_pl", AlpacaViews.dec(value.subtract(cost)));
            n.put("unrealized_intraday_plpc", cost.signum() == 0 ? "0"
                    : AlpacaViews.dec(value.subtract(cost).divide(cost, 8, RoundingMode.HALF_EVEN)));
            n.put("current_price", AlpacaViews.dec(current));
            n.put("lastday_price", AlpacaViews.dec(current));
            n.put("change_today", "0");
            n.put("qty_available", AlpacaViews.dec(b.available()));
        }
        return Answer.ok(out);
    }

    /** Volume-weighted price of the account's buys of the symbol; holdings never bought here count at {@code dflt}. */
    private static BigDecimal averageEntry(List<AccountFill> fills, String symbol, BigDecimal dflt) {
        BigDecimal qty = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        for (AccountFill f : fills) {
            if (f.symbol().equals(symbol) && f.side() == Side.BUY) {
                qty = qty.add(f.quantity());
                cost = cost.add(f.notional());
            }
        }
        if (qty.signum() == 0) {
            return dflt == null ? BigDecimal.ZERO : dflt;
        }
        return cost.divide(qty, 8, RoundingMode.HALF_EVEN);
    }

    /** FILL activities (and CFEE, the crypto fee entries); other types list nothing here. */
    private Answer activities(String apiKey, Context c, String types) {
        List<String> wanted = types == null || types.isBlank() ? List.of("FILL", "CFEE") : Arrays.asList(types.split(","));
        boolean asc = "asc".equals(c.queryParam("direction"));
        int pageSize = intParam(c, "page_size", 100, 100);
        Instant after = instantParam(c, "after");
        Instant until = instantParam(c, "until");
        String pageToken = c.queryParam("page_token");
        List<AccountFill> fills = engine.fills(apiKey);
        Map<String, BigDecimal> cumulative = new HashMap<>();
        Map<String, OrderView> orders = new HashMap<>();
        List<ObjectNode> all = new ArrayList<>();
        for (AccountFill f : fills) {
            BigDecimal cum = cumulative.merge(f.venueOrderId(), f.quantity(), BigDecimal::add);
            if ((after != null && !f.time().isAfter(after)) || (until != null && !f.time().isBefore(until))) {
                continue;
            }
            OrderView o = orders.computeIfAbsent(f.venueOrderId(), id -> engine.orderByVenueId(apiKey, id).orElse(null));
            String id = ACTIVITY_ID.format(f.time()) + "::" + f.fillId();
            if (wanted.contains("FILL")) {
                ObjectNode n = json.createObjectNode();
                BigDecimal leaves = o != null && o.quantity() != null
                        && (o.isOpen() || o.state() == io.nija.sim.engine.OrderState.FILLED)
                        ? o.quantity().subtract(cum).max(BigDecimal.ZERO) : BigDecimal.ZERO;
                boolean full = o != null && o.state() == io.nija.sim.engine.OrderState.FILLED
                        && cum.compareTo(o.filledQty()) == 0;
                n.put("id", id);
                n.put("activity_type", "FILL");
                n.put("transaction_time", f.time().toString());
                n.put("type", full ? "fill" : "partial_fill");
                n.put("price", AlpacaViews.dec(f.price()));
                n.put("qty", AlpacaViews.dec(f.quantity()));
                n.put("side", f.side() == Side.BUY ? "buy" : "sell");
                n.put("symbol", f.symbol());
                n.put("leaves_qty", AlpacaViews.dec(leaves));
                n.put("order_id", f.venueOrderId());
                n.put("cum_qty", AlpacaViews.dec(cum));
                n.put("order_status", o == null ? "filled" : AlpacaViews.status(o));
                all.add(n);
            }
            if (wanted.contains("CFEE") && f.fee().signum() != 0) {
                ObjectNode n = json.createObjectNode();
                n.put("id", id + "::fee");
                n.put("activity_type", "CFEE");
                n.put("date", f.time().atZone(ZoneOffset.UTC).toLocalDate().toString());
                n.put("net_amount", AlpacaViews.dec(f.fee().negate()));
                n.put("description", "crypto trading fee");
                n.put("symbol", f.symbol().replace("/", ""));
                n.put("qty", AlpacaViews.dec(f.fee().negate()));
                n.put("price", "1");
                n.put("status", "executed");
                n.put("currency", f.feeAsset());
                n.put("created_at", f.time().toString());
                n.put("order_id", f.venueOrderId());
                all.add(n);
            }
        }
        if (!asc) {
            java.util.Collections.reverse(all);
        }
        ArrayNode out = array();
        boolean started = pageToken == null || pageToken.isEmpty();
        for (ObjectNode n : all) {
            if (!started) {
                started = n.path("id").asText().equals(pageToken);
                continue;
            }
            if (out.size() >= pageSize) {
                break;
            }
            out.add(n);
        }
        return Answer.ok(out);
    }

    // ---- market data ----------------------------------------------------------------------------------

    /**
     * {@code {"orderbooks":{"BTC/USD":{"a":[{"p":..,"s":..}],"b":[..],"t":".."}}}} with p and s as JSON numbers
     * (written exactly, never through double). Unknown symbols are left out.
     */
    private void orderbooks(Context c) {
        try {
            String apiKey = authenticate(c, false);
            Decision d = data.acquire(apiKey != null ? "key:" + apiKey : "ip:" + c.ip());
            rateHeaders(c, d);
            if (!d.allowed()) {
                throw AlpacaError.rateLimited();
            }
            if (!"us".equals(c.pathParam("loc"))) {
                throw new AlpacaError(404, 40410000, "not found");
            }
            String symbols = c.queryParam("symbols");
            if (symbols == null || symbols.isBlank()) {
                throw new AlpacaError(400, 40010001, "symbols is required");
            }
            ObjectNode root = json.createObjectNode();
            ObjectNode books = root.putObject("orderbooks");
            for (String s : symbols.split(",")) {
                Optional<Instrument> ins = listing(s);
                if (ins.isEmpty()) {
                    continue;
                }
                OrderBook book = engine.book(ins.get().symbol(), 100);
                ObjectNode b = books.putObject(s.trim());
                levels(b.putArray("a"), book.asks());
                levels(b.putArray("b"), book.bids());
                b.put("t", book.time().toString());
            }
            c.status(200).contentType("application/json")
                    .result(json.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writeValueAsString(root));
        } catch (AlpacaError e) {
            write(c, e);
        } catch (VenueException e) {
            write(c, general(e));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void levels(ArrayNode out, List<PriceLevel> levels) {
        for (PriceLevel l : levels) {
            out.addObject().put("p", l.price().stripTrailingZeros()).put("s", l.quantity().stripTrailingZeros());
        }
    }
}
