package io.nija.venues.alpaca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Fill;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.KeyPermissions;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.venues.ExecutorHarness;
import io.nija.venues.Fixtures;
import io.nija.venues.StubServer;
import io.nija.venues.StubServer.Recorded;
import io.nija.venues.StubServer.Reply;
import io.nija.venues.common.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlpacaVenueTest {
    static final String SECRET = "alpaca-secret-value";
    static final String ORDER_ID = "61e69015-8549-4bfd-b9c3-01e75843f47d";
    static final String ORDER = """
            {"id":"%s","client_order_id":"nj1","created_at":"2021-03-16T18:38:01.942282Z",
             "submitted_at":"2021-03-16T18:38:01.937734Z","filled_at":null,"symbol":"BTC/USD","asset_class":"crypto",
             "notional":null,"qty":"0.001","filled_qty":"%s","filled_avg_price":%s,"order_type":"limit","type":"limit",
             "side":"buy","time_in_force":"gtc","limit_price":"65000","stop_price":null,"status":"%s","extended_hours":false,
             "legs":null}""";

    StubServer stub;
    ManualClock clock;
    AlpacaVenue venue;
    VenueAccount alice = Fixtures.account("alice", "alpaca", "AKALICE", SECRET);
    VenueAccount bob = Fixtures.account("bob", "alpaca", "AKBOB", SECRET);
    Instrument btc = Fixtures.instrument("alpaca", "BTC/USD", "1", "0.0001");

    @BeforeEach
    void setUp() {
        stub = new StubServer();
        clock = Fixtures.clock();
        venue = new AlpacaVenue(stub.baseUrl(), stub.baseUrl(), clock, Fixtures.FAST);
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    static Reply order(String filled, String avg, String status) {
        return Reply.json(ORDER.formatted(ORDER_ID, filled, avg, status));
    }

    @Test
    void placeSendsKeyHeadersAndClientOrderId() {
        stub.on("POST", "/v2/orders", order("0", "null", "accepted"));
        VenueOrderState s = venue.placeOrder(alice, new VenueOrderRequest(btc, "nj1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.0010"), new BigDecimal("65000")));
        Recorded r = stub.last("/v2/orders");
        assertThat(r.header("APCA-API-KEY-ID")).isEqualTo("AKALICE");
        assertThat(r.header("APCA-API-SECRET-KEY")).isEqualTo(SECRET);
        assertThat(r.body()).isEqualTo("{\"symbol\":\"BTC/USD\",\"qty\":\"0.001\",\"side\":\"buy\",\"type\":\"limit\","
                + "\"time_in_force\":\"gtc\",\"limit_price\":\"65000\",\"client_order_id\":\"nj1\"}");
        assertThat(s.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(s.venueOrderId()).isEqualTo(ORDER_ID);
        assertThat(s.averagePrice()).isNull();
    }

    @Test
    void anAcceptedOrderIsPlacedOpenWhenTheKeyMayNotReadItBack() {
        // The place answer is the order as just accepted; the executor reads it back like every acknowledging venue's,
        // and a key that may trade but not read cannot turn the accepted order into an error.
        stub.on("POST", "/v2/orders", order("0", "null", "pending_new"));
        stub.on("GET", "/v2/orders:by_client_order_id", Reply.status(403,
                "{\"code\":40310000,\"message\":\"request is not authorized\"}"));
        VenueOrderState s = ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(btc, "nj1", Side.BUY,
                OrderType.LIMIT, new BigDecimal("0.001"), new BigDecimal("65000")));
        assertThat(s.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(s.venueOrderId()).isEqualTo(ORDER_ID);
        assertThat(s.filledQty()).isEqualByComparingTo("0");
        assertThat(stub.count("/v2/orders:by_client_order_id")).as("the read-back was tried").isEqualTo(1);
    }

    @Test
    void theExecutorReadsAnAcceptedOrderBack() {
        // Alpaca used to skip the read-back: an order that filled at once was reported as its place answer said.
        stub.on("POST", "/v2/orders", order("0", "null", "pending_new"));
        stub.on("GET", "/v2/orders:by_client_order_id", order("0.001", "\"65000\"", "filled"));
        VenueOrderState s = ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(btc, "nj1", Side.BUY,
                OrderType.LIMIT, new BigDecimal("0.001"), new BigDecimal("65000")));
        assertThat(s.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(s.filledQty()).isEqualByComparingTo("0.001");
    }

    @Test
    void marketIsGtcAndIocIsALimitWithIoc() {
        stub.on("POST", "/v2/orders", order("0.001", "\"65000\"", "filled"));
        VenueOrderState s = venue.placeOrder(alice, new VenueOrderRequest(btc, "nj2", Side.SELL, OrderType.MARKET,
                new BigDecimal("0.001"), null));
        var body = Json.parse(stub.last("/v2/orders").body());
        assertThat(body.path("type").asText()).isEqualTo("market");
        assertThat(body.path("time_in_force").asText()).isEqualTo("gtc");
        assertThat(body.has("limit_price")).isFalse();
        assertThat(s.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(s.averagePrice()).isEqualByComparingTo("65000");
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj3", Side.BUY, OrderType.IOC, new BigDecimal("0.001"),
                new BigDecimal("64000")));
        body = Json.parse(stub.last("/v2/orders").body());
        assertThat(body.path("type").asText()).isEqualTo("limit");
        assertThat(body.path("time_in_force").asText()).isEqualTo("ioc");
    }

    @Test
    void documentedStatusesAndMessagesMapToTheTaxonomy() {
        assertPlaceError(403, "{\"code\":40310000,\"message\":\"insufficient balance for BTC (requested: 1, available: 0)\"}",
                VenueErrorKind.INSUFFICIENT_FUNDS);
        assertPlaceError(422, "{\"code\":40010001,\"message\":\"client_order_id must be unique\"}", VenueErrorKind.DUPLICATE_ORDER);
        assertPlaceError(422, "{\"code\":40010001,\"message\":\"cost basis must be >= minimal amount of order 1\"}",
                VenueErrorKind.BELOW_MIN_NOTIONAL);
        assertPlaceError(403, "{\"code\":40310000,\"message\":\"cost basis must be >= minimal amount of order 10\"}",
                VenueErrorKind.BELOW_MIN_NOTIONAL);
        assertPlaceError(422, "{\"code\":40010001,\"message\":\"qty must be a multiple of min_trade_increment\"}",
                VenueErrorKind.INVALID_PRICE_OR_QTY);
        assertPlaceError(422, "{\"code\":40010001,\"message\":\"asset \\\"FOO/USD\\\" not found\"}", VenueErrorKind.INVALID_SYMBOL);
        assertPlaceError(401, "{\"code\":40110000,\"message\":\"request is not authorized\"}", VenueErrorKind.AUTH_FAILED);
        // The same words with 403 come for a known key the account may not use this way.
        assertPlaceError(403, "{\"code\":40310000,\"message\":\"request is not authorized\"}", VenueErrorKind.PERMISSION_DENIED);
        assertPlaceError(403, "{\"code\":40310000,\"message\":\"account is not authorized to trade\"}",
                VenueErrorKind.PERMISSION_DENIED);
        assertPlaceError(403, "{\"code\":40310000,\"message\":\"trading is blocked for this account\"}",
                VenueErrorKind.PERMISSION_DENIED);
        assertPlaceError(500, "{\"code\":50010000,\"message\":\"internal server error occurred\"}", VenueErrorKind.UNKNOWN);
        assertPlaceError(429, "{\"code\":42910000,\"message\":\"rate limit exceeded\"}", VenueErrorKind.RATE_LIMITED);
    }

    @Test
    void errorMessagesNeverCarryTheSecret() {
        stub.on("POST", "/v2/orders", Reply.status(401, "{\"code\":40110000,\"message\":\"request is not authorized\"}"));
        assertThatThrownBy(this::placeLimit).satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThat(alice.toString()).doesNotContain(SECRET);
    }

    @Test
    void queryByClientOrderIdIsEmptyOnlyOn404() {
        stub.on("GET", "/v2/orders:by_client_order_id", r -> "nj1".equals(r.query().get("client_order_id"))
                ? order("0.0005", "\"65000\"", "partially_filled")
                : Reply.status(404, "{\"code\":40410000,\"message\":\"order not found\"}"));
        assertThat(venue.queryOrder(alice, btc, "nj1")).get().extracting(VenueOrderState::status)
                .isEqualTo(VenueOrderStatus.PARTIALLY_FILLED);
        assertThat(venue.queryOrder(alice, btc, "nope")).isEmpty();
        stub.on("GET", "/v2/orders:by_client_order_id", Reply.status(503, "unavailable"));
        assertThatThrownBy(() -> venue.queryOrder(alice, btc, "nj1")).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.VENUE_UNAVAILABLE));
    }

    @Test
    void cancelDeletesByOrderIdAndReturnsTheStateAfter() {
        stub.on("GET", "/v2/orders:by_client_order_id", order("0", "null", "new"));
        stub.on("DELETE", "/v2/orders/" + ORDER_ID, Reply.status(204, ""));
        stub.on("GET", "/v2/orders/" + ORDER_ID, order("0", "null", "canceled"));
        assertThat(venue.cancelOrder(alice, btc, "nj1").status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(stub.last("/v2/orders/" + ORDER_ID).method()).isEqualTo("GET");
        assertThat(stub.count("/v2/orders/" + ORDER_ID)).isEqualTo(2);

        stub.on("GET", "/v2/orders:by_client_order_id", Reply.status(404, "{\"code\":40410000,\"message\":\"order not found\"}"));
        assertThatThrownBy(() -> venue.cancelOrder(alice, btc, "nj1")).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.ORDER_NOT_FOUND));
    }

    @Test
    void fillsAreTheOrdersFillActivities() {
        stub.on("GET", "/v2/orders:by_client_order_id", order("0.001", "\"65000\"", "filled"));
        stub.on("GET", "/v2/account/activities/FILL", Reply.json("""
                [{"id":"20210316183802000::a1","activity_type":"FILL","transaction_time":"2021-03-16T18:38:02.000Z","type":"fill",
                  "price":"65000","qty":"0.001","side":"buy","symbol":"BTC/USD","leaves_qty":"0","order_id":"%s","cum_qty":"0.001",
                  "order_status":"filled"},
                 {"id":"20210316183803000::b2","activity_type":"FILL","transaction_time":"2021-03-16T18:38:03.000Z","type":"fill",
                  "price":"3000","qty":"1","side":"sell","symbol":"ETH/USD","order_id":"someone-else"}]""".formatted(ORDER_ID)));
        List<Fill> fills = venue.fills(alice, btc, "nj1");
        assertThat(fills).singleElement().satisfies(f -> {
            assertThat(f.fillId()).isEqualTo("20210316183802000::a1");
            assertThat(f.price()).isEqualByComparingTo("65000");
            assertThat(f.fee()).isZero();
        });
        assertThat(stub.last("/v2/account/activities/FILL").query()).containsEntry("after", "2021-03-16T18:38:00.937734Z")
                .containsEntry("direction", "asc");
    }

    @Test
    void instrumentsBookBalancesAndTierFees() {
        stub.on("GET", "/v2/assets", Reply.json("""
                [{"id":"276e2673-764b-4ab6-a611-caf665ca6340","class":"crypto","exchange":"ALPACA","symbol":"BTC/USD",
                  "name":"BTC/USD pair","status":"active","tradable":true,"marginable":false,"shortable":false,
                  "easy_to_borrow":false,"fractionable":true,"min_order_size":"0.0001","min_trade_increment":"0.0001",
                  "price_increment":"1"},
                 {"id":"x","class":"crypto","symbol":"ETH/BTC","status":"active","tradable":true,"min_order_size":"0.001",
                  "min_trade_increment":"0.001","price_increment":"0.00001"},
                 {"id":"y","class":"crypto","symbol":"OLD/USD","status":"inactive","tradable":false}]"""));
        List<Instrument> list = venue.instruments();
        assertThat(list).extracting(i -> i.pair().toString()).containsExactly("BTC-USD", "ETH-BTC");
        assertThat(list.get(0).tickSize()).isEqualByComparingTo("1");
        assertThat(list.get(0).lotSize()).isEqualByComparingTo("0.0001");
        assertThat(list.get(0).minNotional()).isEqualByComparingTo("10");
        assertThat(list.get(1).minNotional()).isZero();
        assertThat(stub.last("/v2/assets").query()).containsEntry("asset_class", "crypto");

        venue.withListingAccount(alice).instruments();
        assertThat(stub.last("/v2/assets").header("APCA-API-KEY-ID")).isEqualTo("AKALICE");

        stub.on("GET", "/v1beta3/crypto/us/latest/orderbooks", Reply.json("""
                {"orderbooks":{"BTC/USD":{"a":[{"p":65010.5,"s":0.5},{"p":65011,"s":1}],"b":[{"p":65000,"s":1.2}],
                 "t":"2024-03-12T10:27:48.858228144Z"}}}"""));
        var book = venue.orderBook(btc, 1);
        assertThat(book.asks()).hasSize(1);
        assertThat(book.bestAsk()).isEqualByComparingTo("65010.5");
        assertThat(stub.last("/v1beta3/crypto/us/latest/orderbooks").query()).containsEntry("symbols", "BTC/USD");

        stub.on("GET", "/v2/account", Reply.json("""
                {"id":"e6fe16f3","account_number":"PA2","status":"ACTIVE","crypto_status":"ACTIVE","currency":"USD",
                 "buying_power":"1800.50","cash":"1000.50","non_marginable_buying_power":"900.25"}"""));
        stub.on("GET", "/v2/positions", Reply.json("""
                [{"asset_id":"a","symbol":"BTCUSD","exchange":"CRYPTO","asset_class":"crypto","qty":"0.5","qty_available":"0.4"},
                 {"asset_id":"b","symbol":"AAPL","exchange":"NASDAQ","asset_class":"us_equity","qty":"3"}]"""));
        var b = venue.balances(alice);
        assertThat(b).containsOnlyKeys("USD", "BTC");
        assertThat(b.get("USD")).isEqualByComparingTo("900.25");
        assertThat(b.get("BTC")).isEqualByComparingTo("0.4");

        assertThat(venue.fees(alice, btc).taker()).isEqualByComparingTo("0.0025");
        assertThat(venue.fees(alice, btc).maker()).isEqualByComparingTo("0.0015");
    }

    @Test
    void twoHundredCallsPerMinutePerKey() {
        stub.on("GET", "/v2/orders", Reply.json("[]"));
        for (int i = 0; i < 200; i++) {
            venue.openOrders(alice);
        }
        assertThatThrownBy(() -> venue.openOrders(alice)).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED));
        venue.openOrders(bob);
        assertThat(stub.last("/v2/orders").query()).containsEntry("status", "open");
    }

    private void assertPlaceError(int status, String body, VenueErrorKind expected) {
        clock.advance(Duration.ofMinutes(1));
        stub.on("POST", "/v2/orders", Reply.status(status, body));
        assertThatThrownBy(this::placeLimit).as(body).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(expected));
    }

    private VenueOrderState placeLimit() {
        return venue.placeOrder(alice, new VenueOrderRequest(btc, "nj1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.001"), new BigDecimal("65000")));
    }

    static Reply account(boolean tradingBlocked, boolean accountBlocked) {
        return Reply.json("{\"id\":\"e6fe16f3-64a4-4921-8928-cadf02f92f98\",\"status\":\"ACTIVE\","
                + "\"crypto_status\":\"ACTIVE\",\"currency\":\"USD\",\"cash\":\"1000\",\"trading_blocked\":"
                + tradingBlocked + ",\"account_blocked\":" + accountBlocked + ",\"trade_suspended_by_user\":false}");
    }

    @Test
    void keyPermissionsComeFromTheAccountFlags() {
        stub.on("GET", "/v2/account", account(false, false));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, false));
        Recorded r = stub.last("/v2/account");
        assertThat(r.header("APCA-API-KEY-ID")).isEqualTo("AKALICE");
        assertThat(r.header("APCA-API-SECRET-KEY")).isEqualTo(SECRET);

        stub.on("GET", "/v2/account", account(true, false));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, false, false));
        stub.on("GET", "/v2/account", account(false, true));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, false, false));

        stub.on("GET", "/v2/account", Reply.status(401, "{\"code\":40110000,\"message\":\"request is not authorized\"}"));
        assertThatThrownBy(() -> venue.keyPermissions(alice)).isInstanceOf(VenueException.class)
                .extracting(e -> ((VenueException) e).kind()).isEqualTo(VenueErrorKind.AUTH_FAILED);
    }
}
