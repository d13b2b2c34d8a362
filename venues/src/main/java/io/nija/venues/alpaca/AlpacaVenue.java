package io.nija.venues.alpaca;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Alpaca crypto over the Trading API (v2) plus the crypto market-data API for books. Keys travel as headers on
 * every private call; there is no signature. Crypto orders allow only gtc and ioc time in force.
 */
public final class AlpacaVenue implements Venue {
    public static final String NAME = "alpaca";
    public static final URI PRODUCTION = URI.create("https://api.alpaca.markets");
    public static final URI PAPER = URI.create("https://paper-api.alpaca.markets");
    public static final URI MARKET_DATA = URI.create("https://data.alpaca.markets");
    /**
     * Tier 1 (30-day volume under 100,000 USD) of Alpaca's crypto maker/taker schedule in force since 13 March 2023:
     * 0.15 % maker, 0.25 % taker (Alpaca's crypto maker/taker FAQ). Alpaca has no endpoint that returns the rate.
     */
    static final BigDecimal TIER1_MAKER_FEE = new BigDecimal("0.0015");
    static final BigDecimal TIER1_TAKER_FEE = new BigDecimal("0.0025");
    static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final HttpTransport trading;
    private final HttpTransport data;
    private final Clock clock;
    private final AlpacaRateLimits limits;
    private final VenueAccount listingAccount;
    private final LimiterBudget budget;

    public AlpacaVenue(URI tradingUrl, URI marketDataUrl, Clock clock, HttpTimeouts timeouts) {
        this(tradingTransport(tradingUrl, timeouts), marketDataUrl, clock, timeouts);
    }

    private AlpacaVenue(HttpTransport trading, URI marketDataUrl, Clock clock, HttpTimeouts timeouts) {
        this(trading, new HttpTransport(NAME, marketDataUrl, timeouts, trading.client()), clock,
                new AlpacaRateLimits(new RateLimiter(clock)), null);
    }

    /**
     * @param listingAccount keys used for the asset list, which Alpaca serves only to authenticated callers while
     *                       the Venue port asks for instruments without an account; null sends no keys (enough
     *                       for the simulator)
     */
    public AlpacaVenue(HttpTransport trading, HttpTransport data, Clock clock, AlpacaRateLimits limits,
                       VenueAccount listingAccount) {
        this.trading = trading;
        this.data = data;
        this.clock = clock;
        this.limits = limits;
        this.budget = new LimiterBudget(limits.limiter(), this::price,
                () -> limits.limiter().available(limits.data, Charge.SHARED_IP));
        this.listingAccount = listingAccount;
    }

    /** The same adapter, listing assets with {@code account}'s keys. */
    public AlpacaVenue withListingAccount(VenueAccount account) {
        return new AlpacaVenue(trading, data, clock, limits, account);
    }

    private static HttpTransport tradingTransport(URI url, HttpTimeouts timeouts) {
        return new HttpTransport(NAME, url, timeouts);
    }

    public AlpacaRateLimits rateLimits() {
        return limits;
    }

