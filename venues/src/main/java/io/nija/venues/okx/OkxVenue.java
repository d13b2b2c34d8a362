package io.nija.venues.okx;

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
import io.nija.venues.common.QueryString;
import io.nija.venues.common.RateLimiter;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * OKX v5 spot, cash mode (tdMode=cash: no margin). Market orders are sized in base currency (tgtCcy=base_ccy),
 * because a spot market buy would otherwise be read as a quote amount. Demo trading is the production host with
 * the {@code x-simulated-trading: 1} header and demo keys.
 */
public final class OkxVenue implements Venue {
    public static final String NAME = "okx";
    public static final URI PRODUCTION = URI.create("https://www.okx.com");
    static final Pattern CLIENT_ID = Pattern.compile("[a-zA-Z0-9]{1,32}");

    private final HttpTransport http;
    private final Clock clock;
    private final OkxRateLimits limits;
    private final boolean demoTrading;
    private final LimiterBudget budget;

    public OkxVenue(URI baseUrl, Clock clock, HttpTimeouts timeouts, boolean demoTrading) {
        this(new HttpTransport(NAME, baseUrl, timeouts), clock, new OkxRateLimits(new RateLimiter(clock)), demoTrading);
    }

    public OkxVenue(HttpTransport http, Clock clock, OkxRateLimits limits, boolean demoTrading) {
        this.http = http;
        this.clock = clock;
        this.limits = limits;
        this.budget = new LimiterBudget(limits.limiter(), this::price,
                () -> limits.limiter().available(limits.books, Charge.SHARED_IP));
        this.demoTrading = demoTrading;
    }

    /** Demo trading: the same REST host with a header, but its own stream host (wspap). */
    public boolean demoTrading() {
        return demoTrading;
    }

    /** The clock requests are signed with; the private stream signs its login with it too. */
    public Clock clock() {
        return clock;
    }

    public OkxRateLimits rateLimits() {
        return limits;
    }

    /** OKX's per-endpoint limits, all per key (per key and instrument for orders); a cancel is followed by a read. */
    private List<Charge> price(VenueAccount account, CallKind kind, VenueOrderRequest order) {
        String instId = order.instrument().symbol();
        return switch (kind) {
            case PLACE -> limits.placeOrder(account, instId);
            case QUERY -> limits.perInstrument(limits.queryOrder, account, instId);
            case CANCEL -> concat(limits.perInstrument(limits.cancel, account, instId),
                    limits.perInstrument(limits.queryOrder, account, instId));
            case OPEN_ORDERS -> limits.perKey(limits.pending, account);
        };
    }

    private static List<Charge> concat(List<Charge> a, List<Charge> b) {
        List<Charge> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public Optional<RequestBudget> budget() {
        return Optional.of(budget);
    }

    @Override
    public boolean placeAnswerIsAcknowledgement() {
        // sCode 0 with an ordId: accepted, nothing more.
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Instrument> instruments() {
        return OkxParser.instruments(publicGet("/api/v5/public/instruments", QueryString.of().add("instType", "SPOT"),
                limits.perIp(limits.instruments)));
    }

    @Override
    public OrderBook orderBook(Instrument instrument, int depth) {
        JsonNode book = publicGet("/api/v5/market/books", QueryString.of().add("instId", instrument.symbol())
                .add("sz", Math.max(1, Math.min(depth, 400))), limits.perIp(limits.books)).path(0);
        return new OrderBook(NAME, instrument.symbol(), Books.fromArrays(book.path("bids"), depth),
                Books.fromArrays(book.path("asks"), depth), clock.now());
    }

    @Override
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        JsonNode f = privateGet("/api/v5/account/trade-fee", QueryString.of().add("instType", "SPOT")
                .add("instId", instrument.symbol()), account, limits.perKey(limits.tradeFee, account)).path(0);
        // Negative is a charge, positive a rebate; core wants the rate charged.
        return new FeeSchedule(Json.decimalOrZero(f, "maker").negate().stripTrailingZeros(),
                Json.decimalOrZero(f, "taker").negate().stripTrailingZeros());
    }

    @Override
    public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        // No native stop or take-profit orders here yet: refused before anything is sent, never placed as a plain limit.
        io.nija.core.venue.NativeStops.NONE.check(name(), request);
        Instrument inst = request.instrument();
        String clientId = ClientIds.require(request.clientOrderId(), CLIENT_ID, NAME);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("instId", inst.symbol());
        body.put("tdMode", "cash");
        body.put("clOrdId", clientId);
        body.put("side", request.side().wire());
        body.put("ordType", switch (request.type()) {
            case MARKET -> "market";
            case LIMIT -> "limit";
            case IOC -> "ioc";
        });
        body.put("sz", Formats.quantity(inst, request.quantity()));
        if (request.type() == OrderType.MARKET) {
            body.put("tgtCcy", "base_ccy");
        } else {
            body.put("px", Formats.price(inst, request.limitPrice()));
        }
        JsonNode ack = privatePost("/api/v5/trade/order", body, account, limits.placeOrder(account, inst.symbol()), true)
                .path(0);
        // sCode 0 with an ordId: accepted. The executor reads the state back (placeAnswerIsAcknowledgement).
        return AcceptedOrder.acknowledged(request, ack.path("ordId").asText(null), "acknowledged");
    }

