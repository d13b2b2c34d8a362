package io.nija.venues.okx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
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

class OkxVenueTest {
    static final String SECRET = "22582BD0CFF14C41EDBF1AB98506286D";
    static final String PLACED = """
            {"code":"0","msg":"","data":[{"clOrdId":"nj1","ordId":"12345689","tag":"","ts":"1695190491421","sCode":"0","sMsg":""}],
             "inTime":"1695190491421339","outTime":"1695190491423240"}""";
    static final String ORDER = """
            {"code":"0","msg":"","data":[{"instType":"SPOT","instId":"BTC-USDT","ccy":"","ordId":"12345689","clOrdId":"nj1",
              "tag":"","px":"65000.1","sz":"0.001","pnl":"0","ordType":"limit","side":"buy","posSide":"net","tdMode":"cash",
              "accFillSz":"%s","fillPx":"65000.1","tradeId":"1","fillSz":"0.0005","fillTime":"1597026383085","state":"%s",
              "avgPx":"%s","lever":"","fee":"-0.0000005","feeCcy":"BTC","source":"","category":"normal",
              "uTime":"1597026383085","cTime":"1597026383085"}]}""";

    StubServer stub;
    ManualClock clock;
    OkxVenue venue;
    VenueAccount alice = new VenueAccount("alice", "okx", "alice-key", SECRET, "alice-pass");
    VenueAccount bob = new VenueAccount("bob", "okx", "bob-key", SECRET, "bob-pass");
    Instrument btc = Fixtures.instrument("okx", "BTC-USDT", "0.1", "0.00000001");

    @BeforeEach
    void setUp() {
        stub = new StubServer();
        clock = Fixtures.clock();
        venue = new OkxVenue(stub.baseUrl(), clock, Fixtures.FAST, false);
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    static Reply order(String filled, String state, String avg) {
        return Reply.json(ORDER.formatted(filled, state, avg));
    }

    @Test
    void placeSendsSignedJsonWithClOrdIdAndReadsTheOrderBack() {
        stub.on("POST", "/api/v5/trade/order", Reply.json(PLACED));
        stub.on("GET", "/api/v5/trade/order", order("0.0005", "partially_filled", "65000.1"));
        // The place answer only acknowledges; the executor reads the order back.
        VenueOrderState s = ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(btc, "nj1", Side.BUY,
                OrderType.LIMIT, new BigDecimal("0.001"), new BigDecimal("65000.1")));

        Recorded r = requests("POST").get(0);
        assertThat(r.path()).isEqualTo("/api/v5/trade/order");
        assertThat(r.body()).isEqualTo("{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"nj1\",\"side\":\"buy\","
                + "\"ordType\":\"limit\",\"sz\":\"0.001\",\"px\":\"65000.1\"}");
        assertThat(r.header("OK-ACCESS-KEY")).isEqualTo("alice-key");
        assertThat(r.header("OK-ACCESS-PASSPHRASE")).isEqualTo("alice-pass");
        assertThat(r.header("OK-ACCESS-TIMESTAMP")).isEqualTo("2026-03-01T12:00:00.123Z");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("x-simulated-trading")).isNull();
        assertThat(r.header("OK-ACCESS-SIGN")).isEqualTo(
                OkxSigner.sign(SECRET, r.header("OK-ACCESS-TIMESTAMP"), "POST", "/api/v5/trade/order", r.body()));

        Recorded q = requests("GET").get(0);
        assertThat(q.pathAndQuery()).isEqualTo("/api/v5/trade/order?instId=BTC-USDT&clOrdId=nj1");
        assertThat(q.header("OK-ACCESS-SIGN")).isEqualTo(
                OkxSigner.sign(SECRET, q.header("OK-ACCESS-TIMESTAMP"), "GET", q.pathAndQuery(), ""));