    /**
     * One trading-API limit per key. A cancel is a read, the cancel and a read of the final state: three calls, the
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
        // POST /v2/orders answers with the order as just accepted (usually new, nothing filled yet).
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Instrument> instruments() {
        ApiCall.Builder call = ApiCall.get("/v2/assets?" + QueryString.of().add("asset_class", "crypto")
                .add("status", "active").encode());
        JsonNode assets = listingAccount == null
                ? execute(trading, call.build(), limits.dataCall())
                : execute(trading, AlpacaAuth.authenticate(call, listingAccount).build(), limits.privateCall(listingAccount));
        return AlpacaParser.instruments(assets);
    }

    @Override
    public OrderBook orderBook(Instrument instrument, int depth) {
        JsonNode r = execute(data, ApiCall.get("/v1beta3/crypto/us/latest/orderbooks?"
                + QueryString.of().add("symbols", instrument.symbol()).encode()).build(), limits.dataCall());
        JsonNode book = r.path("orderbooks").path(instrument.symbol());
        return new OrderBook(NAME, instrument.symbol(), Books.fromObjects(book.path("b"), "p", "s", depth),
                Books.fromObjects(book.path("a"), "p", "s", depth), clock.now());
    }

    @Override
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        return new FeeSchedule(TIER1_MAKER_FEE, TIER1_TAKER_FEE);
    }

    @Override
    public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        // Stop losses only (stop_limit); a take profit is refused before anything is sent, never placed as a plain limit.
        nativeStops().check(name(), request);
        Instrument inst = request.instrument();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("symbol", inst.symbol());
        body.put("qty", Formats.quantity(inst, request.quantity()));
        body.put("side", request.side().wire());
        body.put("type", request.trigger() != null ? "stop_limit" : request.type() == OrderType.MARKET ? "market" : "limit");
        body.put("time_in_force", request.type() == OrderType.IOC ? "ioc" : "gtc");
        if (request.type() != OrderType.MARKET) {
            body.put("limit_price", Formats.price(inst, request.limitPrice()));
        }
        if (request.trigger() != null) {
            body.put("stop_price", Formats.price(inst, request.trigger().price()));
        }
        body.put("client_order_id", ClientIds.require(request.clientOrderId(), CLIENT_ID, NAME));
        ApiCall call = AlpacaAuth.authenticate(ApiCall.post("/v2/orders", true).body(Json.write(body), "application/json"),
                account).build();
        return AlpacaParser.order(execute(trading, call, limits.privateCall(account)));
    }

    /**
     * Crypto stop_limit orders: a sell fires when the price falls to its stop_price, a buy when it rises to it, so
     * they are stop losses only (a take profit would fire at once). The quantity of an open sell is held while it
     * waits, so a take profit beside it could not sell the same coins.
     */
    @Override
    public io.nija.core.venue.NativeStops nativeStops() {
        return new io.nija.core.venue.NativeStops(true, false, true);
    }

