package io.nija.venues.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Fill;
import io.nija.core.order.OrderType;
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
import io.nija.venues.common.ClientIds;
import io.nija.venues.common.Formats;
import io.nija.venues.common.HttpFailures;
import io.nija.venues.common.HttpReply;
import io.nija.venues.common.HttpTimeouts;
import io.nija.venues.common.HttpTransport;
import io.nija.venues.common.Json;
import io.nija.venues.common.LimiterBudget;
import io.nija.venues.common.LimitRule;
import io.nija.venues.common.Pairs;
import io.nija.venues.common.QueryString;
import io.nija.venues.common.RateLimiter;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bybit v5, category spot. A spot market buy's qty is read in quote coin, so market buys are sized by their quote
 * amount (see {@code putMarketQty} for the rule and the account types). Create and cancel only acknowledge; the order's state comes from
 * /v5/order/realtime (open and recent orders) or /v5/order/history.
 */
public final class BybitVenue implements Venue {
    public static final String NAME = "bybit";
    public static final URI PRODUCTION = URI.create("https://api.bybit.com");
    public static final URI TESTNET = URI.create("https://api-testnet.bybit.com");
    static final Pattern CLIENT_ID = Pattern.compile("[a-zA-Z0-9-_]{1,36}");
    private static final String RECV_WINDOW = "5000";

    private final HttpTransport http;
    private final Clock clock;
    private final BybitRateLimits limits;
    private final BybitAccountTypes accountTypes = new BybitAccountTypes();
    private final LimiterBudget budget;

    public BybitVenue(URI baseUrl, Clock clock, HttpTimeouts timeouts) {
        this(new HttpTransport(NAME, baseUrl, timeouts), clock, new BybitRateLimits(new RateLimiter(clock)));
    }

    public BybitVenue(HttpTransport http, Clock clock, BybitRateLimits limits) {
        this.http = http;
        this.clock = clock;
        this.limits = limits;
        this.budget = new LimiterBudget(limits.limiter(), this::price,
                () -> limits.limiter().available(limits.ip, Charge.SHARED_IP));
    }

    public BybitRateLimits rateLimits() {
        return limits;
    }

    /** Bybit's per-endpoint limits per key, each call also counting on the IP's; a cancel is followed by a read. */
    private List<Charge> price(VenueAccount account, CallKind kind, VenueOrderRequest order) {
        return switch (kind) {
            case PLACE -> limits.privateCall(limits.create, account);
            case QUERY, OPEN_ORDERS -> limits.privateCall(limits.realtime, account);
            case CANCEL -> {
                List<Charge> all = new ArrayList<>(limits.privateCall(limits.cancel, account));
                all.addAll(limits.privateCall(limits.realtime, account));
                yield all;
            }
        };
    }

    @Override
    public Optional<RequestBudget> budget() {
        return Optional.of(budget);
    }

    @Override
    public boolean placeAnswerIsAcknowledgement() {
        // retCode 0 with an orderId only; Bybit may still reject it asynchronously, which the read-back shows.
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Instrument> instruments() {
        // Spot has no pagination: one call returns every symbol.
        return BybitParser.instruments(publicGet("/v5/market/instruments-info",
                QueryString.of().add("category", "spot")).path("list"));
    }

    @Override
    public OrderBook orderBook(Instrument instrument, int depth) {
        JsonNode r = publicGet("/v5/market/orderbook", QueryString.of().add("category", "spot")
                .add("symbol", instrument.symbol()).add("limit", Math.max(1, Math.min(depth, 200))));
        return new OrderBook(NAME, instrument.symbol(), Books.fromArrays(r.path("b"), depth),
                Books.fromArrays(r.path("a"), depth), clock.now());
    }

    @Override
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        JsonNode f = privateGet("/v5/account/fee-rate", QueryString.of().add("category", "spot")
                .add("symbol", instrument.symbol()), account, limits.account).path("list").path(0);
        return new FeeSchedule(Json.decimalOrZero(f, "makerFeeRate").stripTrailingZeros(),
                Json.decimalOrZero(f, "takerFeeRate").stripTrailingZeros());
    }