        assertThat(s.status()).isEqualTo(VenueOrderStatus.PARTIALLY_FILLED);
        assertThat(s.venueOrderId()).isEqualTo("12345689");
        assertThat(s.filledQty()).isEqualByComparingTo("0.0005");
        assertThat(s.averagePrice()).isEqualByComparingTo("65000.1");
    }

    @Test
    void marketOrdersAreSizedInBaseAndIocUsesTheIocOrderType() {
        stub.on("POST", "/api/v5/trade/order", Reply.json(PLACED));
        stub.on("GET", "/api/v5/trade/order", order("0.001", "filled", "65000"));
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj2", Side.SELL, OrderType.MARKET, new BigDecimal("0.001"), null));
        var body = Json.parse(requests("POST").get(0).body());
        assertThat(body.path("ordType").asText()).isEqualTo("market");
        assertThat(body.path("tgtCcy").asText()).isEqualTo("base_ccy");
        assertThat(body.has("px")).isFalse();
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj3", Side.BUY, OrderType.IOC, new BigDecimal("0.001"),
                new BigDecimal("65000")));
        assertThat(Json.parse(requests("POST").get(1).body()).path("ordType").asText()).isEqualTo("ioc");
    }

    @Test
    void anAcceptedOrderIsPlacedOpenWhenTheKeyMayNotReadItBack() {
        stub.on("POST", "/api/v5/trade/order", Reply.json(PLACED));
        stub.on("GET", "/api/v5/trade/order", Reply.status(401,
                "{\"code\":\"50120\",\"msg\":\"This API key doesn't have permission to use this function\",\"data\":[]}"));
        assertAcceptedOpen(placeLimit("nj1"));

        stub.on("GET", "/api/v5/trade/order", Reply.status(401,
                "{\"code\":\"50111\",\"msg\":\"Invalid OK-ACCESS-KEY\",\"data\":[]}"));
        assertAcceptedOpen(placeLimit("nj1"));
    }

    private VenueOrderState placeLimit(String clientId) {
        return ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(btc, clientId, Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.001"), new BigDecimal("65000.1")));
    }

    private static void assertAcceptedOpen(VenueOrderState s) {
        assertThat(s.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(s.venueOrderId()).isEqualTo("12345689");
        assertThat(s.clientOrderId()).isEqualTo("nj1");
        assertThat(s.filledQty()).isEqualByComparingTo("0");
        assertThat(s.fills()).isEmpty();
    }

    @Test
    void demoTradingAddsTheSimulatedTradingHeader() {
        OkxVenue demo = new OkxVenue(stub.baseUrl(), clock, Fixtures.FAST, true);
        stub.on("GET", "/api/v5/account/balance", Reply.json("{\"code\":\"0\",\"data\":[{\"details\":[]}]}"));
        demo.balances(alice);
        assertThat(stub.last("/api/v5/account/balance").header("x-simulated-trading")).isEqualTo("1");
    }

    @Test
    void missingPassphraseIsAnAuthFailureBeforeSending() {
        VenueAccount noPass = new VenueAccount("carol", "okx", "k", SECRET, null);
        assertThatThrownBy(() -> venue.balances(noPass)).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.AUTH_FAILED));
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void documentedCodesMapToTheTaxonomy() {
        assertPlaceError(200, sFailure("51008", "Order failed. Insufficient USDT balance in account."), VenueErrorKind.INSUFFICIENT_FUNDS);
        assertPlaceError(200, sFailure("51131", "Insufficient balance"), VenueErrorKind.INSUFFICIENT_FUNDS);
        assertPlaceError(200, sFailure("51001", "Instrument ID does not exist"), VenueErrorKind.INVALID_SYMBOL);
        assertPlaceError(200, sFailure("51020", "Order amount should be greater than the min available amount"),
                VenueErrorKind.BELOW_MIN_NOTIONAL);
        assertPlaceError(200, sFailure("51121", "Order quantity must be a multiple of the lot size"),
                VenueErrorKind.INVALID_PRICE_OR_QTY);
        assertPlaceError(200, sFailure("51016", "Duplicated clOrdId"), VenueErrorKind.DUPLICATE_ORDER);
        assertPlaceError(401, "{\"code\":\"50113\",\"msg\":\"Invalid Sign\"}", VenueErrorKind.AUTH_FAILED);
        assertPlaceError(401, "{\"code\":\"50111\",\"msg\":\"Invalid OK-ACCESS-KEY\"}", VenueErrorKind.AUTH_FAILED);
        assertPlaceError(401, "{\"code\":\"50120\",\"msg\":\"This API key doesn't have permission to use this function\"}",
                VenueErrorKind.PERMISSION_DENIED);
        assertPlaceError(200, "{\"code\":\"50004\",\"msg\":\"Endpoint request timeout. \",\"data\":[]}", VenueErrorKind.UNKNOWN);
        assertPlaceError(503, "{\"code\":\"50001\",\"msg\":\"Service temporarily unavailable\"}", VenueErrorKind.UNKNOWN);
    }

    @Test
    void http429IsRateLimited() {
        stub.on("POST", "/api/v5/trade/order", Reply.status(429,
                "{\"code\":\"50011\",\"msg\":\"Rate limit reached. Please refer to API documentation and throttle requests accordingly\",\"data\":[]}"));
        assertThatThrownBy(this::placeLimit).isInstanceOfSatisfying(VenueException.class, e -> {
            assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void placeLimitIsPerUserAndInstrument() {
        stub.on("POST", "/api/v5/trade/order", Reply.json(PLACED));
        stub.on("GET", "/api/v5/trade/order", order("0", "live", ""));
        for (int i = 0; i < 60; i++) {
            placeLimit();
        }
        assertThatThrownBy(this::placeLimit).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED));
        Instrument eth = Fixtures.instrument("okx", "ETH-USDT", "0.01", "0.000001");
        venue.placeOrder(alice, new VenueOrderRequest(eth, "e1", Side.BUY, OrderType.MARKET, BigDecimal.ONE, null));
        venue.placeOrder(bob, new VenueOrderRequest(btc, "b1", Side.BUY, OrderType.MARKET, BigDecimal.ONE, null));
        assertThat(stub.count("/api/v5/trade/order") - stub.requests().stream().filter(r -> r.method().equals("GET")).count())
                .isEqualTo(62);
    }

    @Test
    void queryIsEmptyOnlyOn51603AndCancelFallsBackToTheFinalState() {
        stub.on("GET", "/api/v5/trade/order", Reply.json("{\"code\":\"51603\",\"msg\":\"Order does not exist\",\"data\":[]}"));
        assertThat(venue.queryOrder(alice, btc, "nj1")).isEmpty();

        stub.on("POST", "/api/v5/trade/cancel-order", Reply.json("""
                {"code":"0","msg":"","data":[{"clOrdId":"nj1","ordId":"12345689","ts":"1695190491421","sCode":"0","sMsg":""}]}"""));
        stub.on("GET", "/api/v5/trade/order", order("0", "canceled", ""));
        VenueOrderState s = venue.cancelOrder(alice, btc, "nj1");
        assertThat(s.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(s.averagePrice()).isNull();
        assertThat(Json.parse(stub.last("/api/v5/trade/cancel-order").body()).path("clOrdId").asText()).isEqualTo("nj1");

        stub.on("POST", "/api/v5/trade/cancel-order", Reply.json("""
                {"code":"1","msg":"","data":[{"clOrdId":"nj1","ordId":"","sCode":"51400","sMsg":"Cancellation failed as the order has been filled, canceled or does not exist"}]}"""));
        stub.on("GET", "/api/v5/trade/order", order("0.001", "filled", "65000"));
        assertThat(venue.cancelOrder(alice, btc, "nj1").status()).isEqualTo(VenueOrderStatus.FILLED);

        stub.on("GET", "/api/v5/trade/order", Reply.status(500, "boom"));
        assertThatThrownBy(() -> venue.queryOrder(alice, btc, "nj1")).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.VENUE_UNAVAILABLE));
    }

    @Test
    void fillsTurnOkxNegativeFeesIntoCharges() {
        stub.on("GET", "/api/v5/trade/order", order("0.0005", "partially_filled", "65000.1"));
        stub.on("GET", "/api/v5/trade/fills", Reply.json("""
                {"code":"0","msg":"","data":[{"instType":"SPOT","instId":"BTC-USDT","tradeId":"123","ordId":"12345689",
                  "clOrdId":"nj1","billId":"1111","tag":"","fillPx":"65000.1","fillSz":"0.0005","side":"buy","posSide":"net",
                  "execType":"M","feeCcy":"BTC","fee":"-0.0000005","ts":"1597026383085","fillTime":"1597026383085"}]}"""));
        List<Fill> fills = venue.fills(alice, btc, "nj1");
        assertThat(fills).singleElement().satisfies(f -> {
            assertThat(f.fillId()).as("tradeId, as the orders stream reports it").isEqualTo("123");
            assertThat(f.fee()).isEqualByComparingTo("0.0000005");
            assertThat(f.feeAsset()).isEqualTo("BTC");
            assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER);
        });
        assertThat(stub.last("/api/v5/trade/fills").query()).containsEntry("ordId", "12345689").containsEntry("instType", "SPOT");
        assertThat(stub.count("/api/v5/trade/fills-history")).isZero();
    }

    @Test
    void instrumentsBookFeesAndBalances() {
        stub.on("GET", "/api/v5/public/instruments", Reply.json("""
                {"code":"0","msg":"","data":[
                 {"instType":"SPOT","instId":"BTC-USDT","baseCcy":"BTC","quoteCcy":"USDT","tickSz":"0.1","lotSz":"0.00000001",
                  "minSz":"0.00001","state":"live","maxLmtSz":"9999999999","maxMktSz":"1000000"},
                 {"instType":"SPOT","instId":"OLD-USDT","baseCcy":"OLD","quoteCcy":"USDT","tickSz":"0.1","lotSz":"1","minSz":"1","state":"suspend"}]}"""));
        List<Instrument> list = venue.instruments();
        assertThat(list).singleElement().satisfies(i -> {
            assertThat(i.pair().toString()).isEqualTo("BTC-USD");
            assertThat(i.symbol()).isEqualTo("BTC-USDT");
            assertThat(i.minQty()).isEqualByComparingTo("0.00001");
        });

        stub.on("GET", "/api/v5/market/books", Reply.json("""
                {"code":"0","msg":"","data":[{"asks":[["41006.8","0.60038921","0","1"]],"bids":[["41006.3","0.30178218","0","2"]],"ts":"1629966436396"}]}"""));
        var book = venue.orderBook(btc, 5);
        assertThat(book.bestAsk()).isEqualByComparingTo("41006.8");
        assertThat(book.bestBid()).isEqualByComparingTo("41006.3");

        stub.on("GET", "/api/v5/account/trade-fee", Reply.json("""
                {"code":"0","msg":"","data":[{"category":"1","instType":"SPOT","level":"Lv1","maker":"-0.0008","taker":"-0.001","ts":"1608623351857"}]}"""));
        var fees = venue.fees(alice, btc);
        assertThat(fees.maker()).isEqualByComparingTo("0.0008");
        assertThat(fees.taker()).isEqualByComparingTo("0.001");

        stub.on("GET", "/api/v5/account/balance", Reply.json("""
                {"code":"0","msg":"","data":[{"totalEq":"41624.32","details":[
                  {"ccy":"USDT","availBal":"4834.317093622894","cashBal":"4850.435693622894","frozenBal":"16.1186"},
                  {"ccy":"BTC","availBal":"","cashBal":"1.5","frozenBal":"0.25"}]}]}"""));
        var b = venue.balances(alice);
        assertThat(b.get("USDT")).isEqualByComparingTo("4834.317093622894");
        assertThat(b.get("BTC")).isEqualByComparingTo("1.25");
    }

    private List<Recorded> requests(String method) {
        return stub.requests().stream().filter(r -> r.method().equals(method)).toList();
    }

    private static String sFailure(String code, String msg) {
        return "{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"clOrdId\":\"nj1\",\"ordId\":\"\",\"tag\":\"\","
                + "\"sCode\":\"" + code + "\",\"sMsg\":\"" + msg + "\"}]}";
    }

    private void assertPlaceError(int status, String body, VenueErrorKind expected) {
        clock.advance(Duration.ofSeconds(2));
        stub.on("POST", "/api/v5/trade/order", Reply.status(status, body));
        assertThatThrownBy(this::placeLimit).as(body).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(expected));
    }

    private VenueOrderState placeLimit() {
        return venue.placeOrder(alice, new VenueOrderRequest(btc, "nj1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.001"), new BigDecimal("65000")));
    }

    static Reply config(String perm) {
        return Reply.json("{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"uid\":\"44705892343619584\",\"acctLv\":\"1\","
                + "\"label\":\"router\",\"ip\":\"\",\"perm\":\"" + perm + "\"}]}");
    }

    @Test
    void keyPermissionsComeFromTheSignedAccountConfig() {
        stub.on("GET", "/api/v5/account/config", config("read_only"));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, false, false));

        Recorded r = stub.last("/api/v5/account/config");
        assertThat(r.header("OK-ACCESS-KEY")).isEqualTo("alice-key");
        assertThat(r.header("OK-ACCESS-PASSPHRASE")).isEqualTo("alice-pass");
        assertThat(r.header("OK-ACCESS-SIGN")).isNotBlank();
        assertThat(r.header("OK-ACCESS-TIMESTAMP")).isNotBlank();

        stub.on("GET", "/api/v5/account/config", config("read_only,trade"));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, false));
        stub.on("GET", "/api/v5/account/config", config("read_only,withdraw,trade"));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, true));
    }

    @Test
    void keyPermissionsAreUnknownWithoutTheEndpointAndABadKeyIsRefused() {
        assertThat(venue.keyPermissions(alice)).isEmpty();

        stub.on("GET", "/api/v5/account/config", Reply.status(401,
                "{\"code\":\"50111\",\"msg\":\"Invalid OK-ACCESS-KEY\",\"data\":[]}"));
        assertThatThrownBy(() -> venue.keyPermissions(alice)).isInstanceOf(VenueException.class)
                .extracting(e -> ((VenueException) e).kind()).isEqualTo(VenueErrorKind.AUTH_FAILED);
    }
}