    @Override
    public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("instId", instrument.symbol());
        body.put("clOrdId", clientOrderId);
        try {
            privatePost("/api/v5/trade/cancel-order", body, account,
                    limits.perInstrument(limits.cancel, account, instrument.symbol()), true);
        } catch (VenueException e) {
            if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                throw e;
            }
            // Already filled or cancelled also lands here: report the order's final state when it exists.
            return queryOrder(account, instrument, clientOrderId).orElseThrow(() -> e);
        }
        return queryOrder(account, instrument, clientOrderId).orElseThrow(() -> new VenueException(
                VenueErrorKind.UNKNOWN, "okx cancelled " + clientOrderId + " but no longer lists it"));
    }

    @Override
    public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        try {
            JsonNode o = privateGet("/api/v5/trade/order", QueryString.of().add("instId", instrument.symbol())
                    .add("clOrdId", clientOrderId), account,
                    limits.perInstrument(limits.queryOrder, account, instrument.symbol())).path(0);
            return o.isMissingNode() ? Optional.empty() : Optional.of(OkxParser.order(o));
        } catch (VenueException e) {
            // 51603 "Order does not exist" is OKX saying so.
            if (e.kind() == VenueErrorKind.ORDER_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<VenueOrderState> openOrders(VenueAccount account) {
        List<VenueOrderState> out = new ArrayList<>();
        String after = null;
        // 100 per page, paged backwards by ordId; ten pages cover the 500-per-symbol cap on a few symbols.
        for (int page = 0; page < 10; page++) {
            JsonNode data = privateGet("/api/v5/trade/orders-pending", QueryString.of().add("instType", "SPOT")
                    .add("after", after).add("limit", 100), account, limits.perKey(limits.pending, account));
            data.forEach(o -> out.add(OkxParser.order(o)));
            if (data.size() < 100) {
                break;
            }
            after = data.path(data.size() - 1).path("ordId").asText();
        }
        return out;
    }

    @Override
    public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        VenueOrderState order = queryOrder(account, instrument, clientOrderId).orElseThrow(() ->
                new VenueException(VenueErrorKind.ORDER_NOT_FOUND, "okx has no order " + clientOrderId));
        if (order.filledQty().signum() == 0) {
            return List.of();
        }
        QueryString q = QueryString.of().add("instType", "SPOT").add("instId", instrument.symbol())
                .add("ordId", order.venueOrderId()).add("limit", 100);
        Map<String, Fill> byId = new LinkedHashMap<>();
        privateGet("/api/v5/trade/fills", q, account, limits.perKey(limits.fills, account))
                .forEach(f -> byId.putIfAbsent(OkxParser.fillId(f), OkxParser.fill(f)));
        // /fills covers three days; older executions are only in /fills-history.
        if (sum(byId.values()).compareTo(order.filledQty()) < 0) {
            privateGet("/api/v5/trade/fills-history", q, account, limits.perKey(limits.fillsHistory, account))
                    .forEach(f -> byId.putIfAbsent(OkxParser.fillId(f), OkxParser.fill(f)));
        }
        return List.copyOf(byId.values());
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        JsonNode details = privateGet("/api/v5/account/balance", QueryString.of(), account,
                limits.perKey(limits.balance, account)).path(0).path("details");
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (JsonNode d : details) {
            BigDecimal avail = Json.decimal(d, "availBal");
            if (avail == null) {
                avail = Json.decimalOrZero(d, "cashBal").subtract(Json.decimalOrZero(d, "frozenBal"));
            }
            out.put(d.path("ccy").asText(), avail);
        }
        return out;
    }

    /**
     * GET /api/v5/account/config: perm is a comma list of read_only, trade, withdraw. OKX has no key without read (the
     * signed call answering at all proves it), so read is not taken from the list. A 404 means unknown.
     */
    @Override
    public Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        String path = "/api/v5/account/config";
        return execute(signed(ApiCall.get(path), "GET", path, "", account),
                limits.perKey(limits.accountConfig, account), true).map(data -> {
                    List<String> perm = List.of(data.path(0).path("perm").asText("").split(","));
                    return new KeyPermissions(true, perm.contains("trade"), perm.contains("withdraw"));
                });
    }

    private static BigDecimal sum(java.util.Collection<Fill> fills) {
        return fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private JsonNode publicGet(String path, QueryString q, List<Charge> charges) {
        ApiCall.Builder call = ApiCall.get(path + "?" + q.encode());
        if (demoTrading) {
            call.header("x-simulated-trading", "1");
        }
        return execute(call.build(), charges);
    }

    private JsonNode privateGet(String path, QueryString q, VenueAccount account, List<Charge> charges) {
        String pathAndQuery = q.isEmpty() ? path : path + "?" + q.encode();
        return execute(signed(ApiCall.get(pathAndQuery), "GET", pathAndQuery, "", account), charges);
    }

    private JsonNode privatePost(String path, Map<String, String> body, VenueAccount account, List<Charge> charges,
                                 boolean mutating) {
        String json = Json.write(body);
        ApiCall.Builder call = ApiCall.post(path, mutating).body(json, "application/json");
        return execute(signed(call, "POST", path, json, account), charges);
    }

    /** The signature covers the exact request path (with query) and body as sent. */
    private ApiCall signed(ApiCall.Builder call, String method, String pathAndQuery, String body, VenueAccount account) {
        if (account.passphrase() == null || account.passphrase().isEmpty()) {
            throw new VenueException(VenueErrorKind.AUTH_FAILED, "okx API keys need their passphrase");
        }
        String ts = OkxSigner.timestamp(clock.now());
        call.header("OK-ACCESS-KEY", account.apiKey())
                .header("OK-ACCESS-SIGN", OkxSigner.sign(account.apiSecret(), ts, method, http.wirePath(pathAndQuery), body))
                .header("OK-ACCESS-TIMESTAMP", ts)
                .header("OK-ACCESS-PASSPHRASE", account.passphrase());
        if (demoTrading) {
            call.header("x-simulated-trading", "1");
        }
        return call.build();
    }

    private JsonNode execute(ApiCall call, List<Charge> charges) {
        return execute(call, charges, false).orElseThrow();
    }

    /** {@code emptyIfNotServed}: a 404 (an endpoint this deployment lacks) is an empty answer, not an error. */
    private Optional<JsonNode> execute(ApiCall call, List<Charge> charges, boolean emptyIfNotServed) {
        limits.limiter().acquire(NAME, charges);
        HttpReply reply = http.send(call);
        if (emptyIfNotServed && reply.status() == 404) {
            return Optional.empty();
        }
        if (reply.status() == 429) {
            Duration retry = HttpFailures.retryAfter(reply, clock.now());
            VenueException e = HttpFailures.rateLimited(NAME, "HTTP 429 " + Json.abbreviate(reply.body()),
                    retry != null ? retry : Duration.ofSeconds(2));
            limits.limiter().backOff(charges, e.retryAfter());
            throw e;
        }
        if (reply.status() >= 500) {
            throw HttpFailures.serverError(NAME, reply, call.mutating());
        }
        JsonNode body = Json.parseLenient(reply.body());
        String code = OkxErrors.failingCode(body);
        if (code == null && reply.isSuccess() && !body.isMissingNode()) {
            return Optional.of(body.path("data"));
        }
        if (code == null) {
            code = reply.status() == 401 ? "50113" : "";
        }
        VenueException e = OkxErrors.map(code, OkxErrors.failingMessage(body).isEmpty()
                ? "HTTP " + reply.status() : OkxErrors.failingMessage(body), call.mutating());
        if (e.kind() == VenueErrorKind.RATE_LIMITED) {
            limits.limiter().backOff(charges, e.retryAfter());
        }
        throw e;
    }

}