    @Override
    public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        Instrument inst = request.instrument();
        String clientId = ClientIds.require(request.clientOrderId(), CLIENT_ID, NAME);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("category", "spot");
        body.put("symbol", inst.symbol());
        body.put("side", request.side() == io.nija.core.signal.Side.BUY ? "Buy" : "Sell");
        body.put("orderType", request.type() == OrderType.MARKET ? "Market" : "Limit");
        if (request.type() == OrderType.MARKET) {
            putMarketQty(account, request, body);
        } else {
            body.put("qty", Formats.quantity(inst, request.quantity()));
            body.put("price", Formats.price(inst, request.limitPrice()));
            body.put("timeInForce", request.type() == OrderType.IOC ? "IOC" : "GTC");
        }
        if (request.trigger() != null) {
            // A spot conditional order: nothing is locked until it fires. Bybit takes the direction from where the
            // trigger price lies against the last price (a stop loss sell's below it), not from the order.
            body.put("orderFilter", "StopOrder");
            body.put("triggerPrice", Formats.price(inst, request.trigger().price()));
        }
        body.put("orderLinkId", clientId);
        JsonNode ack = privatePost("/v5/order/create", body, account, limits.create, true);
        // retCode 0 with an orderId: accepted. The executor reads the state back (placeAnswerIsAcknowledgement).
        return AcceptedOrder.acknowledged(request, ack.path("orderId").asText(null), "acknowledged");
    }

    /**
     * A spot market order's qty. Bybit reads a market Buy's qty in quote coin and a Sell's in base coin by default, on
     * classic and unified accounts alike; only a unified account may say otherwise with marketUnit. So the one rule
     * that is right on both without knowing the account: a Sell in base, a Buy quote-sized with no marketUnit. Only a
     * Buy without a quote amount needs the account type: a unified account is told marketUnit=baseCoin, while a
     * classic one cannot take a base quantity at all (it would spend that number of quote coins), so nothing is sent.
     */
    private void putMarketQty(VenueAccount account, VenueOrderRequest request, Map<String, String> body) {
        Instrument inst = request.instrument();
        if (request.side() == io.nija.core.signal.Side.SELL) {
            body.put("qty", Formats.quantity(inst, request.quantity()));
        } else if (request.quoteQuantity() != null) {
            body.put("qty", Formats.quoteAmount(inst, request.quoteQuantity()));
        } else if (accountTypes.isUnified(account, () -> privateGet("/v5/account/info", QueryString.of(), account,
                limits.account))) {
            body.put("qty", Formats.quantity(inst, request.quantity()));
            body.put("marketUnit", "baseCoin");
        } else {
            throw new VenueException(VenueErrorKind.INVALID_PRICE_OR_QTY,
                    "a market buy on a Bybit classic account is sized in quote coin and needs a quote amount");
        }
    }

    /** Spot conditional orders (orderFilter=StopOrder): stop losses and take profits, locking nothing while waiting. */
    @Override
    public io.nija.core.venue.NativeStops nativeStops() {
        return new io.nija.core.venue.NativeStops(true, true, false);
    }

    @Override
    public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("category", "spot");
        body.put("symbol", instrument.symbol());
        body.put("orderLinkId", clientOrderId);
        try {
            privatePost("/v5/order/cancel", body, account, limits.cancel, true);
        } catch (VenueException e) {
            if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                throw e;
            }
            return queryOrder(account, instrument, clientOrderId).orElseThrow(() -> e);
        }
        return queryOrder(account, instrument, clientOrderId).orElseThrow(() -> new VenueException(
                VenueErrorKind.UNKNOWN, "bybit cancelled " + clientOrderId + " but no longer lists it"));
    }

    /** Realtime covers open orders and the most recent closed ones; history covers the rest. Empty only if both are. */
    @Override
    public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        QueryString q = QueryString.of().add("category", "spot").add("symbol", instrument.symbol())
                .add("orderLinkId", clientOrderId);
        JsonNode list = privateGet("/v5/order/realtime", q, account, limits.realtime).path("list");
        if (list.isEmpty()) {
            q = QueryString.of().add("category", "spot").add("symbol", instrument.symbol())
                    .add("orderLinkId", clientOrderId);
            list = privateGet("/v5/order/history", q, account, limits.history).path("list");
        }
        for (JsonNode o : list) {
            if (clientOrderId.equals(o.path("orderLinkId").asText())) {
                return Optional.of(BybitParser.order(o));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<VenueOrderState> openOrders(VenueAccount account) {
        List<VenueOrderState> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 20; page++) {
            JsonNode r = privateGet("/v5/order/realtime", QueryString.of().add("category", "spot").add("openOnly", 0)
                    .add("limit", 50).add("cursor", cursor), account, limits.realtime);
            r.path("list").forEach(o -> out.add(BybitParser.order(o)));
            cursor = Json.text(r, "nextPageCursor");
            if (cursor == null || r.path("list").isEmpty()) {
                break;
            }
        }
        return out;
    }

    @Override
    public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        List<Fill> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 20; page++) {
            JsonNode r = privateGet("/v5/execution/list", QueryString.of().add("category", "spot")
                    .add("symbol", instrument.symbol()).add("orderLinkId", clientOrderId).add("limit", 100)
                    .add("cursor", cursor), account, limits.executions);
            r.path("list").forEach(e -> out.add(BybitParser.execution(e, instrument.pair().base(),
                    Pairs.venueQuote(instrument))));
            cursor = Json.text(r, "nextPageCursor");
            if (cursor == null || r.path("list").isEmpty()) {
                break;
            }
        }
        return out;
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        JsonNode coins = privateGet("/v5/account/wallet-balance", QueryString.of().add("accountType", "UNIFIED"),
                account, limits.account).path("list").path(0).path("coin");
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (JsonNode c : coins) {
            out.put(c.path("coin").asText(), Json.decimalOrZero(c, "walletBalance").subtract(Json.decimalOrZero(c, "locked")));
        }
        return out;
    }

    /**
     * GET /v5/user/query-api ("any permission can access this endpoint"). Every Bybit key can read; readOnly 1 is a
     * key without trading, and spot trading also needs SpotTrade, since a read-write key may hold only other
     * products. A 404 means unknown.
     */
    @Override
    public Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        String path = "/v5/user/query-api";
        return execute(signed(ApiCall.get(path), "", account), limits.privateCall(limits.account, account), true)
                .map(r -> new KeyPermissions(true,
                        r.path("readOnly").asInt(1) == 0 && holds(r.path("permissions").path("Spot"), "SpotTrade"),
                        holds(r.path("permissions").path("Wallet"), "Withdraw")));
    }

    private static boolean holds(JsonNode list, String permission) {
        for (JsonNode p : list) {
            if (permission.equals(p.asText())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode publicGet(String path, QueryString q) {
        return execute(ApiCall.get(path + "?" + q.encode()).build(), limits.publicCall());
    }

    private JsonNode privateGet(String path, QueryString q, VenueAccount account, LimitRule endpoint) {
        String query = q.encode();
        ApiCall.Builder call = ApiCall.get(query.isEmpty() ? path : path + "?" + query);
        return execute(signed(call, query, account), limits.privateCall(endpoint, account));
    }

    private JsonNode privatePost(String path, Map<String, String> body, VenueAccount account, LimitRule endpoint,
                                 boolean mutating) {
        String json = Json.write(body);
        ApiCall.Builder call = ApiCall.post(path, mutating).body(json, "application/json");
        return execute(signed(call, json, account), limits.privateCall(endpoint, account));
    }

    /** Signs timestamp + key + recvWindow + (the query string or the JSON body) exactly as sent. */
    private ApiCall signed(ApiCall.Builder call, String payload, VenueAccount account) {
        String ts = Long.toString(clock.epochMillis());
        return call.header("X-BAPI-API-KEY", account.apiKey())
                .header("X-BAPI-TIMESTAMP", ts)
                .header("X-BAPI-RECV-WINDOW", RECV_WINDOW)
                .header("X-BAPI-SIGN", BybitSigner.sign(account.apiSecret(), ts, account.apiKey(), RECV_WINDOW, payload))
                .build();
    }

    private JsonNode execute(ApiCall call, List<Charge> charges) {
        return execute(call, charges, false).orElseThrow();
    }

    /** {@code emptyIfNotServed}: a 404 (an endpoint this deployment lacks) is an empty answer, not an error. */
    private Optional<JsonNode> execute(ApiCall call, List<Charge> charges, boolean emptyIfNotServed) {
        limits.limiter().acquire(NAME, charges);
        HttpReply reply = http.send(call);
        limits.observe(reply, charges);
        if (emptyIfNotServed && reply.status() == 404) {
            return Optional.empty();
        }
        if (reply.status() == 403 || reply.status() == 429) {
            // 403 "access too frequent" is the IP ban (wait at least ten minutes); 429 is Bybit's system-wide guard.
            boolean ban = reply.status() == 403;
            Duration retry = HttpFailures.retryAfter(reply, clock.now());
            if (retry == null) {
                retry = ban ? Duration.ofMinutes(10) : Duration.ofSeconds(1);
            }
            VenueException e = HttpFailures.rateLimited(NAME, "HTTP " + reply.status() + " "
                    + Json.abbreviate(reply.body()), retry);
            limits.limiter().backOff(ban ? limits.publicCall() : charges, retry);
            throw e;
        }
        if (reply.status() >= 500) {
            throw HttpFailures.serverError(NAME, reply, call.mutating());
        }
        JsonNode body = Json.parseLenient(reply.body());
        if (reply.isSuccess() && body.path("retCode").asInt(-1) == 0) {
            return Optional.of(body.path("result"));
        }
        int code = body.path("retCode").asInt(reply.status() == 401 ? 10003 : -1);
        VenueException e = BybitErrors.map(code, body.path("retMsg").asText("HTTP " + reply.status()),
                call.mutating(), resetIn(reply));
        if (e.kind() == VenueErrorKind.RATE_LIMITED) {
            // 10006 is this UID's endpoint limit: back off that key's bucket only, never the shared IP one.
            limits.limiter().backOff(charges.subList(Math.min(1, charges.size() - 1), charges.size()), e.retryAfter());
        }
        throw e;
    }

    /** X-Bapi-Limit-Reset-Timestamp (ms) says when the endpoint's window frees up again. */
    private Duration resetIn(HttpReply reply) {
        String reset = reply.header("X-Bapi-Limit-Reset-Timestamp");
        if (reset == null) {
            return Duration.ofSeconds(1);
        }
        try {
            Duration d = Duration.between(clock.now(), Instant.ofEpochMilli(Long.parseLong(reset.trim())));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
