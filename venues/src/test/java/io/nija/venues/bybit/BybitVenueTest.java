package io.nija.venues.bybit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
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

class BybitVenueTest {
    static final String SECRET = "bybit-secret";
    static final String CREATED = """
            {"retCode":0,"retMsg":"OK","result":{"orderId":"1321003749386327552","orderLinkId":"nj1"},"retExtInfo":{},"time":1672211918471}""";
    static final String ORDER = """
            {"orderId":"1321003749386327552","orderLinkId":"nj1","blockTradeId":"","symbol":"BTCUSDT","price":"65000.1",
             "qty":"0.001","side":"Buy","isLeverage":"","positionIdx":0,"orderStatus":"%s","cancelType":"UNKNOWN",
             "rejectReason":"EC_NoError","avgPrice":"%s","leavesQty":"0.0005","leavesValue":"32.50005","cumExecQty":"%s",
             "cumExecValue":"32.50005","cumExecFee":"0.0000005","timeInForce":"GTC","orderType":"Limit",
             "createdTime":"1684738540559","updatedTime":"1684738540561"}""";

    StubServer stub;
    ManualClock clock;
    BybitVenue venue;
    VenueAccount alice = Fixtures.account("alice", "bybit", "alice-key", SECRET);
    VenueAccount bob = Fixtures.account("bob", "bybit", "bob-key", SECRET);
    Instrument btc = new Instrument("bybit", Pair.parse("BTC-USD"), "BTCUSDT", new BigDecimal("0.01"),
            new BigDecimal("0.000001"), new BigDecimal("0.000048"), BigDecimal.ONE);

    @BeforeEach
    void setUp() {
        stub = new StubServer();
        clock = Fixtures.clock();
        venue = new BybitVenue(stub.baseUrl(), clock, Fixtures.FAST);
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    static Reply list(String... orders) {
        return Reply.json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[" + String.join(",", orders)
                + "],\"nextPageCursor\":\"\",\"category\":\"spot\"},\"retExtInfo\":{},\"time\":1684766282976}");
    }

    static String order(String status, String avg, String filled) {
        return ORDER.formatted(status, avg, filled);
    }

    @Test
    void createIsSignedOverTheExactBodyAndCarriesOrderLinkId() {
        stub.on("POST", "/v5/order/create", Reply.json(CREATED));
        stub.on("GET", "/v5/order/realtime", list(order("PartiallyFilled", "65000.1", "0.0005")));
        // The create answer only acknowledges; the executor reads the order back.
        VenueOrderState s = ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(btc, "nj1", Side.BUY,
                OrderType.LIMIT, new BigDecimal("0.001"), new BigDecimal("65000.10")));

        Recorded r = stub.last("/v5/order/create");
        assertThat(r.body()).isEqualTo("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\","
                + "\"qty\":\"0.001\",\"price\":\"65000.1\",\"timeInForce\":\"GTC\",\"orderLinkId\":\"nj1\"}");
        String ts = String.valueOf(Fixtures.T0.toEpochMilli());
        assertThat(r.header("X-BAPI-API-KEY")).isEqualTo("alice-key");
        assertThat(r.header("X-BAPI-TIMESTAMP")).isEqualTo(ts);
        assertThat(r.header("X-BAPI-RECV-WINDOW")).isEqualTo("5000");
        assertThat(r.header("X-BAPI-SIGN")).isEqualTo(BybitSigner.sign(SECRET, ts, "alice-key", "5000", r.body()));

        Recorded q = stub.last("/v5/order/realtime");
        assertThat(q.rawQuery()).isEqualTo("category=spot&symbol=BTCUSDT&orderLinkId=nj1");
        assertThat(q.header("X-BAPI-SIGN")).isEqualTo(BybitSigner.sign(SECRET, ts, "alice-key", "5000", q.rawQuery()));

        assertThat(s.status()).isEqualTo(VenueOrderStatus.PARTIALLY_FILLED);
        assertThat(s.venueOrderId()).isEqualTo("1321003749386327552");
        assertThat(s.averagePrice()).isEqualByComparingTo("65000.1");
        assertThat(s.reason()).isEqualTo("PartiallyFilled");
    }

