package io.nija.venues.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Fill;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.Clock;
import io.nija.core.venue.CallKind;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.KeyPermissions;
import io.nija.core.venue.RequestBudget;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.venues.common.AcceptedOrder;
import io.nija.venues.common.ApiCall;
import io.nija.venues.common.Books;
import io.nija.venues.common.Charge;
import io.nija.venues.common.Formats;
import io.nija.venues.common.Hashing;
import io.nija.venues.common.HttpReply;
import io.nija.venues.common.HttpTimeouts;
import io.nija.venues.common.HttpTransport;
import io.nija.venues.common.Json;
import io.nija.venues.common.LimiterBudget;
import io.nija.venues.common.Pairs;
import io.nija.venues.common.QueryString;
import io.nija.venues.common.RateLimiter;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Coinbase Advanced Trade (/api/v3/brokerage). client_order_id is idempotent here: re-sending an id returns the
 * existing order instead of creating another. Orders are looked up by Coinbase's order id, so the id each client
 * order id got is remembered; after a restart the order list is scanned for the client id.
 * Instruments and books come from the public /market endpoints, which need no key.
 */
public final class CoinbaseVenue implements Venue {
    public static final String NAME = "coinbase";
    public static final URI PRODUCTION = URI.create("https://api.coinbase.com");
    public static final URI SANDBOX = URI.create("https://api-sandbox.coinbase.com");
    private static final String BROKERAGE = "/api/v3/brokerage";
    private static final int MAX_SCAN_PAGES = 20;
    private static final int MAX_REMEMBERED_ORDERS = 10_000;

    private final HttpTransport http;
    private final Clock clock;
    private final CoinbaseRateLimits limits;
    private final CoinbaseJwt jwt;
    private final ConcurrentMap<String, String> orderIds = new ConcurrentHashMap<>();
    private final LimiterBudget budget;

    public CoinbaseVenue(URI baseUrl, Clock clock, HttpTimeouts timeouts) {
        this(new HttpTransport(NAME, baseUrl, timeouts), clock, new CoinbaseRateLimits(new RateLimiter(clock)),
                new CoinbaseJwt());
    }

    public CoinbaseVenue(HttpTransport http, Clock clock, CoinbaseRateLimits limits, CoinbaseJwt jwt) {
        this.http = http;
        this.clock = clock;
        this.limits = limits;
        this.budget = new LimiterBudget(limits.limiter(), this::price,
                () -> limits.limiter().available(limits.publicRule, Charge.SHARED_IP));
        this.jwt = jwt;
    }

    public CoinbaseRateLimits rateLimits() {
        return limits;
    }

    /**
     * One private-call limit per key. A cancel is a read, the cancel and a read of the final state: three calls, the
     * unused part given back when the order was already final.
     */
    private List<Charge> price(VenueAccount account, CallKind kind, VenueOrderRequest order) {
        List<Charge> one = limits.privateCall(account);
        return kind == CallKind.CANCEL ? List.of(one.get(0), one.get(0), one.get(0)) : one;
    }

    @Override
    public Optional<RequestBudget> budget() {
        return Optional.of(budget);
    }

    @Override
    public boolean placeAnswerIsAcknowledgement() {
        // success=true with an order_id only.
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Instrument> instruments() {
        JsonNode r = publicGet("/market/products", QueryString.of().add("product_type", "SPOT"));
        return CoinbaseParser.instruments(r.path("products"));
    }

    @Override
    public OrderBook orderBook(Instrument instrument, int depth) {
        JsonNode book = publicGet("/market/product_book", QueryString.of().add("product_id", instrument.symbol())
                .add("limit", Math.max(1, depth))).path("pricebook");
        return new OrderBook(NAME, instrument.symbol(), Books.fromObjects(book.path("bids"), "price", "size", depth),
                Books.fromObjects(book.path("asks"), "price", "size", depth), clock.now());
    }

    @Override
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        JsonNode tier = get("/transaction_summary", QueryString.of().add("product_type", "SPOT"), account, false)
                .path("fee_tier");
        return new FeeSchedule(Json.decimalOrZero(tier, "maker_fee_rate").stripTrailingZeros(),
                Json.decimalOrZero(tier, "taker_fee_rate").stripTrailingZeros());
    }

