package io.nija.venues.kraken;

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
import io.nija.venues.common.Hashing;
import io.nija.venues.common.HttpFailures;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Kraken Spot REST. Private calls are form-encoded POSTs whose first field is the nonce; the signature covers the
 * path as sent and the exact body. Orders are tagged with cl_ord_id, which Kraken keeps unique among open orders
 * and lets us filter OpenOrders and ClosedOrders by, so an order is found by its client id in two calls.
 * There is no spot sandbox: outside production this adapter is meant for the simulator.
 *
 * <p>Reading an order back (after a place, for a query, after a cancel) takes up to two lookups and, when it
 * filled, a QueryTrades (cost 2) on the key's REST call counter, which decays by only 0.33 a second on Starter.
 * Such a read takes its whole cost from the counter before the first call, or nothing: a read refused half way
 * would spend the units that came back since the last try, and the next try would be refused again, for ever.
 * The order's trades are read in the same go, so the executor never has to look the order up a second time.
 */
public final class KrakenVenue implements Venue {
    public static final String NAME = "kraken";
    public static final URI PRODUCTION = URI.create("https://api.kraken.com");
    /** cl_ord_id formats: long UUID, 32-hex short UUID, or free ASCII text of at most 18 characters. */
    static final Pattern CLIENT_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[\\x21-\\x7E]{1,18}");
    private static final int MAX_REMEMBERED_ORDERS = 10_000;
    /** QueryTrades takes at most this many trade ids per call. */
    private static final int TRADES_PER_CALL = 20;
    /** REST counter units of a QueryTrades call (trade history counts double). */
    private static final int TRADES_COST = 2;
    /** REST counter units one lookup by client id may need: OpenOrders, ClosedOrders and one QueryTrades. */
    private static final int LOOKUP_COST = 2 + TRADES_COST;
    /** Kraken's answer to a private method it does not have (GetApiKeyInfo is recent). */
    private static final String UNKNOWN_METHOD = "EGeneral:Unknown method";
    /**
     * Reading as the router does: balances, and orders both open and closed (an order is found by client id in
     * OpenOrders, then ClosedOrders; QueryOrders needs one or the other depending on the order's status).
     */
    private static final List<String> READ_PERMISSIONS = List.of("query_funds", "query_open_orders_and_trades",
            "query_closed_orders_and_trades");

    private final HttpTransport http;
    private final Clock clock;
    private final KrakenRateLimits limits;
    private final ConcurrentMap<String, AtomicLong> nonces = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ReentrantLock> keyLocks = new ConcurrentHashMap<>();
    // When each of our orders was placed, so a cancel is charged Kraken's age-dependent cost.
    private final ConcurrentMap<String, Instant> placedAt = new ConcurrentHashMap<>();
    private final LimiterBudget requestBudget;

    public KrakenVenue(URI baseUrl, Clock clock, HttpTimeouts timeouts) {
        this(new HttpTransport(NAME, baseUrl, timeouts), clock,
                new KrakenRateLimits(new RateLimiter(clock), KrakenTier.STARTER));
    }

    public KrakenVenue(HttpTransport http, Clock clock, KrakenRateLimits limits) {
        this.http = http;
        this.clock = clock;
        this.limits = limits;
        this.requestBudget = new LimiterBudget(limits.limiter(), this::price,
                () -> limits.limiter().available(limits.publicRule(), Charge.SHARED_IP));
    }

    /**
     * Kraken's prices per call kind, all on this key's counters: AddOrder on the pair's trading counter; a lookup its
     * whole REST counter cost; a cancel its age-dependent trading cost plus the lookup of the final state that follows
     * it; OpenOrders one unit.
     */
    private List<Charge> price(VenueAccount account, CallKind kind, VenueOrderRequest order) {
        return switch (kind) {
            case PLACE -> limits.addOrder(account, order.instrument().symbol());
            case QUERY -> limits.privateCall(account, LOOKUP_COST);
            case CANCEL -> {
                List<Charge> all = new ArrayList<>(limits.cancelOrder(account, order.instrument().symbol(),
                        age(account, order.clientOrderId())));
                all.addAll(limits.privateCall(account, LOOKUP_COST));
                yield all;
            }
            case OPEN_ORDERS -> limits.privateCall(account, 1);
        };
    }