    static Reply accountInfo(int unifiedMarginStatus) {
        return Reply.json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"marginMode\":\"REGULAR_MARGIN\","
                + "\"updatedTime\":\"1697078946000\",\"unifiedMarginStatus\":" + unifiedMarginStatus
                + ",\"dcpStatus\":\"OFF\",\"timeWindow\":10,\"smpGroup\":0,\"isMasterTrader\":false,"
                + "\"spotHedgingStatus\":\"OFF\"},\"retExtInfo\":{},\"time\":1697078946000}");
    }

    @Test
    void aMarketBuyWithAQuoteAmountIsQuoteSizedWithoutMarketUnitOnAnyAccount() {
        stub.on("POST", "/v5/order/create", Reply.json(CREATED));
        stub.on("GET", "/v5/order/realtime", list(order("Filled", "65000", "0.001")));
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj2", Side.BUY, OrderType.MARKET, new BigDecimal("0.001"),
                null, new BigDecimal("65.129")));
        assertThat(stub.last("/v5/order/create").body()).isEqualTo("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\","
                + "\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"65.12\",\"orderLinkId\":\"nj2\"}");
        // The rule is right on classic and unified accounts alike, so the account type is not even asked.
        assertThat(stub.count("/v5/account/info")).isZero();
    }

    @Test
    void aMarketBuyWithoutAQuoteAmountIsBaseSizedOnAUnifiedAccountAskedOncePerKey() {
        stub.on("POST", "/v5/order/create", Reply.json(CREATED));
        stub.on("GET", "/v5/order/realtime", list(order("Filled", "65000", "0.001")));
        stub.on("GET", "/v5/account/info", accountInfo(5));
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj2", Side.BUY, OrderType.MARKET, new BigDecimal("0.001"), null));
        assertThat(stub.last("/v5/order/create").body()).isEqualTo("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\","
                + "\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.001\",\"marketUnit\":\"baseCoin\","
                + "\"orderLinkId\":\"nj2\"}");
        assertThat(stub.last("/v5/account/info").header("X-BAPI-API-KEY")).isEqualTo("alice-key");
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj3", Side.BUY, OrderType.MARKET, new BigDecimal("0.001"), null));
        assertThat(stub.count("/v5/account/info")).isEqualTo(1);
        assertThat(stub.count("/v5/order/create")).isEqualTo(2);
    }

    @Test
    void aNativeStopIsASpotConditionalLimitWithItsTriggerPrice() {
        stub.on("POST", "/v5/order/create", Reply.json(CREATED));
        venue.placeOrder(alice, VenueOrderRequest.triggered(btc, "nj6", Side.SELL, new BigDecimal("0.001"),
                new BigDecimal("58000"), io.nija.core.venue.NativeTrigger.stopLoss(new BigDecimal("59000"))));
        assertThat(stub.last("/v5/order/create").body()).isEqualTo("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\","
                + "\"side\":\"Sell\",\"orderType\":\"Limit\",\"qty\":\"0.001\",\"price\":\"58000\",\"timeInForce\":\"GTC\","
                + "\"orderFilter\":\"StopOrder\",\"triggerPrice\":\"59000\",\"orderLinkId\":\"nj6\"}");
        assertThat(venue.nativeStops().takeProfit()).isTrue();
        assertThat(venue.nativeStops().locksFunds()).isFalse();
    }

    @Test
    void aMarketBuyWithoutAQuoteAmountOnAClassicAccountIsNotSent() {
        stub.on("POST", "/v5/order/create", Reply.json(CREATED));
        stub.on("GET", "/v5/account/info", accountInfo(1));
        assertThatThrownBy(() -> venue.placeOrder(alice, new VenueOrderRequest(btc, "nj2", Side.BUY, OrderType.MARKET,
                new BigDecimal("0.001"), null))).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.INVALID_PRICE_OR_QTY));
        assertThat(stub.count("/v5/order/create")).isZero();
        // A failed account read sends nothing either, and is asked again next time.
        stub.on("GET", "/v5/account/info", Reply.status(502, "bad gateway"));
        assertThatThrownBy(() -> venue.placeOrder(bob, new VenueOrderRequest(btc, "b1", Side.BUY, OrderType.MARKET,
                new BigDecimal("0.001"), null))).isInstanceOf(VenueException.class);
        assertThat(stub.count("/v5/order/create")).isZero();
    }

    @Test
    void marketSellsAreSizedInBaseCoinAndIocIsATimeInForce() {
        stub.on("POST", "/v5/order/create", Reply.json(CREATED));
        stub.on("GET", "/v5/order/realtime", list(order("Filled", "65000", "0.001")));
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj2", Side.SELL, OrderType.MARKET, new BigDecimal("0.001"), null));
        assertThat(stub.last("/v5/order/create").body()).isEqualTo("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\","
                + "\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"0.001\",\"orderLinkId\":\"nj2\"}");
        assertThat(stub.count("/v5/account/info")).isZero();
        var body = Json.parse(stub.last("/v5/order/create").body());
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj3", Side.SELL, OrderType.IOC, new BigDecimal("0.001"),
                new BigDecimal("64000")));
        body = Json.parse(stub.last("/v5/order/create").body());
        assertThat(body.path("timeInForce").asText()).isEqualTo("IOC");
        assertThat(body.path("side").asText()).isEqualTo("Sell");
    }

    @Test
    void anAcceptedOrderIsPlacedOpenWhenTheKeyMayNotReadItBack() {
        stub.on("POST", "/v5/order/create", Reply.json(CREATED));
        stub.on("GET", "/v5/order/realtime", Reply.json(
                "{\"retCode\":10005,\"retMsg\":\"Permission denied, please check your API key permissions.\",\"result\":{}}"));
        assertAcceptedOpen(placeLimitAsRouted());

        stub.on("GET", "/v5/order/realtime", Reply.json("{\"retCode\":10003,\"retMsg\":\"API key is invalid.\",\"result\":{}}"));
        assertAcceptedOpen(placeLimitAsRouted());
    }

    @Test
    void aReadBackTheKeysLimiterRefusesIsSkippedAndThePlaceStillAnswers() {
        stub.on("POST", "/v5/order/create", Reply.json(CREATED));
        long reset = Fixtures.T0.toEpochMilli() + 700;
        stub.on("GET", "/v5/order/realtime", Reply.json("{\"retCode\":10006,\"retMsg\":\"Too many visits!\",\"result\":{}}")
                .withHeader("X-Bapi-Limit-Reset-Timestamp", String.valueOf(reset)));
        assertAcceptedOpen(placeLimitAsRouted());
        assertThat(stub.count("/v5/order/realtime")).isEqualTo(1);

        // The key's realtime bucket is now backed off: the next read-back is not sent, and the place still answers.
        assertAcceptedOpen(placeLimitAsRouted());
        assertThat(stub.count("/v5/order/create")).isEqualTo(2);
        assertThat(stub.count("/v5/order/realtime")).isEqualTo(1);
    }

    private static void assertAcceptedOpen(VenueOrderState s) {
        assertThat(s.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(s.venueOrderId()).isEqualTo("1321003749386327552");
        assertThat(s.clientOrderId()).isEqualTo("nj1");
        assertThat(s.filledQty()).isEqualByComparingTo("0");
        assertThat(s.fills()).isEmpty();
    }

    @Test
    void documentedRetCodesMapToTheTaxonomy() {
        assertPlaceError("{\"retCode\":170131,\"retMsg\":\"Balance insufficient\",\"result\":{}}", VenueErrorKind.INSUFFICIENT_FUNDS);
        assertPlaceError("{\"retCode\":110007,\"retMsg\":\"Available balance is insufficient\",\"result\":{}}", VenueErrorKind.INSUFFICIENT_FUNDS);
        assertPlaceError("{\"retCode\":170121,\"retMsg\":\"Invalid symbol.\",\"result\":{}}", VenueErrorKind.INVALID_SYMBOL);
        assertPlaceError("{\"retCode\":10001,\"retMsg\":\"params error: symbol invalid\",\"result\":{}}", VenueErrorKind.INVALID_SYMBOL);
        assertPlaceError("{\"retCode\":170136,\"retMsg\":\"Order quantity lower than the minimum.\",\"result\":{}}", VenueErrorKind.BELOW_MIN_NOTIONAL);
        assertPlaceError("{\"retCode\":170140,\"retMsg\":\"Order value exceeded lower limit\",\"result\":{}}", VenueErrorKind.BELOW_MIN_NOTIONAL);
        assertPlaceError("{\"retCode\":170134,\"retMsg\":\"Order price decimal too long.\",\"result\":{}}", VenueErrorKind.INVALID_PRICE_OR_QTY);
        assertPlaceError("{\"retCode\":170137,\"retMsg\":\"Order quantity decimal too long.\",\"result\":{}}", VenueErrorKind.INVALID_PRICE_OR_QTY);
        assertPlaceError("{\"retCode\":110072,\"retMsg\":\"OrderLinkedID is duplicate\",\"result\":{}}", VenueErrorKind.DUPLICATE_ORDER);
        assertPlaceError("{\"retCode\":170141,\"retMsg\":\"Duplicate clientOrderId\",\"result\":{}}", VenueErrorKind.DUPLICATE_ORDER);
        assertPlaceError("{\"retCode\":10003,\"retMsg\":\"API key is invalid.\",\"result\":{}}", VenueErrorKind.AUTH_FAILED);
        assertPlaceError("{\"retCode\":10004,\"retMsg\":\"error sign!\",\"result\":{}}", VenueErrorKind.AUTH_FAILED);
        assertPlaceError("{\"retCode\":10005,\"retMsg\":\"Permission denied, please check your API key permissions.\",\"result\":{}}",
                VenueErrorKind.PERMISSION_DENIED);
        assertPlaceError("{\"retCode\":10010,\"retMsg\":\"Unmatched IP\",\"result\":{}}", VenueErrorKind.AUTH_FAILED);
        assertPlaceError("{\"retCode\":10016,\"retMsg\":\"Internal server error.\",\"result\":{}}", VenueErrorKind.UNKNOWN);
    }

    @Test
    void tooManyVisitsBacksOffThatKeyOnlyUntilTheResetTimestamp() {
        long reset = Fixtures.T0.toEpochMilli() + 700;
        stub.on("POST", "/v5/order/create", Reply.json("{\"retCode\":10006,\"retMsg\":\"Too many visits!\",\"result\":{}}")
                .withHeader("X-Bapi-Limit-Reset-Timestamp", String.valueOf(reset)));
        assertThatThrownBy(this::placeLimit).isInstanceOfSatisfying(VenueException.class, e -> {
            assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(700));
        });
        int sent = stub.requests().size();
        assertThatThrownBy(this::placeLimit).isInstanceOf(VenueException.class);
        assertThat(stub.requests()).hasSize(sent);
        // Bob shares the IP but not alice's per-UID allowance.
        stub.on("POST", "/v5/order/create", Reply.json(CREATED));
        stub.on("GET", "/v5/order/realtime", list(order("New", "0", "0")));
        venue.placeOrder(bob, new VenueOrderRequest(btc, "b1", Side.BUY, OrderType.MARKET, new BigDecimal("0.001"), null,
                new BigDecimal("65")));
    }

    @Test
    void ipBanIs403AndBlocksEveryoneForTenMinutes() {
        stub.on("GET", "/v5/order/realtime", Reply.status(403, "access too frequent"));
        assertThatThrownBy(() -> venue.openOrders(alice)).isInstanceOfSatisfying(VenueException.class, e -> {
            assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(10));
        });
        assertThatThrownBy(() -> venue.openOrders(bob)).isInstanceOf(VenueException.class);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void perUidEndpointLimitIsTwentyCreatesPerSecond() {
        stub.on("POST", "/v5/order/create", Reply.json(CREATED));
        stub.on("GET", "/v5/order/realtime", list(order("New", "0", "0")));
        for (int i = 0; i < 20; i++) {
            placeLimit();
        }
        assertThatThrownBy(this::placeLimit).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED));
        clock.advance(Duration.ofSeconds(1));
        placeLimit();
    }

    @Test
    void queryFallsBackToHistoryAndIsEmptyOnlyWhenBothAreEmpty() {
        stub.on("GET", "/v5/order/realtime", list());
        stub.on("GET", "/v5/order/history", r -> "nj1".equals(r.query().get("orderLinkId"))
                ? list(order("Cancelled", "0", "0")) : list());
        assertThat(venue.queryOrder(alice, btc, "nj1")).get().extracting(VenueOrderState::status)
                .isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(venue.queryOrder(alice, btc, "nope")).isEmpty();
        stub.on("GET", "/v5/order/history", Reply.status(502, "bad gateway"));
        assertThatThrownBy(() -> venue.queryOrder(alice, btc, "nope")).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.VENUE_UNAVAILABLE));
    }

    @Test
    void cancelReturnsTheFinalStateAndOrderNotExistsFallsBackToQuery() {
        stub.on("POST", "/v5/order/cancel", Reply.json(CREATED));
        stub.on("GET", "/v5/order/realtime", list(order("PartiallyFilledCanceled", "65000.1", "0.0005")));
        VenueOrderState s = venue.cancelOrder(alice, btc, "nj1");
        assertThat(s.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(s.filledQty()).isEqualByComparingTo("0.0005");
        assertThat(Json.parse(stub.last("/v5/order/cancel").body()).path("orderLinkId").asText()).isEqualTo("nj1");

        stub.on("POST", "/v5/order/cancel", Reply.json("{\"retCode\":170213,\"retMsg\":\"Order does not exist.\",\"result\":{}}"));
        stub.on("GET", "/v5/order/realtime", list());
        stub.on("GET", "/v5/order/history", list());
        assertThatThrownBy(() -> venue.cancelOrder(alice, btc, "nj1")).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.ORDER_NOT_FOUND));
    }

    @Test
    void fillsFromTheExecutionList() {
        stub.on("GET", "/v5/execution/list", Reply.json("""
                {"retCode":0,"retMsg":"OK","result":{"nextPageCursor":"","category":"spot","list":[
                 {"symbol":"BTCUSDT","orderType":"Limit","orderLinkId":"nj1","side":"Buy","orderId":"1321003749386327552",
                  "leavesQty":"0","execTime":"1672221263862","feeCurrency":"","isMaker":false,"execFee":"0.0000005",
                  "feeRate":"0.001","execId":"2100000000007764263","execPrice":"65000.1","orderQty":"0.001",
                  "orderPrice":"65000.1","execValue":"32.50005","execType":"Trade","execQty":"0.0005"},
                 {"symbol":"BTCUSDT","orderLinkId":"nj1","side":"Buy","execTime":"1672221263900","feeCurrency":"USDT",
                  "isMaker":true,"execFee":"-0.01","execId":"2100000000007764264","execPrice":"65000","execType":"Trade","execQty":"0.0005"}]},
                 "retExtInfo":{},"time":1672283754510}"""));
        List<Fill> fills = venue.fills(alice, btc, "nj1");
        assertThat(fills).extracting(Fill::fillId).containsExactly("2100000000007764263", "2100000000007764264");
        assertThat(fills.get(0).feeAsset()).isEqualTo("BTC");
        assertThat(fills.get(0).liquidity()).isEqualTo(Liquidity.TAKER);
        assertThat(fills.get(1).fee()).isEqualByComparingTo("0");
        assertThat(fills.get(1).feeAsset()).isEqualTo("USDT");
        assertThat(stub.last("/v5/execution/list").query()).containsEntry("orderLinkId", "nj1").containsEntry("category", "spot");
    }

    @Test
    void instrumentsBookFeesAndBalances() {
        stub.on("GET", "/v5/market/instruments-info", Reply.json("""
                {"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[
                 {"symbol":"BTCUSDT","baseCoin":"BTC","quoteCoin":"USDT","innovation":"0","status":"Trading","marginTrading":"utaOnly",
                  "stTag":"0","lotSizeFilter":{"basePrecision":"0.000001","quotePrecision":"0.00000001","minOrderQty":"0.000048",
                  "maxOrderQty":"71.73956243","minOrderAmt":"1","maxOrderAmt":"2000000"},"priceFilter":{"tickSize":"0.01"}}]},
                 "retExtInfo":{},"time":1672712468011}"""));
        assertThat(venue.instruments()).singleElement().satisfies(i -> {
            assertThat(i.pair().toString()).isEqualTo("BTC-USD");
            assertThat(i.lotSize()).isEqualByComparingTo("0.000001");
            assertThat(i.tickSize()).isEqualByComparingTo("0.01");
            assertThat(i.minNotional()).isEqualByComparingTo("1");
        });
        assertThat(stub.last("/v5/market/instruments-info").header("X-BAPI-SIGN")).isNull();

        stub.on("GET", "/v5/market/orderbook", Reply.json("""
                {"retCode":0,"retMsg":"OK","result":{"s":"BTCUSDT","a":[["65557.7","16.606555"]],"b":[["65485.47","47.081829"]],
                 "ts":1716863719031,"u":230704,"seq":1432604333,"cts":1716863718905},"retExtInfo":{},"time":1716863719382}"""));
        var book = venue.orderBook(btc, 50);
        assertThat(book.bestAsk()).isEqualByComparingTo("65557.7");
        assertThat(book.bestBid()).isEqualByComparingTo("65485.47");

        stub.on("GET", "/v5/account/fee-rate", Reply.json("""
                {"retCode":0,"retMsg":"OK","result":{"list":[{"symbol":"BTCUSDT","takerFeeRate":"0.001","makerFeeRate":"0.0008"}]},"retExtInfo":{},"time":1676360412576}"""));
        assertThat(venue.fees(alice, btc).maker()).isEqualByComparingTo("0.0008");

        stub.on("GET", "/v5/account/wallet-balance", Reply.json("""
                {"retCode":0,"retMsg":"OK","result":{"list":[{"accountType":"UNIFIED","coin":[
                 {"coin":"BTC","walletBalance":"1.5","locked":"0.25"},{"coin":"USDT","walletBalance":"1000","locked":"0"}]}]},
                 "retExtInfo":{},"time":1690872862481}"""));
        var b = venue.balances(alice);
        assertThat(b.get("BTC")).isEqualByComparingTo("1.25");
        assertThat(b.get("USDT")).isEqualByComparingTo("1000");
    }

    @Test
    void resetOnCreateIsUnknown() {
        stub.on("POST", "/v5/order/create", Reply.RESET);
        assertThatThrownBy(this::placeLimit).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.UNKNOWN));
    }

    private void assertPlaceError(String body, VenueErrorKind expected) {
        clock.advance(Duration.ofSeconds(1));
        stub.on("POST", "/v5/order/create", Reply.json(body));
        assertThatThrownBy(this::placeLimit).as(body).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(expected));
    }

    private VenueOrderState placeLimit() {
        return venue.placeOrder(alice, new VenueOrderRequest(btc, "nj1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.001"), new BigDecimal("65000")));
    }

    /** Placed as the router places: through the executor, which reads an acknowledged order back. */
    private VenueOrderState placeLimitAsRouted() {
        return ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(btc, "nj1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.001"), new BigDecimal("65000")));
    }

    static Reply apiKey(int readOnly, String spot, String wallet) {
        return Reply.json("{\"retCode\":0,\"retMsg\":\"\",\"result\":{\"id\":\"13770661\",\"note\":\"router\","
                + "\"apiKey\":\"alice-key\",\"readOnly\":" + readOnly + ",\"secret\":\"\",\"permissions\":{"
                + "\"ContractTrade\":[],\"Spot\":[" + spot + "],\"Wallet\":[" + wallet + "],\"Options\":[],"
                + "\"Derivatives\":[],\"Exchange\":[]},\"ips\":[\"*\"],\"type\":1,\"deadlineDay\":-1,"
                + "\"expiredAt\":\"\",\"uta\":1},\"retExtInfo\":{},\"time\":1697525990798}");
    }

    @Test
    void keyPermissionsComeFromTheSignedQueryApi() {
        stub.on("GET", "/v5/user/query-api", apiKey(1, "", "\"AccountTransfer\""));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, false, false));

        Recorded r = stub.last("/v5/user/query-api");
        assertThat(r.header("X-BAPI-API-KEY")).isEqualTo("alice-key");
        assertThat(r.header("X-BAPI-SIGN")).isNotBlank();
        assertThat(r.header("X-BAPI-TIMESTAMP")).isNotBlank();
        assertThat(r.header("X-BAPI-RECV-WINDOW")).isNotBlank();

        stub.on("GET", "/v5/user/query-api", apiKey(0, "\"SpotTrade\"", "\"AccountTransfer\""));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, false));
        stub.on("GET", "/v5/user/query-api", apiKey(0, "\"SpotTrade\"", "\"AccountTransfer\",\"Withdraw\""));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, true));
        // Read-write for derivatives only: no spot trading.
        stub.on("GET", "/v5/user/query-api", apiKey(0, "", ""));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, false, false));
    }

    @Test
    void keyPermissionsAreUnknownWithoutTheEndpointAndABadKeyIsRefused() {
        assertThat(venue.keyPermissions(alice)).isEmpty();

        stub.on("GET", "/v5/user/query-api", Reply.status(401,
                "{\"retCode\":10003,\"retMsg\":\"API key is invalid.\",\"result\":{},\"time\":1697525990798}"));
        assertThatThrownBy(() -> venue.keyPermissions(alice)).isInstanceOf(VenueException.class)
                .extracting(e -> ((VenueException) e).kind()).isEqualTo(VenueErrorKind.AUTH_FAILED);
    }
}
