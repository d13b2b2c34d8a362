package io.nija.venues.binance;

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
import io.nija.venues.common.ApiCall;
import io.nija.venues.common.Books;
import io.nija.venues.common.Charge;
import io.nija.venues.common.ClientIds;
import io.nija.venues.common.Formats;
import io.nija.venues.common.HttpReply;
import io.nija.venues.common.HttpTimeouts;
import io.nija.venues.common.HttpTransport;
import io.nija.venues.common.Json;
import io.nija.venues.common.LimiterBudget;
import io.nija.venues.common.QueryString;
import io.nija.venues.common.RateLimiter;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binance Spot REST. Every signed parameter travels in the query string (also for POST and DELETE), so the signed
 * payload is exactly the query string sent. Orders ask for newOrderRespType=FULL, so the place response already
 * carries status, executed quantity and the immediate fills.
 */
public final class BinanceVenue implements Venue {
    public static final String NAME = "binance";
    public static final URI PRODUCTION = URI.create("https://api.binance.com");
    public static final URI TESTNET = URI.create("https://testnet.binance.vision");
    static final Pattern CLIENT_ID = Pattern.compile("[a-zA-Z0-9-_]{1,36}");
    private static final String API_KEY_HEADER = "X-MBX-APIKEY";
    /** Weight of each userDataStream call (create, keep alive, close), as documented. */
    static final int LISTEN_KEY_WEIGHT = 2;
    /** Documented weights of the calls the executor makes: one order by client id, a cancel, all open orders. */
    private static final int QUERY_WEIGHT = 4;
    private static final int CANCEL_WEIGHT = 1;
    private static final int OPEN_ORDERS_WEIGHT = 80;

    private final HttpTransport http;
    private final Clock clock;
    private final BinanceRateLimits limits;
    private final long recvWindowMillis;
    private final LimiterBudget budget;

    public BinanceVenue(URI baseUrl, Clock clock, HttpTimeouts timeouts) {
        this(new HttpTransport(NAME, baseUrl, timeouts), clock, new BinanceRateLimits(new RateLimiter(clock)), 5000);
    }

    public BinanceVenue(HttpTransport http, Clock clock, BinanceRateLimits limits, long recvWindowMillis) {
        this.http = http;
        this.clock = clock;
        this.limits = limits;
        this.recvWindowMillis = recvWindowMillis;
        this.budget = new LimiterBudget(limits.limiter(), this::price,
                () -> limits.limiter().available(limits.weightRule(), Charge.SHARED_IP));
    }

    /** Binance's weights per call kind: the request weight is the IP's (every user's), orders are the account's. */
    private List<Charge> price(VenueAccount account, CallKind kind, VenueOrderRequest order) {
        return switch (kind) {
            case PLACE -> limits.order(account);
            case QUERY -> limits.request(QUERY_WEIGHT);
            case CANCEL -> limits.request(CANCEL_WEIGHT);
            case OPEN_ORDERS -> limits.request(OPEN_ORDERS_WEIGHT);
        };
    }

    @Override
    public Optional<RequestBudget> budget() {
        return Optional.of(budget);
    }

    public BinanceRateLimits rateLimits() {
        return limits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Instrument> instruments() {
        JsonNode info = publicGet("/api/v3/exchangeInfo", QueryString.of(), 20);
        limits.adopt(info.path("rateLimits"));
        return BinanceParser.instruments(info);
    }

    @Override
    public OrderBook orderBook(Instrument instrument, int depth) {
        int limit = Math.max(1, Math.min(depth, 5000));
        JsonNode book = publicGet("/api/v3/depth",
                QueryString.of().add("symbol", instrument.symbol()).add("limit", limit),
                BinanceRateLimits.depthWeight(limit));
        return new OrderBook(NAME, instrument.symbol(), Books.fromArrays(book.path("bids"), depth),
                Books.fromArrays(book.path("asks"), depth), clock.now());
    }

    @Override
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        JsonNode c = signed("GET", "/api/v3/account/commission", QueryString.of().add("symbol", instrument.symbol()),
                account, limits.request(20), false);
        // The rate charged is standard + special + tax; the BNB discount applies only when paying in BNB.
        BigDecimal maker = BigDecimal.ZERO;
        BigDecimal taker = BigDecimal.ZERO;
        for (String part : List.of("standardCommission", "specialCommission", "taxCommission")) {
            maker = maker.add(Json.decimalOrZero(c.path(part), "maker"));
            taker = taker.add(Json.decimalOrZero(c.path(part), "taker"));
        }
        return new FeeSchedule(maker.stripTrailingZeros(), taker.stripTrailingZeros());
    }