    @Override
    public Optional<RequestBudget> budget() {
        return Optional.of(requestBudget);
    }

    @Override
    public boolean placeAnswerIsAcknowledgement() {
        // AddOrder answers with the txid and a description only.
        return true;
    }

    public KrakenRateLimits rateLimits() {
        return limits;
    }

    @Override
    public int maxConcurrentCallsPerKey() {
        // One key's calls must reach Kraken in nonce order: one at a time.
        return 1;
    }

    @Override
    public boolean sharesOpenOrdersRead() {
        // OpenOrders costs the same single unit as QueryOrders: one read follows all of a key's resting orders.
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Instrument> instruments() {
        return KrakenParser.instruments(publicGet("/0/public/AssetPairs", QueryString.of()));
    }

    @Override
    public OrderBook orderBook(Instrument instrument, int depth) {
        int count = Math.max(1, Math.min(depth, 500));
        JsonNode book = KrakenParser.firstValue(publicGet("/0/public/Depth",
                QueryString.of().add("pair", instrument.symbol()).add("count", count)));
        return new OrderBook(NAME, instrument.symbol(), Books.fromArrays(book.path("bids"), depth),
                Books.fromArrays(book.path("asks"), depth), clock.now());
    }

    @Override
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        JsonNode r = privatePost("TradeVolume", QueryString.of().add("pair", instrument.symbol()), account,
                limits.privateCall(account, 1), false);
        // Percentages ("0.2600" = 0.26 %); without a maker schedule the pair charges makers like takers.
        BigDecimal taker = Json.decimalOrZero(KrakenParser.firstValue(r.path("fees")), "fee");
        JsonNode makerNode = KrakenParser.firstValue(r.path("fees_maker"));
        BigDecimal maker = makerNode.isMissingNode() ? taker : Json.decimalOrZero(makerNode, "fee");
        return new FeeSchedule(maker.movePointLeft(2).stripTrailingZeros(), taker.movePointLeft(2).stripTrailingZeros());
    }