    @Override
    public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        VenueOrderState order = queryOrder(account, instrument, clientOrderId).orElseThrow(() ->
                new VenueException(VenueErrorKind.ORDER_NOT_FOUND, "alpaca has no order " + clientOrderId));
        if (order.status().isFinal()) {
            return order;
        }
        String path = "/v2/orders/" + QueryString.encodeComponent(order.venueOrderId());
        try {
            execute(trading, AlpacaAuth.authenticate(ApiCall.delete(path), account).build(), limits.privateCall(account));
        } catch (VenueException e) {
            // 422 "order is not cancelable": it finished meanwhile; its final state is the answer.
            if (e.kind() == VenueErrorKind.RATE_LIMITED || e.kind() == VenueErrorKind.AUTH_FAILED
                    || e.kind() == VenueErrorKind.PERMISSION_DENIED) {
                throw e;
            }
        }
        // Alpaca cancels asynchronously; the state may still read pending_cancel (reported as open).
        return getOrder(account, order.venueOrderId());
    }

    @Override
    public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        try {
            JsonNode o = execute(trading, AlpacaAuth.authenticate(ApiCall.get("/v2/orders:by_client_order_id?"
                    + QueryString.of().add("client_order_id", clientOrderId).encode()), account).build(),
                    limits.privateCall(account));
            return Optional.of(AlpacaParser.order(o));
        } catch (VenueException e) {
            // 404 is Alpaca saying there is no such order.
            if (e.kind() == VenueErrorKind.ORDER_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<VenueOrderState> openOrders(VenueAccount account) {
        JsonNode list = execute(trading, AlpacaAuth.authenticate(ApiCall.get("/v2/orders?status=open&limit=500"),
                account).build(), limits.privateCall(account));
        List<VenueOrderState> out = new ArrayList<>();
        list.forEach(o -> out.add(AlpacaParser.order(o)));
        return out;
    }

    /** FILL activities from the order's submission on, filtered to this order. */
    @Override
    public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        JsonNode order = execute(trading, AlpacaAuth.authenticate(ApiCall.get("/v2/orders:by_client_order_id?"
                + QueryString.of().add("client_order_id", clientOrderId).encode()), account).build(),
                limits.privateCall(account));
        return fillsOfOrder(account, order);
    }

    /**
     * The FILL activities of an order given as Alpaca writes it (REST, or a trade_updates event's {@code order}),
     * without reading the order again: a pushed fill costs the activities read and no order-status request.
     */
    public List<Fill> fillsOfOrder(VenueAccount account, JsonNode order) {
        String orderId = order.path("id").asText();
        if (Json.decimalOrZero(order, "filled_qty").signum() == 0) {
            return List.of();
        }
        String submitted = Json.text(order, "submitted_at");
        String after = submitted == null ? null : Instant.parse(submitted).minusSeconds(1).toString();
        List<Fill> out = new ArrayList<>();
        String pageToken = null;
        for (int page = 0; page < 20; page++) {
            QueryString q = QueryString.of().add("after", after).add("direction", "asc").add("page_size", 100)
                    .add("page_token", pageToken);
            JsonNode acts = execute(trading, AlpacaAuth.authenticate(ApiCall.get("/v2/account/activities/FILL?"
                    + q.encode()), account).build(), limits.privateCall(account));
            for (JsonNode a : acts) {
                if (orderId.equals(a.path("order_id").asText())) {
                    out.add(AlpacaParser.fill(a));
                }
            }
            if (acts.size() < 100) {
                break;
            }
            pageToken = acts.path(acts.size() - 1).path("id").asText();
        }
        return out;
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        JsonNode acct = execute(trading, AlpacaAuth.authenticate(ApiCall.get("/v2/account"), account).build(),
                limits.privateCall(account));
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        // Crypto is bought with non-marginable buying power (cash not tied up by open orders).
        BigDecimal usd = Json.decimal(acct, "non_marginable_buying_power");
        out.put(acct.path("currency").asText("USD"), usd != null ? usd : Json.decimalOrZero(acct, "cash"));
        JsonNode positions = execute(trading, AlpacaAuth.authenticate(ApiCall.get("/v2/positions"), account).build(),
                limits.privateCall(account));
        for (JsonNode p : positions) {
            if (!"crypto".equals(p.path("asset_class").asText())) {
                continue;
            }
            BigDecimal free = Json.decimal(p, "qty_available");
            out.merge(positionAsset(p.path("symbol").asText()), free != null ? free : Json.decimalOrZero(p, "qty"),
                    BigDecimal::add);
        }
        return out;
    }

    /**
     * Alpaca keys have no scopes: a key that reads the account can read, it can trade unless the account is blocked,
     * and withdrawals are not made with Trading API keys at all.
     */
    @Override
    public Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        JsonNode acct = execute(trading, AlpacaAuth.authenticate(ApiCall.get("/v2/account"), account).build(),
                limits.privateCall(account));
        boolean blocked = acct.path("trading_blocked").asBoolean(false) || acct.path("account_blocked").asBoolean(false);
        return Optional.of(new KeyPermissions(true, !blocked, false));
    }

    /** Positions are named like BTCUSD (no slash): the asset held is the part before the quote. */
    static String positionAsset(String symbol) {
        String s = symbol.replace("/", "");
        for (String quote : new String[] {"USDT", "USDC", "USD", "BTC"}) {
            if (s.endsWith(quote) && s.length() > quote.length()) {
                return s.substring(0, s.length() - quote.length());
            }
        }
        return s;
    }

    private VenueOrderState getOrder(VenueAccount account, String orderId) {
        return AlpacaParser.order(execute(trading, AlpacaAuth.authenticate(ApiCall.get("/v2/orders/"
                + QueryString.encodeComponent(orderId)), account).build(), limits.privateCall(account)));
    }

    private JsonNode execute(HttpTransport http, ApiCall call, List<Charge> charges) {
        limits.limiter().acquire(NAME, charges);
        HttpReply reply = http.send(call);
        if (!reply.isSuccess()) {
            VenueException e = AlpacaErrors.map(reply, call.mutating(), clock.now());
            if (e.kind() == VenueErrorKind.RATE_LIMITED) {
                limits.limiter().backOff(charges, e.retryAfter());
            }
            throw e;
        }
        return Json.parse(reply.body());
    }
}
