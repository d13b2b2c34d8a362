package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
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
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderState;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.Permission;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coinbase Advanced Trade (https://api.coinbase.com/api/v3/brokerage) on top of the simulator's matching engine.
 *
 * <ul>
 *   <li>Public (no key): {@code /api/v3/brokerage/market/products}, {@code /market/products/{id}},
 *       {@code /market/product_book}, {@code /time}; and the v2 {@code /v2/currencies}, {@code /v2/currencies/crypto},
 *       {@code /v2/exchange-rates}, {@code /v2/time} that clients read currencies from.</li>
 *   <li>Private (JWT, {@link CoinbaseAuth}): {@code /products}, {@code /products/{id}}, {@code /product_book},
 *       {@code /best_bid_ask}, {@code /accounts}, {@code /accounts/{uuid}}, {@code POST /orders}
 *       (market_market_ioc by base_size or quote_size, limit_limit_gtc with post_only, sor_limit_ioc),
 *       {@code POST /orders/batch_cancel}, {@code /orders/historical/{order_id}}, {@code /orders/historical/batch},
 *       {@code /orders/historical/fills}, {@code /transaction_summary}.</li>
 *   <li>client_order_id is idempotent, as Coinbase documents: a repeated id creates nothing and returns the order
 *       first created with it, open or closed.</li>
 *   <li>Refused orders: HTTP 200, {@code success:false} with an {@code error_response} in Coinbase's codes
 *       (INSUFFICIENT_FUND, INVALID_PRODUCT_ID, PREVIEW_INVALID_BASE_SIZE_TOO_SMALL, ...). Other errors: HTTP 4xx with
 *       {@code {error, error_details, message}}; a missing or invalid JWT: 401 "Unauthorized".</li>
 *   <li>Limits: 30 requests a second per key on private endpoints, 10 a second per IP on public ones; over them,
 *       429 with {@code x-ratelimit-*} headers (also sent on every private answer).</li>
 * </ul>
 */
public final class CoinbaseDialect implements Dialect {
    public static final String VENUE = "coinbase";
    static final String BROKERAGE = "/api/v3/brokerage";
    static final int PRIVATE_PER_SECOND = 30;
    static final int PUBLIC_PER_SECOND = 10;
    private static final DateTimeFormatter RFC3339_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Set<String> CONFIGURATIONS = Set.of("market_market_ioc", "market_market_fok", "sor_limit_ioc",
            "limit_limit_gtc", "limit_limit_gtd", "limit_limit_fok", "twap_limit_gtd", "stop_limit_stop_limit_gtc",
            "stop_limit_stop_limit_gtd", "trigger_bracket_gtc", "trigger_bracket_gtd");
    private static final String NOT_FOUND_ORDER = "order with this orderID was not found";
    private static final Map<String, String> NAMES = Map.of("BTC", "Bitcoin", "ETH", "Ethereum", "SOL", "Solana",
            "XRP", "XRP", "DOGE", "Dogecoin", "ADA", "Cardano", "USD", "US Dollar", "USDC", "USDC", "USDT", "Tether");

    private DialectContext dc;
    private MatchingEngine engine;
    private ObjectMapper json;
    private CoinbaseAuth auth;
    private WindowLimiter privateLimiter;
    private WindowLimiter publicLimiter;
    /** Creates of one key run one at a time, so a repeated client_order_id can never create a second order. */
    private final Map<String, Object> createLocks = new ConcurrentHashMap<>();
    /** Orders sent post_only (the engine has no such flag; kept here so the order shows it, until a restart). */
    private final Set<String> postOnly = ConcurrentHashMap.newKeySet();

    @Override
    public String venue() {
        return VENUE;
    }

    @Override
    public void streams(RoutesConfig r, DialectContext context, io.nija.sim.http.StreamHub hub) {
        new CoinbaseStreams(context, new CoinbaseAuth(context.engine(), context.clock(), context.json())).register(r, hub);
    }

    @Override
    public void routes(RoutesConfig r, DialectContext context) {
        this.dc = context;
        this.engine = context.engine();
        this.json = context.json();
        this.auth = new CoinbaseAuth(engine, context.clock(), json);
        this.privateLimiter = new WindowLimiter(PRIVATE_PER_SECOND, Duration.ofSeconds(1), WindowLimiter.Mode.FIXED, context.clock());
        this.publicLimiter = new WindowLimiter(PUBLIC_PER_SECOND, Duration.ofSeconds(1), WindowLimiter.Mode.FIXED, context.clock());

        r.get(BROKERAGE + "/market/products", pub(c -> ok(c, products(c))));
        r.get(BROKERAGE + "/market/products/{product_id}", pub(c -> ok(c, product(c.pathParam("product_id")))));
        r.get(BROKERAGE + "/market/product_book", pub(c -> ok(c, productBook(c))));
        r.get(BROKERAGE + "/time", pub(c -> ok(c, time())));
        r.get("/v2/currencies", pub(c -> ok(c, fiatCurrencies())));
        r.get("/v2/currencies/crypto", pub(c -> ok(c, cryptoCurrencies())));
        r.get("/v2/exchange-rates", pub(c -> ok(c, exchangeRates())));
        r.get("/v2/time", pub(c -> ok(c, v2Time())));

        r.get(BROKERAGE + "/products", priv((c, key) -> ok(c, products(c))));
        r.get(BROKERAGE + "/products/{product_id}", priv((c, key) -> ok(c, product(c.pathParam("product_id")))));
        r.get(BROKERAGE + "/product_book", priv((c, key) -> ok(c, productBook(c))));
        r.get(BROKERAGE + "/best_bid_ask", priv((c, key) -> ok(c, bestBidAsk(c))));
        r.get(BROKERAGE + "/accounts", priv((c, key) -> ok(c, accounts(c, key))));
        r.get(BROKERAGE + "/accounts/{account_uuid}", priv((c, key) -> ok(c, account(key, c.pathParam("account_uuid")))));
        r.get(BROKERAGE + "/transaction_summary", priv((c, key) -> ok(c, transactionSummary(key))));
        r.get(BROKERAGE + "/key_permissions", priv((c, key) -> ok(c, keyPermissions(key))));
        r.post(BROKERAGE + "/orders", priv(this::createOrder));
        r.post(BROKERAGE + "/orders/batch_cancel", priv(this::batchCancel));
        r.get(BROKERAGE + "/orders/historical/batch", priv((c, key) -> ok(c, listOrders(c, key))));
        r.get(BROKERAGE + "/orders/historical/fills", priv((c, key) -> ok(c, listFills(c, key))));
        r.get(BROKERAGE + "/orders/historical/{order_id}", priv((c, key) -> ok(c, getOrder(key, c.pathParam("order_id")))));
    }

    @Override
    public void writeError(Context ctx, VenueErrorKind kind, String message) {
        String m = message == null || message.isBlank() ? kind.wire() : message;
        switch (kind) {
            case RATE_LIMITED -> error(ctx, 429, "rate_limit_exceeded", "Too many requests");
            case AUTH_FAILED -> unauthorized(ctx);
            // A valid key without the scope the call needs: 401, as Coinbase answers a read-only key's order.
            case PERMISSION_DENIED -> error(ctx, 401, "PERMISSION_DENIED", "Missing required scopes");
            case VENUE_UNAVAILABLE -> error(ctx, 503, "UNAVAILABLE", m);
            case UNKNOWN -> error(ctx, 500, "INTERNAL", m);
            case ORDER_NOT_FOUND -> error(ctx, 404, "NOT_FOUND", NOT_FOUND_ORDER);
            case INVALID_SYMBOL -> error(ctx, 400, "INVALID_ARGUMENT", "valid product_id is required");
            case INSUFFICIENT_FUNDS -> error(ctx, 400, "INSUFFICIENT_FUND", "Insufficient balance in source account");
            default -> error(ctx, 400, "INVALID_ARGUMENT", m);
        }
    }

    /** Maintenance: 503 Service Unavailable; a server error: 500; a storm: 429, as Coinbase answers them. */
    @Override
    public void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        switch (outcome) {
            case MAINTENANCE -> error(ctx, 503, "UNAVAILABLE", "Coinbase is down for scheduled maintenance");
            case RATE_LIMITED -> {
                ctx.header("x-ratelimit-limit", String.valueOf(PRIVATE_PER_SECOND));
                ctx.header("x-ratelimit-remaining", "0");
                ctx.header("x-ratelimit-reset", String.valueOf(dc.clock().now().getEpochSecond() + 1));
                error(ctx, 429, "rate_limit_exceeded", "Too many requests");
            }
            default -> error(ctx, 500, "INTERNAL", "Internal server error");
        }
    }

    // ---- access ---------------------------------------------------------------------------------------

    /** A failure with its own status and body (thrown from handlers, written by the wrappers). */
    private static final class CoinbaseError extends RuntimeException {
        final int status;
        final String code;

        CoinbaseError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private interface PrivateHandler {
        void handle(Context c, String apiKey) throws Exception;
    }

    private Handler pub(Handler h) {
        return c -> {
            WindowLimiter.Decision d = publicLimiter.acquire(c.ip());
            if (!d.allowed()) {
                rateHeaders(c, d);
                error(c, 429, "rate_limit_exceeded", "Too many requests");
                return;
            }
            run(c, () -> h.handle(c));
        };
    }

    private Handler priv(PrivateHandler h) {
        return c -> {
            CoinbaseAuth.Result who = auth.authenticate(c.header("Authorization"), c.method().name(), c.host(), c.path());
            if (!who.ok()) {
                unauthorized(c);
                return;
            }
            WindowLimiter.Decision d = privateLimiter.acquire(who.apiKey());
            rateHeaders(c, d);
            if (!d.allowed()) {
                error(c, 429, "rate_limit_exceeded", "Too many requests");
                return;
            }
            run(c, () -> h.handle(c, who.apiKey()));
        };
    }

    private interface Body {
        void run() throws Exception;
    }

    private void run(Context c, Body body) throws Exception {
        try {
            body.run();
        } catch (CoinbaseError e) {
            error(c, e.status, e.code, e.getMessage());
        } catch (VenueException e) {
            writeError(c, e.kind(), e.getMessage());
        }
    }

    private static void rateHeaders(Context c, WindowLimiter.Decision d) {
        c.header("x-ratelimit-limit", String.valueOf(d.limit()));
        c.header("x-ratelimit-remaining", String.valueOf(d.remaining()));
        c.header("x-ratelimit-reset", String.valueOf((d.resetAtMillis() + 999) / 1000));
    }

    // ---- products and books ---------------------------------------------------------------------------

    private ObjectNode products(Context c) {
        ObjectNode r = json.createObjectNode();
        ArrayNode list = r.putArray("products");
        String type = c.queryParam("product_type");
        List<String> ids = c.queryParams("product_ids");
        if (type == null || type.isBlank() || "SPOT".equalsIgnoreCase(type)) {
            for (Instrument ins : engine.instruments()) {
                if (ids.isEmpty() || ids.contains(ins.symbol())) {
                    list.add(productJson(ins));
                }
            }
        }
        int offset = intParam(c.queryParam("offset"), 0);
        int limit = intParam(c.queryParam("limit"), 0);
        if (offset > 0 || limit > 0) {
            ArrayNode page = json.createArrayNode();
            for (int i = offset; i < list.size() && (limit == 0 || page.size() < limit); i++) {
                page.add(list.get(i));
            }
            r.set("products", page);
        }
        r.put("num_products", r.path("products").size());
        return r;
    }

    private ObjectNode product(String productId) {
        Instrument ins = engine.instrument(productId).orElseThrow(() ->
                new CoinbaseError(404, "NOT_FOUND", "product_id " + productId + " not found"));
        return productJson(ins);
    }

    private ObjectNode productJson(Instrument ins) {
        String base = ins.pair().base();
        String quote = engine.quoteAsset(ins.symbol());
        OrderBook top = engine.book(ins.symbol(), 1);
        BigDecimal last = engine.lastTradePrice(ins.symbol());
        BigDecimal mid = top.mid();
        BigDecimal price = last != null ? last : mid;
        ObjectNode p = json.createObjectNode();
        p.put("product_id", ins.symbol());
        p.put("price", price == null ? "" : plain(price.setScale(ins.priceScale(), RoundingMode.HALF_EVEN)));
        p.put("price_percentage_change_24h", "0");
        p.put("volume_24h", "0");
        p.put("volume_percentage_change_24h", "0");
        p.put("base_increment", plain(ins.lotSize()));
        p.put("quote_increment", plain(ins.tickSize()));
        p.put("quote_min_size", plain(ins.minNotional()));
        p.put("quote_max_size", "150000000");
        p.put("base_min_size", plain(ins.minQty()));
        p.put("base_max_size", "3400000000");
        p.put("base_name", NAMES.getOrDefault(base, base));
        p.put("quote_name", NAMES.getOrDefault(quote, quote));
        p.put("watched", false);
        p.put("is_disabled", false);
        p.put("new", false);
        p.put("status", "online");
        p.put("cancel_only", false);
        p.put("limit_only", false);
        p.put("post_only", false);
        p.put("trading_disabled", false);
        p.put("auction_mode", false);
        p.put("product_type", "SPOT");
        p.put("quote_currency_id", quote);
        p.put("base_currency_id", base);
        p.putNull("fcm_trading_session_details");
        p.put("mid_market_price", mid == null ? "" : plain(mid));
        p.put("alias", "");
        p.putArray("alias_to");
        p.put("base_display_symbol", base);
        p.put("quote_display_symbol", quote);
        p.put("view_only", false);
        p.put("price_increment", plain(ins.tickSize()));
        p.put("display_name", base + "-" + quote);
        p.put("product_venue", "CBE");
        return p;
    }

    private ObjectNode productBook(Context c) {
        String productId = c.queryParam("product_id");
        Instrument ins = instrumentOrInvalid(productId);
        int limit = intParam(c.queryParam("limit"), 0);
        OrderBook book = engine.book(ins.symbol(), limit > 0 ? limit : 1000);
        ObjectNode r = json.createObjectNode();
        r.set("pricebook", pricebook(ins, book));
        BigDecimal last = engine.lastTradePrice(ins.symbol());
        BigDecimal mid = book.mid();
        r.put("last", last == null ? (mid == null ? "" : plain(mid)) : plain(last));
        r.put("mid_market", mid == null ? "" : plain(mid));
        if (book.bestBid() != null && book.bestAsk() != null) {
            BigDecimal spread = book.bestAsk().subtract(book.bestBid());
            r.put("spread_bps", plain(Decimals.divide(spread.multiply(BigDecimal.valueOf(10_000)), mid)
                    .setScale(12, RoundingMode.HALF_EVEN)));
            r.put("spread_absolute", plain(spread));
        }
        return r;
    }

    private ObjectNode bestBidAsk(Context c) {
        List<String> ids = c.queryParams("product_ids");
        ObjectNode r = json.createObjectNode();
        ArrayNode books = r.putArray("pricebooks");
        for (Instrument ins : engine.instruments()) {
            if (ids.isEmpty() || ids.contains(ins.symbol())) {
                books.add(pricebook(ins, engine.book(ins.symbol(), 1)));
            }
        }
        for (String id : ids) {
            if (engine.instrument(id).isEmpty()) {
                throw new CoinbaseError(400, "INVALID_ARGUMENT", "valid product_id is required");
            }
        }
        return r;
    }

    private ObjectNode pricebook(Instrument ins, OrderBook book) {
        ObjectNode b = json.createObjectNode();
        b.put("product_id", ins.symbol());
        levels(b.putArray("bids"), book.bids());
        levels(b.putArray("asks"), book.asks());
        b.put("time", RFC3339_MICROS.format(book.time()));
        return b;
    }

    private static void levels(ArrayNode out, List<PriceLevel> levels) {
        for (PriceLevel l : levels) {
            ObjectNode o = out.addObject();
            o.put("price", plain(l.price()));
            o.put("size", plain(l.quantity()));
        }
    }

    private Instrument instrumentOrInvalid(String productId) {
        if (productId == null || productId.isBlank()) {
            throw new CoinbaseError(400, "INVALID_ARGUMENT", "valid product_id is required");
        }
        return engine.instrument(productId).orElseThrow(() ->
                new CoinbaseError(400, "INVALID_ARGUMENT", "valid product_id is required"));
    }

    private ObjectNode time() {
        Instant now = dc.clock().now();
        ObjectNode r = json.createObjectNode();
        r.put("iso", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MILLIS)));
        r.put("epochSeconds", String.valueOf(now.getEpochSecond()));
        r.put("epochMillis", String.valueOf(now.toEpochMilli()));
        return r;
    }

    // ---- v2 public (currencies, rates, time) ----------------------------------------------------------

    private Set<String> assets(boolean quotes) {
        Set<String> out = new LinkedHashSet<>();
        for (Instrument ins : engine.instruments()) {
            out.add(quotes ? engine.quoteAsset(ins.symbol()) : ins.pair().base());
        }
        return out;
    }

    private ObjectNode fiatCurrencies() {
        ObjectNode r = json.createObjectNode();
        ArrayNode data = r.putArray("data");
        for (String q : assets(true)) {
            data.addObject().put("id", q).put("name", NAMES.getOrDefault(q, q)).put("min_size", "0.01");
        }
        return r;
    }

    private ObjectNode cryptoCurrencies() {
        ObjectNode r = json.createObjectNode();
        ArrayNode data = r.putArray("data");
        int sort = 100;
        for (String b : assets(false)) {
            ObjectNode c = data.addObject();
            c.put("asset_id", UUID.nameUUIDFromBytes(("coinbase-asset:" + b).getBytes(StandardCharsets.UTF_8)).toString());
            c.put("code", b);
            c.put("name", NAMES.getOrDefault(b, b));
            c.put("color", "#0052FF");
            c.put("sort_index", sort++);
            c.put("exponent", 8);
            c.put("type", "crypto");
            c.put("address_regex", "");
        }
        return r;
    }

    private ObjectNode exchangeRates() {
        ObjectNode r = json.createObjectNode();
        ObjectNode data = r.putObject("data");
        data.put("currency", "USD");
        ObjectNode rates = data.putObject("rates");
        rates.put("USD", "1");
        for (Instrument ins : engine.instruments()) {
            BigDecimal mid = engine.book(ins.symbol(), 1).mid();
            if (mid != null && mid.signum() > 0) {
                rates.put(ins.pair().base(), plain(Decimals.divide(BigDecimal.ONE, mid).round(new java.math.MathContext(12))));
            }
        }
        return r;
    }

    private ObjectNode v2Time() {
        Instant now = dc.clock().now();
        ObjectNode r = json.createObjectNode();
        r.putObject("data").put("iso", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)))
                .put("epoch", now.getEpochSecond());
        return r;
    }

    // ---- accounts and fees ----------------------------------------------------------------------------

    private ObjectNode accounts(Context c, String apiKey) {
        List<ObjectNode> all = new ArrayList<>();
        for (Balance b : engine.balances(apiKey).values()) {
            all.add(accountJson(apiKey, b));
        }
        int limit = Math.min(intParam(c.queryParam("limit"), 49), 250);
        int offset = cursor(c.queryParam("cursor"));
        ObjectNode r = json.createObjectNode();
        ArrayNode page = r.putArray("accounts");
        int end = Math.min(all.size(), offset + Math.max(limit, 1));
        for (int i = Math.min(offset, all.size()); i < end; i++) {
            page.add(all.get(i));
        }
        r.put("has_next", end < all.size());
        r.put("cursor", end < all.size() ? String.valueOf(end) : "");
        r.put("size", page.size());
        return r;
    }

    private ObjectNode account(String apiKey, String uuid) {
        for (Balance b : engine.balances(apiKey).values()) {
            if (accountUuid(apiKey, b.asset()).equals(uuid)) {
                ObjectNode r = json.createObjectNode();
                r.set("account", accountJson(apiKey, b));
                return r;
            }
        }
        throw new CoinbaseError(404, "NOT_FOUND", "account not found");
    }

    private ObjectNode accountJson(String apiKey, Balance b) {
        boolean fiat = Set.of("USD", "EUR", "GBP").contains(b.asset());
        ObjectNode a = json.createObjectNode();
        a.put("uuid", accountUuid(apiKey, b.asset()));
        a.put("name", b.asset() + " Wallet");
        a.put("currency", b.asset());
        a.putObject("available_balance").put("value", plain(b.available())).put("currency", b.asset());
        a.put("default", true);
        a.put("active", true);
        a.put("created_at", "2024-01-01T00:00:00.000Z");
        a.put("updated_at", "2024-01-01T00:00:00.000Z");
        a.putNull("deleted_at");
        a.put("type", fiat ? "ACCOUNT_TYPE_FIAT" : "ACCOUNT_TYPE_CRYPTO");
        a.put("ready", true);
        a.putObject("hold").put("value", plain(b.locked())).put("currency", b.asset());
        a.put("retail_portfolio_id", portfolioId(apiKey));
        return a;
    }

    /** The key's scopes (any key may ask), as Coinbase's key_permissions answers. */
    private ObjectNode keyPermissions(String apiKey) {
        AccountOptions options = engine.accountOptions(apiKey);
        return json.createObjectNode().put("can_view", options.can(Permission.READ))
                .put("can_trade", options.can(Permission.TRADE)).put("can_transfer", options.can(Permission.WITHDRAW))
                .put("portfolio_uuid", UUID.nameUUIDFromBytes(("coinbase-portfolio:" + apiKey)
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .put("portfolio_type", "DEFAULT");
    }

    private ObjectNode transactionSummary(String apiKey) {
        FeeSchedule fees = engine.fees(apiKey);
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        for (AccountFill f : engine.fills(apiKey)) {
            volume = volume.add(f.notional());
            paid = paid.add(f.fee());
        }
        ObjectNode r = json.createObjectNode();
        r.put("total_volume", number(volume));
        r.put("total_fees", number(paid));
        ObjectNode tier = r.putObject("fee_tier");
        tier.put("pricing_tier", "Advanced 1");
        tier.put("usd_from", "0");
        tier.put("usd_to", "10000");
        tier.put("taker_fee_rate", plain(fees.taker()));
        tier.put("maker_fee_rate", plain(fees.maker()));
        tier.put("aop_from", "");
        tier.put("aop_to", "");
        r.putNull("margin_rate");
        r.putNull("goods_and_services_tax");
        r.put("advanced_trade_only_volume", number(volume));
        r.put("advanced_trade_only_fees", number(paid));
        r.put("coinbase_pro_volume", 0);
        r.put("coinbase_pro_fees", 0);
        r.put("total_balance", "");
        r.put("has_promo_fee", false);
        return r;
    }

    // ---- orders ---------------------------------------------------------------------------------------

    private void createOrder(Context c, String apiKey) {
        JsonNode body = JsonBody.parse(json, c.body()).orElseThrow(() ->
                new CoinbaseError(400, "INVALID_ARGUMENT", "request body is not valid JSON"));
        String clientOrderId = JsonBody.text(body, "client_order_id");
        if (clientOrderId == null) {
            throw new CoinbaseError(400, "INVALID_ARGUMENT", "client_order_id is required");
        }
        JsonNode config = body.path("order_configuration");
        synchronized (createLocks.computeIfAbsent(apiKey, k -> new Object())) {
            // Idempotent: the order first created with this id (open or closed) is the answer, whatever this request
            // says. The engine's own view (never lagged), after the key's trade permission.
            if (!engine.accountOptions(apiKey).can(Permission.TRADE)) {
                throw new VenueException(VenueErrorKind.PERMISSION_DENIED, "Missing required scopes");
            }
            Optional<OrderView> existing = engine.engineOrderByClientId(apiKey, clientOrderId);
            if (existing.isPresent()) {
                ok(c, created(existing.get()));
                return;
            }
            String productId = JsonBody.text(body, "product_id");
            Optional<Instrument> maybe = productId == null ? Optional.empty() : engine.instrument(productId);
            if (maybe.isEmpty()) {
                refuse(c, config, "INVALID_PRODUCT_ID", "PREVIEW_INVALID_PRODUCT_ID", "Invalid product_id");
                return;
            }
            Instrument ins = maybe.get();
            String sideText = JsonBody.text(body, "side");
            if (!"BUY".equals(sideText) && !"SELL".equals(sideText)) {
                refuse(c, config, "INVALID_SIDE", null, "Invalid side");
                return;
            }
            Side side = "BUY".equals(sideText) ? Side.BUY : Side.SELL;
            List<String> variants = new ArrayList<>();
            config.fieldNames().forEachRemaining(variants::add);
            if (variants.size() != 1 || !CONFIGURATIONS.contains(variants.get(0))) {
                throw new CoinbaseError(400, "INVALID_ARGUMENT", "exactly one valid order_configuration is required");
            }
            String variant = variants.get(0);
            JsonNode v = config.path(variant);
            NewOrder order;
            try {
                order = switch (variant) {
                    case "market_market_ioc" -> marketOrder(c, config, ins, clientOrderId, side, v);
                    case "limit_limit_gtc" -> limitOrder(c, config, ins, clientOrderId, side, v, false);
                    case "sor_limit_ioc" -> limitOrder(c, config, ins, clientOrderId, side, v, true);
                    case CoinbaseStops.VARIANT -> CoinbaseStops.order(v, ins, clientOrderId, side,
                            m -> new CoinbaseError(400, "INVALID_ARGUMENT", m));
                    default -> {
                        refuse(c, config, "UNSUPPORTED_ORDER_CONFIGURATION", null,
                                variant + " is not supported by this simulator");
                        yield null;
                    }
                };
            } catch (NumberFormatException e) {
                throw new CoinbaseError(400, "INVALID_ARGUMENT", "sizes and prices are decimal strings");
            }
            if (order == null) {
                return; // already refused
            }
            OrderView placed;
            try {
                placed = engine.place(apiKey, order);
            } catch (VenueException e) {
                switch (e.kind()) {
                    case INSUFFICIENT_FUNDS -> refuse(c, config, "INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND",
                            "Insufficient balance in source account");
                    case BELOW_MIN_NOTIONAL -> refuse(c, config, "UNKNOWN_FAILURE_REASON",
                            "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL", "Quote size is too small");
                    case INVALID_PRICE_OR_QTY -> refuse(c, config, "INVALID_SIZE_PRECISION", null, e.getMessage());
                    case INVALID_SYMBOL -> refuse(c, config, "INVALID_PRODUCT_ID", "PREVIEW_INVALID_PRODUCT_ID",
                            "Invalid product_id");
                    case DUPLICATE_ORDER -> ok(c, created(engine.engineOrderByClientId(apiKey, clientOrderId)
                            .orElseThrow()));
                    default -> throw e;
                }
                return;
            }
            if ("limit_limit_gtc".equals(variant) && v.path("post_only").asBoolean(false)) {
                postOnly.add(placed.venueOrderId());
            }
            if (dc.answerLost(c)) {
                return;
            }
            ok(c, created(placed));
        }
    }

    private NewOrder marketOrder(Context c, JsonNode config, Instrument ins, String cid, Side side, JsonNode v) {
        BigDecimal base = JsonBody.decimal(JsonBody.text(v, "base_size"));
        BigDecimal quote = JsonBody.decimal(JsonBody.text(v, "quote_size"));
        if ((base == null) == (quote == null)) {
            throw new CoinbaseError(400, "INVALID_ARGUMENT", "market_market_ioc needs exactly one of base_size or quote_size");
        }
        if (quote != null) {
            if (quote.signum() <= 0 || !Decimals.isMultipleOf(quote, quoteStep(ins))) {
                refuse(c, config, "INVALID_SIZE_PRECISION", "PREVIEW_INVALID_QUOTE_SIZE_PRECISION", "Invalid quote size");
                return null;
            }
            if (quote.compareTo(ins.minNotional()) < 0) {
                refuse(c, config, "UNKNOWN_FAILURE_REASON", "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL", "Quote size is too small");
                return null;
            }
            return NewOrder.marketForQuote(ins.symbol(), cid, side, quote);
        }
        if (side == Side.BUY) {
            // Advanced Trade sizes a market buy by what it spends: quote_size. base_size is for market sells.
            refuse(c, config, "UNSUPPORTED_ORDER_CONFIGURATION", "PREVIEW_INVALID_ORDER_CONFIG",
                    "market_market_ioc BUY orders must be sized with quote_size");
            return null;
        }
        if (!checkBase(c, config, ins, base)) {
            return null;
        }
        OrderBook top = engine.book(ins.symbol(), 1);
        BigDecimal touch = side == Side.BUY ? top.bestAsk() : top.bestBid();
        if (touch != null && base.multiply(touch).compareTo(ins.minNotional()) < 0) {
            refuse(c, config, "UNKNOWN_FAILURE_REASON", "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL", "Quote size is too small");
            return null;
        }
        return NewOrder.market(ins.symbol(), cid, side, base);
    }

    private NewOrder limitOrder(Context c, JsonNode config, Instrument ins, String cid, Side side, JsonNode v, boolean ioc) {
        BigDecimal base = JsonBody.decimal(JsonBody.text(v, "base_size"));
        BigDecimal price = JsonBody.decimal(JsonBody.text(v, "limit_price"));
        if (base == null || price == null) {
            throw new CoinbaseError(400, "INVALID_ARGUMENT", "base_size and limit_price are required");
        }
        if (!checkBase(c, config, ins, base)) {
            return null;
        }
        if (price.signum() <= 0) {
            refuse(c, config, "INVALID_LIMIT_PRICE", "PREVIEW_INVALID_LIMIT_PRICE", "Invalid limit price");
            return null;
        }
        if (!Decimals.isMultipleOf(price, ins.tickSize())) {
            refuse(c, config, "INVALID_PRICE_PRECISION", "PREVIEW_INVALID_LIMIT_PRICE_PRECISION", "Invalid price precision");
            return null;
        }
        if (base.multiply(price).compareTo(ins.minNotional()) < 0) {
            refuse(c, config, "UNKNOWN_FAILURE_REASON", "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL", "Quote size is too small");
            return null;
        }
        if (!ioc && v.path("post_only").asBoolean(false)) {
            OrderBook top = engine.book(ins.symbol(), 1);
            BigDecimal opposite = side == Side.BUY ? top.bestAsk() : top.bestBid();
            if (opposite != null && (side == Side.BUY ? price.compareTo(opposite) >= 0 : price.compareTo(opposite) <= 0)) {
                refuse(c, config, "INVALID_LIMIT_PRICE_POST_ONLY", "PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY",
                        "Post-only order would cross the book");
                return null;
            }
        }
        return ioc ? NewOrder.ioc(ins.symbol(), cid, side, base, price) : NewOrder.limit(ins.symbol(), cid, side, base, price);
    }

    private boolean checkBase(Context c, JsonNode config, Instrument ins, BigDecimal base) {
        if (base.signum() <= 0 || !Decimals.isMultipleOf(base, ins.lotSize())) {
            refuse(c, config, "INVALID_SIZE_PRECISION", "PREVIEW_INVALID_BASE_SIZE_PRECISION", "Invalid base size precision");
            return false;
        }
        if (base.compareTo(ins.minQty()) < 0) {
            refuse(c, config, "UNKNOWN_FAILURE_REASON", "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL", "Base size is too small");
            return false;
        }
        return true;
    }

    /** Quote sizes are in cents (the quote currency's smallest unit) on the USD books. */
    private static BigDecimal quoteStep(Instrument ins) {
        return new BigDecimal("0.01").min(ins.tickSize());
    }

    /** HTTP 200, success:false: nothing was created. */
    private void refuse(Context c, JsonNode config, String error, String previewReason, String message) {
        ObjectNode r = json.createObjectNode();
        r.put("success", false);
        r.put("failure_reason", "UNKNOWN_FAILURE_REASON");
        r.put("order_id", "");
        ObjectNode er = r.putObject("error_response");
        er.put("error", error);
        er.put("message", message);
        er.put("error_details", message);
        if (previewReason != null) {
            er.put("preview_failure_reason", previewReason);
        }
        if (!"UNKNOWN_FAILURE_REASON".equals(error)) {
            er.put("new_order_failure_reason", error);
        }
        r.set("order_configuration", config.isObject() ? config : json.createObjectNode());
        ok(c, r);
    }

    private ObjectNode created(OrderView o) {
        ObjectNode r = json.createObjectNode();
        r.put("success", true);
        r.put("failure_reason", "UNKNOWN_FAILURE_REASON");
        r.put("order_id", o.venueOrderId());
        ObjectNode s = r.putObject("success_response");
        s.put("order_id", o.venueOrderId());
        s.put("product_id", o.symbol());
        s.put("side", o.side().name());
        s.put("client_order_id", o.clientOrderId());
        r.set("order_configuration", configuration(o));
        return r;
    }

    private void batchCancel(Context c, String apiKey) {
        JsonNode body = JsonBody.parse(json, c.body()).orElseThrow(() ->
                new CoinbaseError(400, "INVALID_ARGUMENT", "request body is not valid JSON"));
        JsonNode ids = body.path("order_ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            throw new CoinbaseError(400, "INVALID_ARGUMENT", "order_ids must hold 1 to 100 order ids");
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
        if (dc.answerLost(c)) {
            return;
        }
        ok(c, r);
    }

    private ObjectNode getOrder(String apiKey, String orderId) {
        OrderView o = engine.orderByVenueId(apiKey, orderId).orElseThrow(() ->
                new CoinbaseError(404, "NOT_FOUND", NOT_FOUND_ORDER));
        ObjectNode r = json.createObjectNode();
        r.set("order", orderJson(o, apiKey));
        return r;
    }

    private ObjectNode listOrders(Context c, String apiKey) {
        Set<String> orderIds = new LinkedHashSet<>(c.queryParams("order_ids"));
        Set<String> products = new LinkedHashSet<>(c.queryParams("product_ids"));
        if (c.queryParam("product_id") != null) {
            products.add(c.queryParam("product_id"));
        }
        Set<String> statuses = new LinkedHashSet<>();
        c.queryParams("order_status").forEach(s -> statuses.add(s.toUpperCase(Locale.ROOT)));
        String sideFilter = c.queryParam("order_side");
        Instant start = instantParam(c.queryParam("start_date"));
        Instant end = instantParam(c.queryParam("end_date"));
        List<OrderView> matching = new ArrayList<>();
        for (OrderView o : engine.orders(apiKey)) {
            if ((!orderIds.isEmpty() && !orderIds.contains(o.venueOrderId()))
                    || (!products.isEmpty() && !products.contains(o.symbol()))
                    || (!statuses.isEmpty() && !statuses.contains(status(o)))
                    || (sideFilter != null && !sideFilter.equalsIgnoreCase(o.side().name()))
                    || (start != null && o.createdAt().isBefore(start))
                    || (end != null && o.createdAt().isAfter(end))) {
                continue;
            }
            matching.add(o);
        }
        matching.sort(Comparator.comparing(OrderView::createdAt).reversed());
        int limit = Math.max(1, Math.min(intParam(c.queryParam("limit"), 100), 1000));
        int offset = cursor(c.queryParam("cursor"));
        ObjectNode r = json.createObjectNode();
        ArrayNode page = r.putArray("orders");
        int endIndex = Math.min(matching.size(), offset + limit);
        for (int i = Math.min(offset, matching.size()); i < endIndex; i++) {
            page.add(orderJson(matching.get(i), apiKey));
        }
        r.put("sequence", "0");
        r.put("has_next", endIndex < matching.size());
        r.put("cursor", endIndex < matching.size() ? String.valueOf(endIndex) : "");
        return r;
    }

    private ObjectNode listFills(Context c, String apiKey) {
        Set<String> orderIds = new LinkedHashSet<>(c.queryParams("order_ids"));
        if (c.queryParam("order_id") != null) {
            orderIds.add(c.queryParam("order_id"));
        }
        Set<String> products = new LinkedHashSet<>(c.queryParams("product_ids"));
        if (c.queryParam("product_id") != null) {
            products.add(c.queryParam("product_id"));
        }
        Set<String> tradeIds = new LinkedHashSet<>(c.queryParams("trade_ids"));
        Instant start = instantParam(c.queryParam("start_sequence_timestamp"));
        Instant end = instantParam(c.queryParam("end_sequence_timestamp"));
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
        int limit = Math.max(1, Math.min(intParam(c.queryParam("limit"), 100), 1000));
        int offset = cursor(c.queryParam("cursor"));
        ObjectNode r = json.createObjectNode();
        ArrayNode page = r.putArray("fills");
        int endIndex = Math.min(newestFirst.size(), offset + limit);
        for (int i = Math.min(offset, newestFirst.size()); i < endIndex; i++) {
            page.add(fillJson(newestFirst.get(i), apiKey));
        }
        r.put("cursor", endIndex < newestFirst.size() ? String.valueOf(endIndex) : "");
        return r;
    }

    private ObjectNode fillJson(AccountFill f, String apiKey) {
        ObjectNode o = json.createObjectNode();
        o.put("entry_id", f.fillId());
        o.put("trade_id", f.tradeId());
        o.put("order_id", f.venueOrderId());
        o.put("trade_time", RFC3339_MICROS.format(f.time()));
        o.put("trade_type", "FILL");
        o.put("price", plain(f.price()));
        o.put("size", plain(f.quantity()));
        o.put("commission", plain(f.fee()));
        o.put("product_id", f.symbol());
        o.put("sequence_timestamp", RFC3339_MICROS.format(f.time()));
        o.put("liquidity_indicator", f.liquidity() == Liquidity.MAKER ? "MAKER" : "TAKER");
        o.put("size_in_quote", false);
        o.put("user_id", userId(apiKey));
        o.put("side", f.side().name());
        o.put("retail_portfolio_id", portfolioId(apiKey));
        return o;
    }

    // ---- order JSON -----------------------------------------------------------------------------------

    /** Coinbase's order status for an engine state. */
    static String status(OrderView o) {
        return switch (o.state()) {
            case OPEN, PARTIALLY_FILLED -> "OPEN";
            case FILLED -> "FILLED";
            case CANCELLED -> "CANCELLED";
            case EXPIRED -> "EXPIRED";
        };
    }

    private ObjectNode configuration(OrderView o) {
        if (o.trigger() != null) {
            return CoinbaseStops.configuration(json, o);
        }
        ObjectNode cfg = json.createObjectNode();
        switch (o.type()) {
            case MARKET -> {
                ObjectNode m = cfg.putObject("market_market_ioc");
                if (o.quantity() != null) {
                    m.put("base_size", plain(o.quantity()));
                } else {
                    m.put("quote_size", plain(o.quoteQuantity()));
                }
            }
            case IOC -> cfg.putObject("sor_limit_ioc").put("base_size", plain(o.quantity()))
                    .put("limit_price", plain(o.limitPrice()));
            case LIMIT -> cfg.putObject("limit_limit_gtc").put("base_size", plain(o.quantity()))
                    .put("limit_price", plain(o.limitPrice())).put("post_only", postOnly.contains(o.venueOrderId()));
        }
        return cfg;
    }

    private ObjectNode orderJson(OrderView o, String apiKey) {
        ObjectNode n = json.createObjectNode();
        n.put("order_id", o.venueOrderId());
        n.put("product_id", o.symbol());
        n.put("user_id", userId(apiKey));
        n.set("order_configuration", configuration(o));
        n.put("side", o.side().name());
        n.put("client_order_id", o.clientOrderId());
        n.put("status", status(o));
        n.put("time_in_force", o.type() == OrderType.LIMIT ? "GOOD_UNTIL_CANCELLED" : "IMMEDIATE_OR_CANCEL");
        n.put("created_time", RFC3339_MICROS.format(o.createdAt()));
        BigDecimal completion = o.quantity() != null
                ? Decimals.divide(o.filledQty().multiply(BigDecimal.valueOf(100)), o.quantity())
                : Decimals.divide(o.filledQuote().multiply(BigDecimal.valueOf(100)), o.quoteQuantity());
        n.put("completion_percentage", completion.setScale(2, RoundingMode.DOWN).toPlainString());
        n.put("filled_size", plain(o.filledQty()));
        BigDecimal avg = o.averagePrice();
        n.put("average_filled_price", avg == null ? "0" : plain(avg.setScale(Math.max(10, o.filledQuote().scale()), RoundingMode.HALF_EVEN)));
        n.put("fee", "");
        n.put("number_of_fills", String.valueOf(o.fills().size()));
        n.put("filled_value", plain(o.filledQuote()));
        n.put("pending_cancel", false);
        n.put("size_in_quote", o.quantity() == null);
        n.put("total_fees", plain(o.fees()));
        n.put("size_inclusive_of_fees", false);
        BigDecimal afterFees = o.side() == Side.BUY ? o.filledQuote().add(o.fees()) : o.filledQuote().subtract(o.fees());
        n.put("total_value_after_fees", plain(afterFees));
        n.put("trigger_status", "INVALID_ORDER_TYPE");
        n.put("order_type", o.type() == OrderType.MARKET ? "MARKET" : "LIMIT");
        n.put("reject_reason", "REJECT_REASON_UNSPECIFIED");
        n.put("settled", !o.isOpen());
        n.put("product_type", "SPOT");
        n.put("reject_message", "");
        n.put("cancel_message", o.state() == OrderState.CANCELLED ? "User requested cancel" : "");
        n.put("order_placement_source", "RETAIL_ADVANCED");
        n.put("outstanding_hold_amount", plain(hold(o)));
        n.put("is_liquidation", false);
        if (o.fills().isEmpty()) {
            n.putNull("last_fill_time");
        } else {
            n.put("last_fill_time", RFC3339_MICROS.format(o.fills().get(o.fills().size() - 1).time()));
        }
        n.putArray("edit_history");
        n.put("leverage", "");
        n.put("margin_type", "UNKNOWN_MARGIN_TYPE");
        n.put("retail_portfolio_id", portfolioId(apiKey));
        return n;
    }

    /** What an open order still holds: quote for a buy (at its limit, before fees), base for a sell. */
    private static BigDecimal hold(OrderView o) {
        if (!o.isOpen()) {
            return BigDecimal.ZERO;
        }
        return o.side() == Side.BUY ? o.remainingQty().multiply(o.limitPrice()) : o.remainingQty();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static String userId(String apiKey) {
        return UUID.nameUUIDFromBytes(("coinbase-user:" + apiKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String portfolioId(String apiKey) {
        return UUID.nameUUIDFromBytes(("coinbase-portfolio:" + apiKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String accountUuid(String apiKey, String asset) {
        return UUID.nameUUIDFromBytes(("coinbase-account:" + apiKey + ":" + asset).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static int intParam(String v, int dflt) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new CoinbaseError(400, "INVALID_ARGUMENT", "not a non-negative integer: " + v);
        }
    }

    private static int cursor(String v) {
        return intParam(v, 0);
    }

    private static Instant instantParam(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v.trim());
        } catch (RuntimeException e) {
            throw new CoinbaseError(400, "INVALID_ARGUMENT", "not an RFC 3339 time: " + v);
        }
    }

    /** A decimal as Coinbase prints it: plain, without trailing zeros. */
    static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0, RoundingMode.UNNECESSARY) : s).toPlainString();
    }

    private static BigDecimal number(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0, RoundingMode.UNNECESSARY) : s;
    }

    private void ok(Context c, ObjectNode body) {
        write(c, 200, body);
    }

    private void error(Context c, int status, String code, String message) {
        ObjectNode body = (json == null ? new ObjectMapper() : json).createObjectNode();
        body.put("error", code);
        body.put("error_details", message);
        body.put("message", message);
        write(c, status, body);
    }

    /** What Coinbase answers a missing, expired or badly signed JWT with. */
    private static void unauthorized(Context c) {
        c.status(401);
        c.contentType("text/plain; charset=utf-8");
        c.result("Unauthorized\n");
    }

    private void write(Context c, int status, ObjectNode body) {
        try {
            c.status(status);
            c.contentType("application/json; charset=utf-8");
            c.result((json == null ? new ObjectMapper() : json).writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Coinbase response", e);
        }
    }
}