    @Override
    public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        nativeStops().check(name(), request);
        Instrument inst = request.instrument();
        String clientId = ClientIds.require(request.clientOrderId(), CLIENT_ID, NAME);
        io.nija.core.venue.NativeTrigger trigger = request.trigger();
        QueryString q = QueryString.of()
                .add("ordertype", trigger != null ? (trigger.kind() == io.nija.core.venue.NativeTrigger.Kind.STOP_LOSS
                        ? "stop-loss-limit" : "take-profit-limit") : request.type() == OrderType.MARKET ? "market" : "limit")
                .add("type", request.side().wire())
                .add("volume", Formats.quantity(inst, request.quantity()))
                .add("pair", inst.symbol());
        if (trigger != null) {
            // A triggered limit: price is the trigger (on the last trade), price2 the limit it then works at.
            q.add("price", Formats.price(inst, trigger.price()));
            q.add("price2", Formats.price(inst, request.limitPrice()));
        } else if (request.type() != OrderType.MARKET) {
            q.add("price", Formats.price(inst, request.limitPrice()));
        }
        if (request.type() == OrderType.IOC) {
            q.add("timeinforce", "IOC");
        }
        q.add("cl_ord_id", clientId);
        JsonNode r = privatePost("AddOrder", q, account, limits.addOrder(account, inst.symbol()), true);
        remember(account, clientId);
        // AddOrder only acknowledges; the executor reads the order back (see placeAnswerIsAcknowledgement).
        return AcceptedOrder.acknowledged(request, r.path("txid").path(0).asText(null),
                "acknowledged: " + r.path("descr").path("order").asText(""));
    }

    /**
     * stop-loss-limit and take-profit-limit orders. A waiting one holds its funds as any open Kraken order does, so a
     * stop loss and a take profit of the same coins cannot both wait.
     */
    @Override
    public io.nija.core.venue.NativeStops nativeStops() {
        return new io.nija.core.venue.NativeStops(true, true, true);
    }

    @Override
    public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        Duration age = age(account, clientOrderId);
        try {
            privatePost("CancelOrder", QueryString.of().add("cl_ord_id", clientOrderId), account,
                    limits.cancelOrder(account, instrument.symbol(), age), true);
        } catch (VenueException e) {
            if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                throw e;
            }
            // "EOrder:Unknown order" also answers a cancel of an order that already closed: filled, or cancelled
            // by an earlier try whose answer was lost. Its final state is among the closed orders.
            VenueOrderState closed = lookUp(account, instrument, clientOrderId, true).orElseThrow(() -> e);
            forget(account, clientOrderId);
            return closed;
        }
        // Cancelled, so closed: ClosedOrders first. Fills that beat the cancel come with it.
        VenueOrderState cancelled = lookUp(account, instrument, clientOrderId, true).orElseThrow(() ->
                new VenueException(VenueErrorKind.UNKNOWN, "kraken cancelled " + clientOrderId + " but no longer lists it"));
        forget(account, clientOrderId);
        return cancelled;
    }

    /** How long our order has rested, for Kraken's cancel cost; null when we did not place it in this process. */
    private Duration age(VenueAccount account, String clientOrderId) {
        Instant placed = placedAt.get(memoryKey(account, clientOrderId));
        return placed == null ? null : Duration.between(placed, clock.now());
    }

    @Override
    public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        return lookUp(account, instrument, clientOrderId, false);
    }

    @Override
    public List<VenueOrderState> openOrders(VenueAccount account) {
        JsonNode open = privatePost("OpenOrders", QueryString.of(), account, limits.privateCall(account, 1), false)
                .path("open");
        List<VenueOrderState> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : open.properties()) {
            out.add(KrakenParser.order(e.getKey(), e.getValue()));
        }
        return out;
    }

    @Override
    public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        return lookUp(account, instrument, clientOrderId, false).orElseThrow(() ->
                new VenueException(VenueErrorKind.ORDER_NOT_FOUND, "kraken has no order " + clientOrderId)).fills();
    }

    /**
     * GetWebSocketsToken: the token the private websocket subscribes with (valid 15 minutes until used, then for as
     * long as the connection lasts). Asked for once per connection, within the key's call budget.
     */
    public String webSocketsToken(VenueAccount account) {
        return privatePost("GetWebSocketsToken", QueryString.of(), account, limits.privateCall(account, 1), false)
                .path("token").asText();
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        JsonNode r = privatePost("BalanceEx", QueryString.of(), account, limits.privateCall(account, 1), false);
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : r.properties()) {
            // Suffixed codes (XBT.M, ETH2.S, USD.HOLD) are earn or held balances, not free trading balance.
            if (e.getKey().contains(".")) {
                continue;
            }
            BigDecimal free = Json.decimalOrZero(e.getValue(), "balance")
                    .subtract(Json.decimalOrZero(e.getValue(), "hold_trade"));
            out.merge(KrakenAssets.normalize(e.getKey()), free, BigDecimal::add);
        }
        return out;
    }

    /**
     * The order with this client id and, when anything filled, its trades. Open orders are searched first (a
     * resting order is what is asked about most), closed ones first when the order is known to be closed. The
     * whole read is paid for before its first call: both lookups and one QueryTrades, the unused part given back.
     */
    private Optional<VenueOrderState> lookUp(VenueAccount account, Instrument instrument, String clientOrderId,
                                             boolean closedFirst) {
        Budget budget = reserve(account, LOOKUP_COST);
        try {
            List<String> endpoints = closedFirst ? List.of("ClosedOrders", "OpenOrders") : List.of("OpenOrders", "ClosedOrders");
            for (String endpoint : endpoints) {
                JsonNode r = privatePost(endpoint, QueryString.of().add("trades", "true").add("cl_ord_id", clientOrderId),
                        account, budget.take(1), false);
                JsonNode orders = r.path("OpenOrders".equals(endpoint) ? "open" : "closed");
                for (Map.Entry<String, JsonNode> e : orders.properties()) {
                    if (clientOrderId.equals(e.getValue().path("cl_ord_id").asText())) {
                        return Optional.of(withTrades(account, instrument, e.getKey(), e.getValue(), budget));
                    }
                }
            }
            return Optional.empty();
        } finally {
            budget.giveBack();
        }
    }

    /** The order's state, with its fills read from QueryTrades when it has trades (batches of 20, cost 2 each). */
    private VenueOrderState withTrades(VenueAccount account, Instrument instrument, String txid, JsonNode order,
                                       Budget budget) {
        VenueOrderState state = KrakenParser.order(txid, order);
        List<String> ids = KrakenParser.tradeIds(order);
        if (ids.isEmpty() || state.filledQty() == null || state.filledQty().signum() == 0) {
            return state;
        }
        List<Fill> fills = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += TRADES_PER_CALL) {
            String batch = String.join(",", ids.subList(i, Math.min(ids.size(), i + TRADES_PER_CALL)));
            JsonNode trades = privatePost("QueryTrades", QueryString.of().add("txid", batch), account,
                    budget.take(TRADES_COST), false);
            for (Map.Entry<String, JsonNode> t : trades.properties()) {
                fills.add(KrakenParser.trade(t.getKey(), t.getValue(), Pairs.venueQuote(instrument)));
            }
        }
        return new VenueOrderState(state.venueOrderId(), state.clientOrderId(), state.symbol(), state.status(),
                state.quantity(), state.filledQty(), state.averagePrice(), fills, state.reason());
    }

    /** Takes {@code units} from the key's REST counter now, all or none (RATE_LIMITED, nothing spent). */
    private Budget reserve(VenueAccount account, int units) {
        List<Charge> all = limits.privateCall(account, units);
        limits.limiter().acquire(NAME, all);
        return new Budget(account, units);
    }

    /**
     * REST counter units already taken for a sequence of calls. Calls draw on it; a call beyond it is charged
     * as usual. What no call used goes back to the counter.
     */
    private final class Budget {
        private final VenueAccount account;
        private int left;

        Budget(VenueAccount account, int units) {
            this.account = account;
            this.left = units;
        }

        /** The charges a call of this cost still has to pay: none while the budget covers it. */
        Prepaid take(int units) {
            if (units <= left) {
                left -= units;
                return Prepaid.paid(limits.privateCall(account, units));
            }
            return Prepaid.charged(limits.privateCall(account, units));
        }

        void giveBack() {
            if (left > 0) {
                limits.limiter().refund(limits.privateCall(account, left));
                left = 0;
            }
        }
    }

    /**
     * One call's standing with the limiter: what it must still take ({@code toTake}, empty when paid for in
     * advance) and the buckets an exchange's rate-limit answer to it blocks ({@code rules}).
     */
    private record Prepaid(List<Charge> toTake, List<Charge> rules) {
        static Prepaid charged(List<Charge> charges) {
            return new Prepaid(charges, charges);
        }

        static Prepaid paid(List<Charge> charges) {
            return new Prepaid(List.of(), charges);
        }
    }

    /**
     * GetApiKeyInfo (needs no permission; one REST counter unit). Trading is create_modify_orders; a key without
     * cancel_close_orders is not refused here, its cancels fail later with Kraken's permission error. A 404 or
     * "Unknown method" (the method is recent) means unknown.
     */
    @Override
    public Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        return privatePost("GetApiKeyInfo", QueryString.of(), account, Prepaid.charged(limits.privateCall(account, 1)),
                false, true).map(r -> {
                    List<String> held = new ArrayList<>();
                    r.path("permissions").forEach(p -> held.add(p.asText()));
                    return new KeyPermissions(held.containsAll(READ_PERMISSIONS), held.contains("create_modify_orders"),
                            held.contains("withdraw_funds"));
                });
    }

    private JsonNode publicGet(String path, QueryString q) {
        String pathAndQuery = q.isEmpty() ? path : path + "?" + q.encode();
        List<Charge> charges = limits.publicCall();
        return execute(ApiCall.get(pathAndQuery).build(), Prepaid.charged(charges), false).orElseThrow();
    }

    /**
     * Kraken refuses a nonce that is not larger than the key's last one ("EAPI:Invalid nonce"), so the calls of one key
     * are sent one at a time, each with its nonce taken just before it leaves: concurrent callers would otherwise race
     * and a smaller nonce could arrive after a larger one.
     */
    private JsonNode privatePost(String method, QueryString params, VenueAccount account, List<Charge> charges,
                                 boolean mutating) {
        return privatePost(method, params, account, Prepaid.charged(charges), mutating);
    }

    private JsonNode privatePost(String method, QueryString params, VenueAccount account, Prepaid charges,
                                 boolean mutating) {
        return privatePost(method, params, account, charges, mutating, false).orElseThrow();
    }

    private Optional<JsonNode> privatePost(String method, QueryString params, VenueAccount account, Prepaid charges,
                                           boolean mutating, boolean emptyIfNotServed) {
        String path = "/0/private/" + method;
        // Held across the HTTP call on purpose (nonces must arrive in order). The executor runs at most one call per
        // key (maxConcurrentCallsPerKey), so in the router this lock is never waited on; it guards other callers.
        ReentrantLock lock = keyLocks.computeIfAbsent(Hashing.fingerprint(account.apiKey()), k -> new ReentrantLock());
        lock.lock();
        try {
            String nonce = Long.toString(nextNonce(account));
            String body = "nonce=" + nonce + (params.isEmpty() ? "" : "&" + params.encode());
            String sign = KrakenSigner.sign(account.apiSecret(), http.wirePath(path), nonce, body);
            ApiCall call = ApiCall.post(path, mutating)
                    .header("API-Key", account.apiKey())
                    .header("API-Sign", sign)
                    .body(body, "application/x-www-form-urlencoded; charset=utf-8")
                    .build();
            return execute(call, charges, emptyIfNotServed);
        } finally {
            lock.unlock();
        }
    }

    private Optional<JsonNode> execute(ApiCall call, Prepaid prepaid, boolean emptyIfNotServed) {
        List<Charge> charges = prepaid.rules();
        limits.limiter().acquire(NAME, prepaid.toTake());
        HttpReply reply = http.send(call);
        if (reply.status() == 429) {
            Duration retry = HttpFailures.retryAfter(reply, clock.now());
            VenueException e = HttpFailures.rateLimited(NAME, "HTTP 429", retry != null ? retry : limits.restBackOff());
            limits.limiter().backOff(charges, e.retryAfter());
            throw e;
        }
        if (reply.status() >= 500) {
            throw HttpFailures.serverError(NAME, reply, call.mutating());
        }
        JsonNode body = reply.isSuccess() ? Json.parse(reply.body()) : Json.parseLenient(reply.body());
        List<String> errors = KrakenErrors.errors(body);
        if (emptyIfNotServed && (reply.status() == 404 || errors.contains(UNKNOWN_METHOD))) {
            return Optional.empty();
        }
        if (!errors.isEmpty()) {
            VenueException e = KrakenErrors.map(errors, call.mutating(), clock.now(), limits);
            if (e.kind() == VenueErrorKind.RATE_LIMITED) {
                limits.limiter().backOff(charges, e.retryAfter());
            }
            throw e;
        }
        if (!reply.isSuccess()) {
            throw new VenueException(call.mutating() ? VenueErrorKind.UNKNOWN : VenueErrorKind.VENUE_UNAVAILABLE,
                    "kraken HTTP " + reply.status() + ": " + Json.abbreviate(reply.body()));
        }
        return Optional.of(body.path("result"));
    }

    /** Strictly increasing per API key, and at least the clock's milliseconds, as Kraken requires. */
    private long nextNonce(VenueAccount account) {
        AtomicLong last = nonces.computeIfAbsent(Hashing.fingerprint(account.apiKey()), k -> new AtomicLong());
        long now = clock.epochMillis();
        return last.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    private void remember(VenueAccount account, String clientId) {
        if (placedAt.size() > MAX_REMEMBERED_ORDERS) {
            placedAt.clear();
        }
        placedAt.put(memoryKey(account, clientId), clock.now());
    }

    private void forget(VenueAccount account, String clientId) {
        placedAt.remove(memoryKey(account, clientId));
    }

    private static String memoryKey(VenueAccount account, String clientId) {
        return Hashing.fingerprint(account.apiKey()) + "|" + clientId;
    }
}