    /** GET key_permissions: can_view, can_trade, can_transfer of this key's portfolio. */
    @Override
    public Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        try {
            // As a lookup, only an HTTP 404 comes back as ORDER_NOT_FOUND: here, an endpoint Coinbase does not serve.
            JsonNode k = get("/key_permissions", QueryString.of(), account, true);
            return Optional.of(new KeyPermissions(k.path("can_view").asBoolean(false),
                    k.path("can_trade").asBoolean(false), k.path("can_transfer").asBoolean(false)));
        } catch (VenueException e) {
            if (e.kind() == VenueErrorKind.ORDER_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        nativeStops().check(name(), request);
        Instrument inst = request.instrument();
        Map<String, Object> config = new LinkedHashMap<>();
        if (isMarketBuy(request)) {
            // Coinbase sizes a market buy by what it may spend (quote_size) and refuses base_size for it.
            if (request.quoteQuantity() == null) {
                throw new VenueException(VenueErrorKind.INVALID_PRICE_OR_QTY, "a Coinbase market buy needs a quote amount");
            }
            config.put("quote_size", Formats.quoteAmount(inst, request.quoteQuantity()));
        } else {
            config.put("base_size", Formats.quantity(inst, request.quantity()));
        }
        String variant = request.trigger() != null ? "stop_limit_stop_limit_gtc" : switch (request.type()) {
            case MARKET -> "market_market_ioc";
            case LIMIT -> "limit_limit_gtc";
            case IOC -> "sor_limit_ioc";
        };
        if (request.limitPrice() != null && request.type() != OrderType.MARKET) {
            config.put("limit_price", Formats.price(inst, request.limitPrice()));
        }
        if (request.trigger() != null) {
            config.put("stop_price", Formats.price(inst, request.trigger().price()));
            config.put("stop_direction", stopDirection(request));
        }
        if ("limit_limit_gtc".equals(variant)) {
            config.put("post_only", false);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_order_id", request.clientOrderId());
        body.put("product_id", inst.symbol());
        body.put("side", request.side().name());
        body.put("order_configuration", Map.of(variant, config));
        JsonNode r = post("/orders", body, account, true);
        if (!r.path("success").asBoolean(false)) {
            throw CoinbaseErrors.refused(r);
        }
        String orderId = r.path("success_response").path("order_id").asText(r.path("order_id").asText(null));
        remember(account, request.clientOrderId(), orderId);
        // success=true with an order_id: accepted. The executor reads it back (placeAnswerIsAcknowledgement); the order
        // id remembered above makes that read one call.
        return AcceptedOrder.acknowledged(request, orderId, "acknowledged");
    }

    private static boolean isMarketBuy(VenueOrderRequest request) {
        return request.type() == OrderType.MARKET && request.side() == Side.BUY;
    }

    /**
     * Which way the last trade must move to fire a triggered order: down to a sell's stop loss or a buy's take profit,
     * up to a sell's take profit or a buy's stop loss.
     */
    private static String stopDirection(VenueOrderRequest request) {
        boolean stopLoss = request.trigger().kind() == io.nija.core.venue.NativeTrigger.Kind.STOP_LOSS;
        boolean sell = request.side() == io.nija.core.signal.Side.SELL;
        return stopLoss == sell ? "STOP_DIRECTION_STOP_DOWN" : "STOP_DIRECTION_STOP_UP";
    }

    /**
     * stop_limit_stop_limit_gtc orders, both directions. Coinbase holds an open order's funds, a waiting stop's too, so
     * a stop loss and a take profit of the same coins cannot both wait.
     */
    @Override
    public io.nija.core.venue.NativeStops nativeStops() {
        return new io.nija.core.venue.NativeStops(true, true, true);
    }

    @Override
    public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        VenueOrderState order = queryOrder(account, instrument, clientOrderId).orElseThrow(() ->
                new VenueException(VenueErrorKind.ORDER_NOT_FOUND, "coinbase has no order " + clientOrderId));
        if (order.status().isFinal()) {
            return order;
        }
        JsonNode r = post("/orders/batch_cancel", Map.of("order_ids", List.of(order.venueOrderId())), account, true);
        JsonNode result = r.path("results").path(0);
        if (!result.path("success").asBoolean(false)) {
            String reason = result.path("failure_reason").asText("");
            // The order may have finished meanwhile; only if it is still open is the refusal an error.
            VenueOrderState now = getOrder(account, order.venueOrderId());
            if (now.status().isFinal()) {
                return now;
            }
            throw new VenueException("UNKNOWN_CANCEL_ORDER".equals(reason) ? VenueErrorKind.ORDER_NOT_FOUND
                    : VenueErrorKind.UNKNOWN, "coinbase refused the cancel: " + reason);
        }
        return getOrder(account, order.venueOrderId());
    }

    @Override
    public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        String known = orderIds.get(memoryKey(account, clientOrderId));
        if (known != null) {
            try {
                return Optional.of(getOrder(account, known));
            } catch (VenueException e) {
                if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                    throw e;
                }
            }
        }
        return scanForClientId(account, instrument, clientOrderId);
    }

    @Override
    public List<VenueOrderState> openOrders(VenueAccount account) {
        List<VenueOrderState> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_SCAN_PAGES; page++) {
            JsonNode r = get("/orders/historical/batch", QueryString.of().add("order_status", "OPEN").add("limit", 250)
                    .add("cursor", cursor), account, false);
            r.path("orders").forEach(o -> out.add(CoinbaseParser.order(o)));
            cursor = Json.text(r, "cursor");
            if (!r.path("has_next").asBoolean(false) || cursor == null) {
                break;
            }
        }
        return out;
    }

    @Override
    public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        VenueOrderState order = queryOrder(account, instrument, clientOrderId).orElseThrow(() ->
                new VenueException(VenueErrorKind.ORDER_NOT_FOUND, "coinbase has no order " + clientOrderId));
        return fillsOfOrder(account, Pairs.venueQuote(instrument), order.venueOrderId());
    }

    /** The websocket's JWT, signed with this adapter's clock and key (Coinbase checks nbf/exp against its own). */
    public String websocketJwt(VenueAccount account) {
        return jwt.websocketToken(account, clock.now());
    }

    /**
     * The fills of the order with this venue order id, without reading the order first: the user stream names the
     * order, so a pushed fill costs one fills read and no order-status request.
     */
    public List<Fill> fillsOfOrder(VenueAccount account, String feeAsset, String venueOrderId) {
        List<Fill> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_SCAN_PAGES; page++) {
            JsonNode r = get("/orders/historical/fills", QueryString.of().add("order_ids", venueOrderId)
                    .add("limit", 250).add("cursor", cursor), account, false);
            r.path("fills").forEach(f -> out.add(CoinbaseParser.fill(f, feeAsset)));
            cursor = Json.text(r, "cursor");
            if (cursor == null || r.path("fills").isEmpty()) {
                break;
            }
        }
        return out;
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        String cursor = null;
        for (int page = 0; page < MAX_SCAN_PAGES; page++) {
            JsonNode r = get("/accounts", QueryString.of().add("limit", 250).add("cursor", cursor), account, false);
            for (JsonNode a : r.path("accounts")) {
                out.merge(a.path("currency").asText(), Json.decimalOrZero(a.path("available_balance"), "value"),
                        BigDecimal::add);
            }
            cursor = Json.text(r, "cursor");
            if (!r.path("has_next").asBoolean(false) || cursor == null) {
                break;
            }
        }
        return out;
    }

    private VenueOrderState getOrder(VenueAccount account, String orderId) {
        return CoinbaseParser.order(get("/orders/historical/" + QueryString.encodeComponent(orderId), QueryString.of(),
                account, true).path("order"));
    }

    /**
     * Coinbase has no lookup by client order id, so the product's order list is read page by page. Empty only once
     * the whole list has been read; a list too long to read is an UNKNOWN, not a "does not exist".
     */
    private Optional<VenueOrderState> scanForClientId(VenueAccount account, Instrument instrument, String clientOrderId) {
        String cursor = null;
        for (int page = 0; page < MAX_SCAN_PAGES; page++) {
            JsonNode r = get("/orders/historical/batch", QueryString.of().add("product_ids", instrument.symbol())
                    .add("limit", 250).add("cursor", cursor), account, false);
            for (JsonNode o : r.path("orders")) {
                if (clientOrderId.equals(o.path("client_order_id").asText())) {
                    remember(account, clientOrderId, o.path("order_id").asText());
                    return Optional.of(CoinbaseParser.order(o));
                }
            }
            cursor = Json.text(r, "cursor");
            if (!r.path("has_next").asBoolean(false) || cursor == null) {
                return Optional.empty();
            }
        }
        throw new VenueException(VenueErrorKind.UNKNOWN, "coinbase order list too long to search for " + clientOrderId);
    }

    private JsonNode publicGet(String path, QueryString q) {
        String pathAndQuery = BROKERAGE + path + (q.isEmpty() ? "" : "?" + q.encode());
        return execute(ApiCall.get(pathAndQuery).build(), limits.publicCall(), false);
    }

    private JsonNode get(String path, QueryString q, VenueAccount account, boolean orderLookup) {
        String full = BROKERAGE + path;
        ApiCall.Builder call = ApiCall.get(q.isEmpty() ? full : full + "?" + q.encode());
        return execute(authorize(call, "GET", full, account), limits.privateCall(account), orderLookup);
    }

    private JsonNode post(String path, Object body, VenueAccount account, boolean mutating) {
        String full = BROKERAGE + path;
        ApiCall.Builder call = ApiCall.post(full, mutating).body(Json.write(body), "application/json");
        return execute(authorize(call, "POST", full, account), limits.privateCall(account), false);
    }

    /** A fresh JWT bound to this method, host and path (without the query string, as Coinbase's SDK does). */
    private ApiCall authorize(ApiCall.Builder call, String method, String path, VenueAccount account) {
        String token = jwt.token(account, method, http.hostForSigning(), http.wirePath(path), clock.now());
        return call.header("Authorization", "Bearer " + token).build();
    }

    private JsonNode execute(ApiCall call, List<Charge> charges, boolean orderLookup) {
        limits.limiter().acquire(NAME, charges);
        HttpReply reply = http.send(call);
        if (!reply.isSuccess()) {
            VenueException e = CoinbaseErrors.http(reply, call.mutating(), orderLookup, clock.now());
            if (e.kind() == VenueErrorKind.RATE_LIMITED) {
                limits.limiter().backOff(charges, e.retryAfter());
            }
            throw e;
        }
        return Json.parse(reply.body());
    }

    private void remember(VenueAccount account, String clientOrderId, String orderId) {
        if (orderId == null || orderId.isEmpty()) {
            return;
        }
        if (orderIds.size() > MAX_REMEMBERED_ORDERS) {
            orderIds.clear();
        }
        orderIds.put(memoryKey(account, clientOrderId), orderId);
    }

    private static String memoryKey(VenueAccount account, String clientOrderId) {
        return Hashing.fingerprint(account.apiKey()) + "|" + clientOrderId;
    }
}