    @Override
    public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        JsonNode o = signed("POST", "/api/v3/order", orderQuery(request), account, limits.order(account), true);
        return BinanceParser.order(o);
    }

    /** The parameters of a new order, in the order they are signed and sent (before recvWindow and timestamp). */
    public static QueryString orderQuery(VenueOrderRequest request) {
        Instrument inst = request.instrument();
        io.nija.core.venue.NativeTrigger trigger = request.trigger();
        QueryString q = QueryString.of()
                .add("symbol", inst.symbol())
                .add("side", request.side().name())
                .add("type", trigger != null ? orderType(trigger) : request.type() == OrderType.MARKET ? "MARKET" : "LIMIT");
        if (request.type() != OrderType.MARKET) {
            q.add("timeInForce", request.type() == OrderType.IOC ? "IOC" : "GTC");
        }
        q.add("quantity", Formats.quantity(inst, request.quantity()));
        if (request.type() != OrderType.MARKET) {
            q.add("price", Formats.price(inst, request.limitPrice()));
        }
        if (trigger != null) {
            q.add("stopPrice", Formats.price(inst, trigger.price()));
        }
        q.add("newClientOrderId", ClientIds.require(request.clientOrderId(), CLIENT_ID, NAME))
                .add("newOrderRespType", "FULL");
        return q;
    }

    /**
     * Binance's stop-loss and take-profit limits fire on the last trade price, in the direction their type and side
     * say: a STOP_LOSS_LIMIT sell falling to its stopPrice, a TAKE_PROFIT_LIMIT sell rising to it (a buy the other way),
     * which is what a {@link io.nija.core.venue.NativeTrigger} of that kind means. A waiting one locks its funds, so a
     * stop loss and a take profit of the same coins cannot both wait as two orders (that is Binance's OCO order list,
     * not placed by this adapter yet).
     */
    private static String orderType(io.nija.core.venue.NativeTrigger trigger) {
        return trigger.kind() == io.nija.core.venue.NativeTrigger.Kind.STOP_LOSS ? "STOP_LOSS_LIMIT" : "TAKE_PROFIT_LIMIT";
    }

    @Override
    public io.nija.core.venue.NativeStops nativeStops() {
        return new io.nija.core.venue.NativeStops(true, true, true);
    }

    @Override
    public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        try {
            JsonNode o = signed("DELETE", "/api/v3/order", QueryString.of().add("symbol", instrument.symbol())
                    .add("origClientOrderId", clientOrderId), account, limits.request(CANCEL_WEIGHT), true);
            return BinanceParser.order(o);
        } catch (VenueException e) {
            if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                throw e;
            }
            // -2011 also answers a cancel of an order that already filled: report its final state if it exists.
            return queryOrder(account, instrument, clientOrderId).orElseThrow(() -> e);
        }
    }

    @Override
    public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        try {
            JsonNode o = signed("GET", "/api/v3/order", QueryString.of().add("symbol", instrument.symbol())
                    .add("origClientOrderId", clientOrderId), account, limits.request(QUERY_WEIGHT), false);
            return Optional.of(BinanceParser.order(o));
        } catch (VenueException e) {
            // -2013 "Order does not exist." is Binance saying so; anything else is not an answer.
            if (e.kind() == VenueErrorKind.ORDER_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<VenueOrderState> openOrders(VenueAccount account) {
        JsonNode list = signed("GET", "/api/v3/openOrders", QueryString.of(), account, limits.request(OPEN_ORDERS_WEIGHT), false);
        List<VenueOrderState> out = new ArrayList<>();
        list.forEach(o -> out.add(BinanceParser.order(o)));
        return out;
    }

    @Override
    public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        VenueOrderState order = queryOrder(account, instrument, clientOrderId).orElseThrow(() ->
                new VenueException(VenueErrorKind.ORDER_NOT_FOUND, "binance has no order " + clientOrderId));
        if (order.filledQty() == null || order.filledQty().signum() == 0) {
            return List.of();
        }
        // With orderId, myTrades weighs 5 instead of 20 and returns only this order's trades.
        JsonNode trades = signed("GET", "/api/v3/myTrades", QueryString.of().add("symbol", instrument.symbol())
                .add("orderId", order.venueOrderId()).add("limit", 1000), account, limits.request(5), false);
        List<Fill> out = new ArrayList<>();
        trades.forEach(t -> out.add(BinanceParser.trade(t)));
        return out;
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        JsonNode acct = signed("GET", "/api/v3/account", QueryString.of().add("omitZeroBalances", "true"), account,
                limits.request(20), false);
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (JsonNode b : acct.path("balances")) {
            out.put(b.path("asset").asText(), Json.decimalOrZero(b, "free"));
        }
        return out;
    }

    /**
     * GET /sapi/v1/account/apiRestrictions (weight 1; any key may ask). Spot reading and trading are what this router
     * uses; margin, futures and FIX flags are not ours to judge. A deployment without the wallet API (404) is unknown.
     */
    @Override
    public Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        return signedIfServed("GET", "/sapi/v1/account/apiRestrictions", QueryString.of(), account, limits.request(1))
                .map(r -> new KeyPermissions(r.path("enableReading").asBoolean(false),
                        r.path("enableSpotAndMarginTrading").asBoolean(false),
                        r.path("enableWithdrawals").asBoolean(false)));
    }

    /**
     * Binance's listen-key calls for the user data stream ({@code POST}/{@code PUT}/{@code DELETE
     * /api/v3/userDataStream}, API key header, no signature), through the same limiter as every other call: each
     * weighs {@value #LISTEN_KEY_WEIGHT} on the IP's request weight, and a 429/418 answer backs every caller off.
     */
    public BinanceUserStream.ListenKeys listenKeys() {
        return new BinanceUserStream.ListenKeys() {
            @Override
            public String create(VenueAccount account) {
                JsonNode answer = listenKeyCall("POST", account, null);
                String key = answer.path("listenKey").asText(null);
                if (key == null) {
                    throw new VenueException(VenueErrorKind.UNKNOWN, "no listenKey in the answer");
                }
                return key;
            }

            @Override
            public void keepAlive(VenueAccount account, String listenKey) {
                listenKeyCall("PUT", account, listenKey);
            }

            @Override
            public void close(VenueAccount account, String listenKey) {
                listenKeyCall("DELETE", account, listenKey);
            }
        };
    }

    private JsonNode listenKeyCall(String method, VenueAccount account, String listenKey) {
        String path = "/api/v3/userDataStream" + (listenKey == null ? ""
                : "?" + QueryString.of().add("listenKey", listenKey).encode());
        return execute(new ApiCall(method, path, Map.of(API_KEY_HEADER, account.apiKey()), null, false),
                limits.request(LISTEN_KEY_WEIGHT));
    }

    private JsonNode publicGet(String path, QueryString q, int weight) {
        String pathAndQuery = q.isEmpty() ? path : path + "?" + q.encode();
        return execute(ApiCall.get(pathAndQuery).build(), limits.request(weight));
    }

    private JsonNode signed(String method, String path, QueryString q, VenueAccount account, List<Charge> charges,
                            boolean mutating) {
        return execute(signedCall(method, path, q, account, mutating), charges);
    }

    /** A signed read of an endpoint this deployment may not serve: empty on 404 instead of an error. */
    private Optional<JsonNode> signedIfServed(String method, String path, QueryString q, VenueAccount account,
                                              List<Charge> charges) {
        return execute(signedCall(method, path, q, account, false), charges, true);
    }

    private ApiCall signedCall(String method, String path, QueryString q, VenueAccount account, boolean mutating) {
        return signedRequest(method, path, q, account, recvWindowMillis, clock.epochMillis(), mutating);
    }

    /** The request of a SIGNED endpoint as it is sent: every parameter in the signed query string, the key in a header. */
    public static ApiCall signedRequest(String method, String path, QueryString q, VenueAccount account,
                                        long recvWindowMillis, long timestampMillis, boolean mutating) {
        String query = BinanceSigner.signedQuery(q, account.apiSecret(), recvWindowMillis, timestampMillis);
        return new ApiCall(method, path + "?" + query, Map.of(API_KEY_HEADER, account.apiKey()), null, mutating);
    }

    private JsonNode execute(ApiCall call, List<Charge> charges) {
        return execute(call, charges, false).orElseThrow();
    }

    private Optional<JsonNode> execute(ApiCall call, List<Charge> charges, boolean emptyIfNotServed) {
        limits.limiter().acquire(NAME, charges);
        HttpReply reply = http.send(call);
        limits.observe(reply);
        if (emptyIfNotServed && reply.status() == 404) {
            return Optional.empty();
        }
        if (!reply.isSuccess()) {
            VenueException e = BinanceErrors.map(reply, call.mutating(), clock.now());
            if (e.kind() == VenueErrorKind.RATE_LIMITED) {
                // -1015 counts this account's orders; anything else on 429/418 is the IP's weight, shared by all.
                boolean accountOnly = e.getMessage().contains("-1015");
                limits.limiter().backOff(accountOnly
                        ? charges.stream().filter(c -> !Charge.SHARED_IP.equals(c.scopeKey())).toList()
                        : charges, e.retryAfter());
            }
            throw e;
        }
        return Optional.of(Json.parse(reply.body()));
    }
}
