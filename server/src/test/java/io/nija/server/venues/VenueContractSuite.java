package io.nija.server.venues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.ClientOrderIds;
import io.nija.core.order.Fill;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.Clock;
import io.nija.core.time.SystemClock;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.KeyPermissions;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.account.Credentials;
import io.nija.sim.account.PaperCredentials;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.market.SeededMarkets;
import io.nija.sim.market.VenueSpec;
import io.nija.venues.VenueAdapters;
import io.nija.venues.common.HttpTimeouts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter-versus-dialect contract, written once and run for every exchange: the HTTP adapter from module venues
 * (built by {@link VenueAdapters}) talks to the simulator's dialect of the same exchange over loopback, and every
 * answer it gives through the core {@link Venue} port is checked against the simulated exchange's own engine.
 *
 * <p>Each test gets a fresh simulator of just this venue on an ephemeral port and an account created through
 * {@code POST /__sim/accounts}, with credentials in the exchange's own format. A subclass names the venue and may
 * adjust the instrument traded ({@link #base()}), the starting balances and the client order ids.
 */
public abstract class VenueContractSuite {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 20260105L;

    protected final Clock clock = new SystemClock();
    protected SimulatedExchanges sim;
    protected SimHttpServer server;
    protected MatchingEngine engine;
    protected Venue adapter;
    protected VenueAccount account;
    protected Instrument instrument;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** The venue under test: binance, kraken, coinbase, alpaca, okx or bybit. */
    protected abstract String venue();

    /** The base asset of the instrument the trading tests use. */
    protected String base() {
        return "BTC";
    }

    /** What the test account starts with: 100,000 of the venue's quote asset and 2 of the base asset. */
    protected Map<String, String> startingBalances(VenueSpec spec) {
        return Map.of(spec.quoteAsset(), "100000", base(), "2");
    }

    /** A client order id in the exchange's format. */
    protected String clientOrderId(String tag) {
        return ClientOrderIds.forLeg(venue(), tag + "-" + UUID.randomUUID(), 0, 0);
    }

    /**
     * What the adapter should report for a key granted these simulator permissions ("read", "trade", "withdraw"):
     * the same, unless the venue cannot say (Alpaca has no key scopes).
     */
    protected KeyPermissions expectedPermissions(List<String> granted) {
        return new KeyPermissions(granted.contains("read"), granted.contains("trade"), granted.contains("withdraw"));
    }

    /** Adapter timeouts: short, so the accept-then-timeout test is quick. */
    protected HttpTimeouts timeouts() {
        return new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @BeforeEach
    void startSimulator() throws Exception {
        VenueSpec spec = SeededMarkets.venue(venue());
        sim = new SimulatedExchanges(clock, SEED, List.of(spec), Sleeper.threadSleep());
        server = SimHttpServer.start(sim, 0);
        engine = sim.engine(venue());
        Credentials c = PaperCredentials.derive(SEED, venue(), "contract-suite", spec.credentialStyle());
        ObjectNode body = JSON.createObjectNode().put("api_key", c.apiKey()).put("api_secret", c.apiSecret());
        if (c.passphrase() != null) {
            body.put("passphrase", c.passphrase());
        }
        ObjectNode balances = body.putObject("balances");
        startingBalances(spec).forEach(balances::put);
        HttpResponse<String> created = admin("POST", "/__sim/accounts", body.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        account = new VenueAccount("contract-user", venue(), c.apiKey(), c.apiSecret(), c.passphrase());
        adapter = VenueAdapters.create(venue(), server.baseUrl(venue()), clock, timeouts());
        instrument = engine.instruments().stream().filter(i -> i.pair().base().equals(base())).findFirst()
                .orElseThrow(() -> new IllegalStateException(venue() + " lists no " + base()));
    }

    @AfterEach
    void stopSimulator() {
        if (server != null) {
            server.close();
        }
    }

    protected HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl(venue()) + path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected void faults(String json) throws Exception {
        HttpResponse<String> r = admin("POST", "/__sim/faults", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** A buy price well below the best bid, so a limit buy rests. */
    protected BigDecimal restingBuyPrice() {
        BigDecimal bid = engine.book(instrument.symbol(), 1).bestBid();
        return Decimals.floorToStep(bid.multiply(new BigDecimal("0.9")), instrument.tickSize());
    }

    /** A quantity on the lot grid worth about {@code notional} at {@code price}, never below the minimums. */
    protected BigDecimal quantityWorth(BigDecimal notional, BigDecimal price) {
        BigDecimal q = Decimals.ceilToStep(notional.divide(price, 12, RoundingMode.UP), instrument.lotSize());
        BigDecimal min = Decimals.ceilToStep(instrument.minQty().max(instrument.lotSize()), instrument.lotSize());
        return q.max(min);
    }

    /** True for venues that send a market buy's quote amount rather than its quantity (Coinbase, Bybit). */
    protected boolean sizesMarketBuysInQuote() {
        return false;
    }

    /** Twice the minimum notional, or 20 of the quote asset where there is none. */
    protected BigDecimal smallNotional() {
        return instrument.minNotional().signum() > 0 ? instrument.minNotional().multiply(BigDecimal.valueOf(4))
                : BigDecimal.valueOf(20);
    }

    protected VenueOrderRequest limit(String cid, Side side, BigDecimal qty, BigDecimal price) {
        return new VenueOrderRequest(instrument, cid, side, OrderType.LIMIT, qty, price);
    }

    private static void assertSame(BigDecimal actual, BigDecimal expected, String what) {
        assertThat(actual).as(what).isNotNull();
        assertThat(actual).as(what).isEqualByComparingTo(expected);
    }

    private VenueException venueError(Runnable call) {
        VenueException e = catchThrowableOfType(VenueException.class, call::run);
        assertThat(e).as("expected a VenueException").isNotNull();
        return e;
    }

    // ---- market data ------------------------------------------------------------------------------------

    @Test
    void instrumentsAreListedWithTickLotAndMinNotional() {
        List<Instrument> listed = adapter.instruments();
        for (Instrument expected : engine.instruments()) {
            Instrument got = listed.stream().filter(i -> i.symbol().equals(expected.symbol())).findFirst()
                    .orElseThrow(() -> new AssertionError(expected.symbol() + " missing from " + listed));
            assertThat(got.venue()).isEqualTo(venue());
            assertThat(got.pair()).isEqualTo(expected.pair());
            assertSame(got.tickSize(), expected.tickSize(), expected.symbol() + " tick");
            assertSame(got.lotSize(), expected.lotSize(), expected.symbol() + " lot");
            assertSame(got.minNotional(), expected.minNotional(), expected.symbol() + " min notional");
        }
    }

    @Test
    void orderBookIsTheEnginesBook() {
        OrderBook got = adapter.orderBook(instrument, 10);
        OrderBook expected = engine.book(instrument.symbol(), 10);
        assertThat(got.bids()).hasSize(expected.bids().size());
        assertThat(got.asks()).hasSize(expected.asks().size());
        for (int i = 0; i < expected.bids().size(); i++) {
            assertLevel(got.bids().get(i), expected.bids().get(i));
            assertLevel(got.asks().get(i), expected.asks().get(i));
        }
        assertThat(got.bestBid()).isLessThan(got.bestAsk());
    }

    private static void assertLevel(PriceLevel got, PriceLevel expected) {
        assertSame(got.price(), expected.price(), "level price");
        assertSame(got.quantity(), expected.quantity(), "level quantity at " + expected.price());
    }

    @Test
    void feesAreTheAccountsRates() {
        FeeSchedule got = adapter.fees(account, instrument);
        FeeSchedule expected = engine.fees(account.apiKey());
        assertSame(got.maker(), expected.maker(), "maker");
        assertSame(got.taker(), expected.taker(), "taker");
    }

    @Test
    void balancesAreTheAccountsFreeBalances() {
        Map<String, BigDecimal> got = adapter.balances(account);
        for (Balance b : engine.balances(account.apiKey()).values()) {
            if (b.available().signum() > 0) {
                assertThat(got).as(b.asset()).containsKey(b.asset());
                assertSame(got.get(b.asset()), b.available(), b.asset());
            }
        }
    }

    // ---- orders -----------------------------------------------------------------------------------------

    @Test
    void limitOrderRestsIsFoundByClientIdAndListedThenCancels() {
        BigDecimal price = restingBuyPrice();
        BigDecimal qty = quantityWorth(smallNotional(), price);
        String cid = clientOrderId("rest");
        VenueOrderState placed = adapter.placeOrder(account, limit(cid, Side.BUY, qty, price));
        assertThat(placed.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(placed.clientOrderId()).isEqualTo(cid);
        OrderView inEngine = engine.orderByClientId(account.apiKey(), cid).orElseThrow();
        assertThat(placed.venueOrderId()).isEqualTo(inEngine.venueOrderId());

        VenueOrderState queried = adapter.queryOrder(account, instrument, cid).orElseThrow();
        assertThat(queried.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(queried.venueOrderId()).isEqualTo(inEngine.venueOrderId());
        assertSame(queried.quantity(), qty, "quantity");
        assertSame(queried.filledQty(), BigDecimal.ZERO, "filled");

        assertThat(adapter.openOrders(account)).extracting(VenueOrderState::clientOrderId).contains(cid);

        VenueOrderState cancelled = adapter.cancelOrder(account, instrument, cid);
        assertThat(cancelled.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(engine.orderByClientId(account.apiKey(), cid).orElseThrow().isOpen()).isFalse();
        assertThat(adapter.queryOrder(account, instrument, cid).orElseThrow().status())
                .isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(adapter.openOrders(account)).extracting(VenueOrderState::clientOrderId).doesNotContain(cid);
    }

    @Test
    void aNativeStopWaitsAtTheVenueUntilATradeReachesItAndWhereTheAdapterHasNoneNothingIsSent() {
        List<PriceLevel> bids = engine.book(instrument.symbol(), 5).bids();
        BigDecimal stopPrice = bids.get(2).price();
        BigDecimal limit = Decimals.floorToStep(stopPrice.multiply(new BigDecimal("0.9")), instrument.tickSize());
        BigDecimal qty = quantityWorth(smallNotional(), limit);
        String cid = clientOrderId("stop");
        VenueOrderRequest stop = VenueOrderRequest.triggered(instrument, cid, Side.SELL, qty, limit,
                io.nija.core.venue.NativeTrigger.stopLoss(stopPrice));
        if (!adapter.nativeStops().stopLoss()) {
            // Sent as a plain limit, this sell far below the bid would trade at once: refused before anything leaves.
            assertThat(venueError(() -> adapter.placeOrder(account, stop)).kind())
                    .isEqualTo(io.nija.core.venue.VenueErrorKind.INVALID_PRICE_OR_QTY);
            assertThat(engine.orderByClientId(account.apiKey(), cid)).isEmpty();
            return;
        }
        VenueOrderState placed = adapter.placeOrder(account, stop);
        assertThat(placed.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(engine.orderByClientId(account.apiKey(), cid).orElseThrow().waitingForTrigger()).isTrue();
        VenueOrderState waiting = adapter.queryOrder(account, instrument, cid).orElseThrow();
        assertThat(waiting.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertSame(waiting.filledQty(), BigDecimal.ZERO, "filled while waiting");
        assertThat(adapter.openOrders(account)).extracting(VenueOrderState::clientOrderId).contains(cid);

        // Another trader sells through the first three bid levels: the last trade prints at the stop price.
        BigDecimal through = bids.get(0).quantity().add(bids.get(1).quantity()).add(bids.get(2).quantity());
        engine.openAccount("whale-key", "whale-secret-0123456789", null, Map.of(base(), new BigDecimal("1000000")));
        engine.place("whale-key", io.nija.sim.engine.NewOrder.market(instrument.symbol(), null, Side.SELL, through));
        VenueOrderState fired = adapter.queryOrder(account, instrument, cid).orElseThrow();
        assertThat(fired.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertSame(fired.filledQty(), qty, "filled once fired");

        // A take profit above the market waits, and a cancel takes it off.
        BigDecimal target = Decimals.floorToStep(engine.book(instrument.symbol(), 1).bestAsk().multiply(new BigDecimal("1.1")),
                instrument.tickSize());
        String tpId = clientOrderId("tp");
        VenueOrderRequest takeProfit = VenueOrderRequest.triggered(instrument, tpId, Side.SELL, qty, target,
                io.nija.core.venue.NativeTrigger.takeProfit(target));
        if (!adapter.nativeStops().takeProfit()) {
            // Stop losses only (Alpaca): a take profit is refused before anything leaves.
            assertThat(venueError(() -> adapter.placeOrder(account, takeProfit)).kind())
                    .isEqualTo(io.nija.core.venue.VenueErrorKind.INVALID_PRICE_OR_QTY);
            assertThat(engine.orderByClientId(account.apiKey(), tpId)).isEmpty();
            return;
        }
        assertThat(adapter.placeOrder(account, takeProfit).status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(engine.orderByClientId(account.apiKey(), tpId).orElseThrow().waitingForTrigger()).isTrue();
        assertThat(adapter.cancelOrder(account, instrument, tpId).status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(engine.orderByClientId(account.apiKey(), tpId).orElseThrow().isOpen()).isFalse();
    }

    @Test
    void marketOrderFillsWithTheEnginesQuantitiesPricesAndFees() {
        BigDecimal ask = engine.book(instrument.symbol(), 1).bestAsk();
        BigDecimal qty = quantityWorth(smallNotional(), ask);
        String cid = clientOrderId("mkt");
        VenueOrderState placed = adapter.placeOrder(account,
                new VenueOrderRequest(instrument, cid, Side.BUY, OrderType.MARKET, qty, null, qty.multiply(ask)));
        OrderView expected = engine.orderByClientId(account.apiKey(), cid).orElseThrow();
        if (sizesMarketBuysInQuote()) {
            // The engine spent the quote amount: the quantity is what that bought, close to qty.
            assertThat(expected.filledQty()).as("engine filled").isPositive();
            qty = expected.filledQty();
        } else {
            assertSame(expected.filledQty(), qty, "engine filled");
        }

        VenueOrderState state = placed.status() == VenueOrderStatus.FILLED ? placed
                : adapter.queryOrder(account, instrument, cid).orElseThrow();
        assertThat(state.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertSame(state.filledQty(), qty, "filled qty");
        assertSame(state.averagePrice(), expected.averagePrice(), "average price");

        List<Fill> fills = adapter.fills(account, instrument, cid);
        List<AccountFill> engineFills = expected.fills();
        assertThat(fills).hasSize(engineFills.size());
        Comparator<BigDecimal> num = BigDecimal::compareTo;
        List<Fill> sortedGot = fills.stream()
                .sorted(Comparator.comparing(Fill::price, num).thenComparing(Fill::quantity, num)).toList();
        List<AccountFill> sortedExp = engineFills.stream()
                .sorted(Comparator.comparing(AccountFill::price, num).thenComparing(AccountFill::quantity, num)).toList();
        for (int i = 0; i < sortedExp.size(); i++) {
            assertSame(sortedGot.get(i).quantity(), sortedExp.get(i).quantity(), "fill qty " + i);
            assertSame(sortedGot.get(i).price(), sortedExp.get(i).price(), "fill price " + i);
            assertSame(sortedGot.get(i).fee(), sortedExp.get(i).fee(), "fill fee " + i);
        }
        Map<String, BigDecimal> balances = adapter.balances(account);
        assertSame(balances.get(base()), new BigDecimal(startingBalances(sim.spec(venue())).get(base())).add(qty),
                base() + " after the buy");
    }

    @Test
    void iocFillsWhatCrossesAndCancelsTheRest() {
        OrderBook book = engine.book(instrument.symbol(), 1);
        BigDecimal bid = book.bestBid();
        BigDecimal qty = quantityWorth(smallNotional(), bid);
        String miss = clientOrderId("ioc-miss");
        VenueOrderState missed = adapter.placeOrder(account,
                new VenueOrderRequest(instrument, miss, Side.BUY, OrderType.IOC, qty, bid));
        VenueOrderState missedFinal = missed.status() == VenueOrderStatus.OPEN
                ? adapter.queryOrder(account, instrument, miss).orElseThrow() : missed;
        assertThat(missedFinal.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertSame(missedFinal.filledQty(), BigDecimal.ZERO, "nothing filled");
        assertThat(engine.orderByClientId(account.apiKey(), miss).orElseThrow().isOpen()).isFalse();

        BigDecimal ask = book.bestAsk();
        String hit = clientOrderId("ioc-hit");
        VenueOrderState filled = adapter.placeOrder(account,
                new VenueOrderRequest(instrument, hit, Side.BUY, OrderType.IOC, quantityWorth(smallNotional(), ask), ask));
        VenueOrderState filledFinal = filled.status() == VenueOrderStatus.FILLED ? filled
                : adapter.queryOrder(account, instrument, hit).orElseThrow();
        assertThat(filledFinal.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertSame(filledFinal.filledQty(), engine.orderByClientId(account.apiKey(), hit).orElseThrow().filledQty(),
                "filled qty");
    }

    @Test
    void queryOfAnUnknownClientIdIsEmpty() {
        assertThat(adapter.queryOrder(account, instrument, clientOrderId("never-sent"))).isEmpty();
    }

    @Test
    void everyOrderAppearsInTheSimulatorsOrderList() throws Exception {
        String cid = clientOrderId("listed");
        BigDecimal price = restingBuyPrice();
        adapter.placeOrder(account, limit(cid, Side.BUY, quantityWorth(smallNotional(), price), price));
        JsonNode orders = JSON.readTree(admin("GET", "/__sim/orders", null).body());
        assertThat(orders.findValuesAsText("client_order_id")).contains(cid);
        assertThat(orders.findValuesAsText("api_key")).containsOnly(account.apiKey());
    }

    // ---- errors -----------------------------------------------------------------------------------------

    @Test
    void insufficientFunds() {
        BigDecimal ask = engine.book(instrument.symbol(), 1).bestAsk();
        BigDecimal price = Decimals.ceilToStep(ask.multiply(new BigDecimal("1.1")), instrument.tickSize());
        VenueException e = venueError(() -> adapter.placeOrder(account,
                limit(clientOrderId("broke"), Side.SELL, new BigDecimal("3"), price)));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.INSUFFICIENT_FUNDS);
    }

    @Test
    void belowMinNotional() {
        assumeTrue(instrument.minNotional().signum() > 0, venue() + " has no minimum notional on " + instrument.symbol());
        BigDecimal price = restingBuyPrice();
        BigDecimal qty = Decimals.ceilToStep(instrument.minQty().max(instrument.lotSize()), instrument.lotSize());
        assumeTrue(qty.multiply(price).compareTo(instrument.minNotional()) < 0, "the smallest quantity already meets it");
        VenueException e = venueError(() -> adapter.placeOrder(account, limit(clientOrderId("tiny"), Side.BUY, qty, price)));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.BELOW_MIN_NOTIONAL);
    }

    @Test
    void invalidSymbol() {
        Instrument unknown = new Instrument(venue(), instrument.pair(), "ZZZ" + instrument.symbol(),
                instrument.tickSize(), instrument.lotSize(), instrument.minQty(), instrument.minNotional());
        BigDecimal price = restingBuyPrice();
        VenueException e = venueError(() -> adapter.placeOrder(account, new VenueOrderRequest(unknown,
                clientOrderId("nosym"), Side.BUY, OrderType.LIMIT, quantityWorth(smallNotional(), price), price)));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.INVALID_SYMBOL);
    }

    /** Sent through an instrument with a finer grid than the venue's, so the adapter sends it and the venue refuses. */
    @Test
    void invalidPrice() {
        BigDecimal fine = instrument.tickSize().divide(BigDecimal.TEN);
        Instrument finer = new Instrument(venue(), instrument.pair(), instrument.symbol(), fine, instrument.lotSize(),
                instrument.minQty(), instrument.minNotional());
        BigDecimal price = restingBuyPrice().add(fine);
        VenueException e = venueError(() -> adapter.placeOrder(account, new VenueOrderRequest(finer,
                clientOrderId("offtick"), Side.BUY, OrderType.LIMIT, quantityWorth(smallNotional(), price), price)));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.INVALID_PRICE_OR_QTY);
    }

    @Test
    void invalidQuantity() {
        BigDecimal fine = instrument.lotSize().divide(BigDecimal.TEN);
        Instrument finer = new Instrument(venue(), instrument.pair(), instrument.symbol(), instrument.tickSize(), fine,
                instrument.minQty(), instrument.minNotional());
        BigDecimal price = restingBuyPrice();
        BigDecimal qty = quantityWorth(smallNotional(), price).add(fine);
        VenueException e = venueError(() -> adapter.placeOrder(account, new VenueOrderRequest(finer,
                clientOrderId("offlot"), Side.BUY, OrderType.LIMIT, qty, price)));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.INVALID_PRICE_OR_QTY);
    }

    @Test
    void keyPermissionsAreWhatTheKeyWasGranted() throws Exception {
        for (List<String> granted : List.of(List.of("read"), List.of("read", "trade"),
                List.of("read", "trade", "withdraw"))) {
            Credentials c = PaperCredentials.derive(SEED, venue(), "perm-" + String.join("-", granted),
                    sim.spec(venue()).credentialStyle());
            ObjectNode body = JSON.createObjectNode().put("api_key", c.apiKey()).put("api_secret", c.apiSecret());
            if (c.passphrase() != null) {
                body.put("passphrase", c.passphrase());
            }
            granted.forEach(body.putArray("permissions")::add);
            HttpResponse<String> created = admin("POST", "/__sim/accounts", body.toString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            VenueAccount key = new VenueAccount("contract-user", venue(), c.apiKey(), c.apiSecret(), c.passphrase());
            assertThat(adapter.keyPermissions(key)).as("granted %s", granted).contains(expectedPermissions(granted));
        }
    }

    @Test
    void wrongSecretIsAuthFailed() {
        Credentials other = PaperCredentials.derive(SEED, venue(), "intruder", sim.spec(venue()).credentialStyle());
        VenueAccount wrong = new VenueAccount("contract-user", venue(), account.apiKey(), other.apiSecret(),
                account.passphrase() == null ? null : other.passphrase());
        VenueException e = venueError(() -> adapter.balances(wrong));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.AUTH_FAILED);
    }

    @Test
    void rateLimitedUnderAStormWithRetryAfter() throws Exception {
        faults("{\"rate_limit_storm\":true}");
        VenueException e = venueError(() -> adapter.balances(account));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).as("retry-after").isNotNull();
    }

    @Test
    void maintenanceIsVenueUnavailable() throws Exception {
        faults("{\"maintenance\":true}");
        VenueException e = venueError(() -> adapter.balances(account));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.VENUE_UNAVAILABLE);
    }

    @Test
    void duplicateClientOrderIdWhileOpen() {
        BigDecimal price = restingBuyPrice();
        BigDecimal qty = quantityWorth(smallNotional(), price);
        String cid = clientOrderId("dup");
        adapter.placeOrder(account, limit(cid, Side.BUY, qty, price));
        VenueException e = venueError(() -> adapter.placeOrder(account, limit(cid, Side.BUY, qty, price)));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.DUPLICATE_ORDER);
        assertThat(engine.openOrders(account.apiKey())).hasSize(1);
    }

    @Test
    void acceptThenTimeoutIsUnknownAndAQueryFindsTheOrder() throws Exception {
        BigDecimal price = restingBuyPrice();
        String cid = clientOrderId("lost");
        faults("{\"accept_then_timeout_rate\":1}");
        VenueException e = venueError(() -> adapter.placeOrder(account,
                limit(cid, Side.BUY, quantityWorth(smallNotional(), price), price)));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.UNKNOWN);
        faults("{}");
        Optional<VenueOrderState> found = adapter.queryOrder(account, instrument, cid);
        assertThat(found).isPresent();
        assertThat(found.get().status()).isEqualTo(VenueOrderStatus.OPEN);
    }

    @Test
    void aResetReadIsVenueUnavailable() throws Exception {
        faults("{\"reset_rate\":1}");
        VenueException e = venueError(() -> adapter.balances(account));
        assertThat(e.kind()).as(e.getMessage()).isIn(VenueErrorKind.VENUE_UNAVAILABLE, VenueErrorKind.UNKNOWN);
        faults("{}");
        assertThat(adapter.balances(account)).isNotEmpty();
    }
}
