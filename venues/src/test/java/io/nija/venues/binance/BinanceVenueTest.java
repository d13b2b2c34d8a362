package io.nija.venues.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.KeyPermissions;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.venues.Fixtures;
import io.nija.venues.StubServer;
import io.nija.venues.StubServer.Recorded;
import io.nija.venues.StubServer.Reply;
import io.nija.venues.common.Charge;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BinanceVenueTest {
    static final String KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    static final String FULL_ORDER = """
            {"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"nj1","transactTime":1507725176595,
             "price":"0.00000000","origQty":"10.00000000","executedQty":"10.00000000","origQuoteOrderQty":"0.000000",
             "cummulativeQuoteQty":"39983.00000000","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"SELL",
             "workingTime":1507725176595,"selfTradePreventionMode":"NONE",
             "fills":[{"price":"4000.00000000","qty":"1.00000000","commission":"4.00000000","commissionAsset":"USDT","tradeId":56},
                      {"price":"3999.00000000","qty":"5.00000000","commission":"19.99500000","commissionAsset":"USDT","tradeId":57},
                      {"price":"3998.00000000","qty":"2.00000000","commission":"7.99600000","commissionAsset":"USDT","tradeId":58},
                      {"price":"3997.00000000","qty":"1.00000000","commission":"3.99700000","commissionAsset":"USDT","tradeId":59},
                      {"price":"3995.00000000","qty":"1.00000000","commission":"3.99500000","commissionAsset":"USDT","tradeId":60}]}
            """;
    static final String QUERY_ORDER = """
            {"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"nj1","price":"65000.10","origQty":"0.00200000",
             "executedQty":"0.00100000","cummulativeQuoteQty":"65.00010000","status":"PARTIALLY_FILLED","timeInForce":"GTC",
             "type":"LIMIT","side":"BUY","stopPrice":"0.0","icebergQty":"0.0","time":1499827319559,"updateTime":1499827319559,
             "isWorking":true,"workingTime":1499827319559,"origQuoteOrderQty":"0.000000","selfTradePreventionMode":"NONE"}
            """;

    StubServer stub;
    ManualClock clock;
    BinanceVenue venue;
    VenueAccount alice = Fixtures.account("alice", "binance", KEY, SECRET);
    VenueAccount bob = Fixtures.account("bob", "binance", "bobkey", "bobsecret");
    Instrument btc = Fixtures.instrument("binance", "BTCUSDT", "0.01", "0.00001");

    @BeforeEach
    void setUp() {
        stub = new StubServer();
        clock = Fixtures.clock();
        venue = new BinanceVenue(stub.baseUrl(), clock, Fixtures.FAST);
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    @Test
    void instrumentsComeFromExchangeInfoFiltersAndAdoptTheWeightLimit() {
        stub.on("GET", "/api/v3/exchangeInfo", Reply.json("""
                {"timezone":"UTC","serverTime":1565246363776,
                 "rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":1200},
                               {"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":100}],
                 "symbols":[
                  {"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","isSpotTradingAllowed":true,
                   "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},
                              {"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},
                              {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000"}]},
                  {"symbol":"ETHBTC","status":"BREAK","baseAsset":"ETH","quoteAsset":"BTC","filters":[]},
                  {"symbol":"LTCBTC","status":"TRADING","baseAsset":"LTC","quoteAsset":"BTC",
                   "filters":[{"filterType":"PRICE_FILTER","tickSize":"0.00000100"},
                              {"filterType":"LOT_SIZE","minQty":"0.00100000","stepSize":"0.00100000"},
                              {"filterType":"MIN_NOTIONAL","minNotional":"0.00010000","applyToMarket":true}]}]}
                """));
        List<Instrument> list = venue.instruments();
        assertThat(list).hasSize(2);
        Instrument i = list.get(0);
        assertThat(i.pair().toString()).isEqualTo("BTC-USD");
        assertThat(i.symbol()).isEqualTo("BTCUSDT");
        assertThat(i.tickSize()).isEqualByComparingTo("0.01");
        assertThat(i.lotSize()).isEqualByComparingTo("0.00001");
        assertThat(i.minQty()).isEqualByComparingTo("0.00001");
        assertThat(i.minNotional()).isEqualByComparingTo("5");
        assertThat(list.get(1).pair().toString()).isEqualTo("LTC-BTC");
        assertThat(list.get(1).minNotional()).isEqualByComparingTo("0.0001");
        assertThat(venue.rateLimits().weightRule().capacity()).isEqualTo(1200);
    }

    @Test
    void limitOrderIsSignedOverTheExactQueryAndCarriesNewClientOrderId() {
        stub.on("POST", "/api/v3/order", Reply.json(FULL_ORDER));
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.00100"), new BigDecimal("65000.10")));

        Recorded r = stub.last("/api/v3/order");
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("X-MBX-APIKEY")).isEqualTo(KEY);
        Map<String, String> q = r.query();
        assertThat(q).containsEntry("symbol", "BTCUSDT").containsEntry("side", "BUY").containsEntry("type", "LIMIT")
                .containsEntry("timeInForce", "GTC").containsEntry("quantity", "0.001")
                .containsEntry("price", "65000.1").containsEntry("newClientOrderId", "nj1")
                .containsEntry("newOrderRespType", "FULL").containsEntry("recvWindow", "5000")
                .containsEntry("timestamp", String.valueOf(Fixtures.T0.toEpochMilli()));
        String raw = r.rawQuery();
        String unsigned = raw.substring(0, raw.indexOf("&signature="));
        assertThat(q.get("signature")).isEqualTo(BinanceSigner.sign(SECRET, unsigned));
        assertThat(raw).endsWith("&signature=" + q.get("signature"));
    }

    @Test
    void iocAndMarketOrdersUseTheDocumentedParameters() {
        stub.on("POST", "/api/v3/order", Reply.json(FULL_ORDER));
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj2", Side.SELL, OrderType.IOC,
                new BigDecimal("0.5"), new BigDecimal("64000")));
        assertThat(stub.last("/api/v3/order").query()).containsEntry("type", "LIMIT").containsEntry("timeInForce", "IOC")
                .containsEntry("price", "64000");
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj3", Side.BUY, OrderType.MARKET,
                new BigDecimal("0.5"), null));
        assertThat(stub.last("/api/v3/order").query()).containsEntry("type", "MARKET")
                .doesNotContainKeys("timeInForce", "price");
    }

    @Test
    void nativeStopLossAndTakeProfitLimitsCarryTheirTypeAndStopPrice() {
        stub.on("POST", "/api/v3/order", Reply.json(FULL_ORDER));
        venue.placeOrder(alice, VenueOrderRequest.triggered(btc, "nj4", Side.SELL, new BigDecimal("0.5"),
                new BigDecimal("58000"), io.nija.core.venue.NativeTrigger.stopLoss(new BigDecimal("59000.5"))));
        assertThat(stub.last("/api/v3/order").query()).containsEntry("type", "STOP_LOSS_LIMIT")
                .containsEntry("timeInForce", "GTC").containsEntry("price", "58000").containsEntry("stopPrice", "59000.5")
                .containsEntry("side", "SELL");
        venue.placeOrder(alice, VenueOrderRequest.triggered(btc, "nj5", Side.SELL, new BigDecimal("0.5"),
                new BigDecimal("70000"), io.nija.core.venue.NativeTrigger.takeProfit(new BigDecimal("70000"))));
        assertThat(stub.last("/api/v3/order").query()).containsEntry("type", "TAKE_PROFIT_LIMIT")
                .containsEntry("stopPrice", "70000");
        assertThat(venue.nativeStops().stopLoss()).isTrue();
        assertThat(venue.nativeStops().locksFunds()).isTrue();
    }

    @Test
    void fullResponseGivesStatusAveragePriceAndFills() {
        stub.on("POST", "/api/v3/order", Reply.json(FULL_ORDER));
        VenueOrderState s = venue.placeOrder(alice, new VenueOrderRequest(btc, "nj1", Side.SELL, OrderType.MARKET,
                BigDecimal.TEN, null));
        assertThat(s.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(s.venueOrderId()).isEqualTo("28");
        assertThat(s.clientOrderId()).isEqualTo("nj1");
        assertThat(s.filledQty()).isEqualByComparingTo("10");
        assertThat(s.averagePrice()).isEqualByComparingTo("3998.3");
        assertThat(s.fills()).hasSize(5);
        Fill f = s.fills().get(1);
        assertThat(f.fillId()).isEqualTo("57");
        assertThat(f.quantity()).isEqualByComparingTo("5");
        assertThat(f.price()).isEqualByComparingTo("3999");
        assertThat(f.fee()).isEqualByComparingTo("19.995");
        assertThat(f.feeAsset()).isEqualTo("USDT");
    }

    @Test
    void offGridQuantityIsRefusedBeforeSending() {
        assertThatThrownBy(() -> venue.placeOrder(alice, new VenueOrderRequest(btc, "nj1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.000001"), new BigDecimal("65000"))))
                .isInstanceOf(VenueException.class)
                .extracting(e -> ((VenueException) e).kind()).isEqualTo(VenueErrorKind.INVALID_PRICE_OR_QTY);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void documentedErrorsMapToTheTaxonomy() {
        assertPlaceError(400, "{\"code\":-2010,\"msg\":\"Account has insufficient balance for requested action.\"}",
                VenueErrorKind.INSUFFICIENT_FUNDS);
        assertPlaceError(400, "{\"code\":-1013,\"msg\":\"Filter failure: NOTIONAL\"}", VenueErrorKind.BELOW_MIN_NOTIONAL);
        assertPlaceError(400, "{\"code\":-1013,\"msg\":\"Filter failure: MIN_NOTIONAL\"}", VenueErrorKind.BELOW_MIN_NOTIONAL);
        assertPlaceError(400, "{\"code\":-1013,\"msg\":\"Filter failure: LOT_SIZE\"}", VenueErrorKind.INVALID_PRICE_OR_QTY);
        assertPlaceError(400, "{\"code\":-1013,\"msg\":\"Filter failure: PRICE_FILTER\"}", VenueErrorKind.INVALID_PRICE_OR_QTY);
        assertPlaceError(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", VenueErrorKind.INVALID_SYMBOL);
        assertPlaceError(400, "{\"code\":-2010,\"msg\":\"Duplicate order sent.\"}", VenueErrorKind.DUPLICATE_ORDER);
        // -2015 names a bad key, a wrong IP and a missing permission alike: it stays AUTH_FAILED, not PERMISSION_DENIED.
        assertPlaceError(401, "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}",
                VenueErrorKind.AUTH_FAILED);
        assertPlaceError(400, "{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}",
                VenueErrorKind.AUTH_FAILED);
        assertPlaceError(400, "{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}",
                VenueErrorKind.VENUE_UNAVAILABLE);
        assertPlaceError(408, "{\"code\":-1007,\"msg\":\"Timeout waiting for response from backend server. Send status unknown; execution status unknown.\"}",
                VenueErrorKind.UNKNOWN);
        assertPlaceError(503, "{\"code\":-1008,\"msg\":\"Service Unavailable.\"}", VenueErrorKind.UNKNOWN);
    }

    @Test
    void orderCountIsPerAccountSoOneUserCannotSpendAnothersAllowance() {
        stub.on("POST", "/api/v3/order", Reply.json(FULL_ORDER));
        for (int i = 0; i < 10; i++) {
            place("a" + i);
        }
        assertThatThrownBy(() -> place("a10")).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED));
        venue.placeOrder(bob, new VenueOrderRequest(btc, "b0", Side.BUY, OrderType.MARKET, BigDecimal.ONE, null));
        assertThat(stub.count("/api/v3/order")).isEqualTo(11);
    }

    @Test
    void connectionResetOnPlaceIsUnknownButOnAReadIsUnavailable() {
        stub.on("POST", "/api/v3/order", Reply.RESET);
        stub.on("GET", "/api/v3/openOrders", Reply.RESET);
        assertThatThrownBy(() -> place("nj1")).extracting(e -> ((VenueException) e).kind())
                .isEqualTo(VenueErrorKind.UNKNOWN);
        assertThatThrownBy(() -> venue.openOrders(alice)).extracting(e -> ((VenueException) e).kind())
                .isEqualTo(VenueErrorKind.VENUE_UNAVAILABLE);
    }

    @Test
    void timeoutOnPlaceIsUnknown() {
        BinanceVenue quick = new BinanceVenue(stub.baseUrl(), clock,
                new io.nija.venues.common.HttpTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)));
        stub.on("POST", "/api/v3/order", Reply.HANG);
        assertThatThrownBy(() -> quick.placeOrder(alice, new VenueOrderRequest(btc, "nj1", Side.BUY, OrderType.MARKET,
                BigDecimal.ONE, null)))
                .isInstanceOf(VenueException.class)
                .satisfies(e -> {
                    assertThat(((VenueException) e).kind()).isEqualTo(VenueErrorKind.UNKNOWN);
                    assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("signature");
                });
    }

    @Test
    void http429WithRetryAfterIsRateLimitedAndBlocksFurtherCallsLocally() {
        stub.on("POST", "/api/v3/order", Reply.status(429,
                "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 6000 request weight per 1 MINUTE.\"}")
                .withHeader("Retry-After", "7"));
        assertThatThrownBy(() -> place("nj1")).isInstanceOfSatisfying(VenueException.class, e -> {
            assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
        long sent = stub.requests().size();
        // Binance counts the IP: bob is blocked too, without anything being sent.
        assertThatThrownBy(() -> venue.openOrders(bob)).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED));
        assertThat(stub.requests()).hasSize((int) sent);
        clock.advance(Duration.ofSeconds(8));
        stub.on("GET", "/api/v3/openOrders", Reply.json("[]"));
        assertThat(venue.openOrders(bob)).isEmpty();
    }

    @Test
    void ipBan418IsRateLimitedWithItsRetryAfter() {
        stub.on("GET", "/api/v3/openOrders", Reply.status(418, "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until 1507725176595.\"}")
                .withHeader("Retry-After", "120"));
        assertThatThrownBy(() -> venue.openOrders(alice)).isInstanceOfSatisfying(VenueException.class, e -> {
            assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        });
    }

    @Test
    void usedWeightHeaderIsReadBack() {
        stub.on("GET", "/api/v3/openOrders", Reply.json("[]").withHeader("X-MBX-USED-WEIGHT-1M", "5900"));
        venue.openOrders(alice);
        assertThat(venue.rateLimits().limiter().available(venue.rateLimits().weightRule(), Charge.SHARED_IP))
                .isEqualTo(100);
        // Another 80-weight call fits, a third does not: refused locally, nothing sent.
        venue.openOrders(bob);
        assertThatThrownBy(() -> venue.openOrders(alice)).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED));
        assertThat(stub.count("/api/v3/openOrders")).isEqualTo(2);
    }

    @Test
    void queryByClientOrderIdAndEmptyOnlyWhenBinanceSaysItDoesNotExist() {
        stub.on("GET", "/api/v3/order", r -> "nj1".equals(r.query().get("origClientOrderId"))
                ? Reply.json(QUERY_ORDER)
                : Reply.status(400, "{\"code\":-2013,\"msg\":\"Order does not exist.\"}"));
        Optional<VenueOrderState> s = venue.queryOrder(alice, btc, "nj1");
        assertThat(s).isPresent();
        assertThat(s.get().status()).isEqualTo(VenueOrderStatus.PARTIALLY_FILLED);
        assertThat(s.get().averagePrice()).isEqualByComparingTo("65000.1");
        assertThat(stub.last("/api/v3/order").query()).containsEntry("symbol", "BTCUSDT");
        assertThat(venue.queryOrder(alice, btc, "nope")).isEmpty();

        stub.on("GET", "/api/v3/order", Reply.status(500, "oops"));
        assertThatThrownBy(() -> venue.queryOrder(alice, btc, "nj1")).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.VENUE_UNAVAILABLE));
    }

    @Test
    void cancelUsesOrigClientOrderIdAndFallsBackToTheFinalStateWhenAlreadyFilled() {
        stub.on("DELETE", "/api/v3/order", Reply.json("""
                {"symbol":"BTCUSDT","origClientOrderId":"nj1","orderId":4,"orderListId":-1,"clientOrderId":"cancelMyOrder1",
                 "transactTime":1684804350068,"price":"2.00000000","origQty":"1.00000000","executedQty":"0.00000000",
                 "cummulativeQuoteQty":"0.00000000","status":"CANCELED","timeInForce":"GTC","type":"LIMIT","side":"BUY",
                 "selfTradePreventionMode":"NONE"}"""));
        VenueOrderState s = venue.cancelOrder(alice, btc, "nj1");
        assertThat(s.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(s.clientOrderId()).isEqualTo("nj1");
        assertThat(stub.last("/api/v3/order").query()).containsEntry("origClientOrderId", "nj1");

        stub.on("DELETE", "/api/v3/order", Reply.status(400, "{\"code\":-2011,\"msg\":\"Unknown order sent.\"}"));
        stub.on("GET", "/api/v3/order", Reply.json(QUERY_ORDER.replace("PARTIALLY_FILLED", "FILLED")));
        assertThat(venue.cancelOrder(alice, btc, "nj1").status()).isEqualTo(VenueOrderStatus.FILLED);

        stub.on("GET", "/api/v3/order", Reply.status(400, "{\"code\":-2013,\"msg\":\"Order does not exist.\"}"));
        assertThatThrownBy(() -> venue.cancelOrder(alice, btc, "nj1")).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.ORDER_NOT_FOUND));
    }

    @Test
    void fillsComeFromMyTradesOfTheOrdersId() {
        stub.on("GET", "/api/v3/order", Reply.json(QUERY_ORDER));
        stub.on("GET", "/api/v3/myTrades", Reply.json("""
                [{"symbol":"BTCUSDT","id":28457,"orderId":1,"orderListId":-1,"price":"65000.10","qty":"0.00100000",
                  "quoteQty":"65.0001","commission":"0.00000100","commissionAsset":"BTC","time":1499865549590,
                  "isBuyer":true,"isMaker":true,"isBestMatch":true}]"""));
        List<Fill> fills = venue.fills(alice, btc, "nj1");
        assertThat(fills).singleElement().satisfies(f -> {
            assertThat(f.fillId()).isEqualTo("28457");
            assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER);
            assertThat(f.fee()).isEqualByComparingTo("0.000001");
            assertThat(f.feeAsset()).isEqualTo("BTC");
        });
        assertThat(stub.last("/api/v3/myTrades").query()).containsEntry("orderId", "1").containsEntry("symbol", "BTCUSDT");
    }

    @Test
    void bookFeesAndBalances() {
        stub.on("GET", "/api/v3/depth", Reply.json("""
                {"lastUpdateId":1027024,"bids":[["4.00000000","431.00000000"],["3.9","1"]],"asks":[["4.00000200","12.00000000"]]}"""));
        OrderBook book = venue.orderBook(btc, 1);
        assertThat(book.bids()).hasSize(1);
        assertThat(book.bestBid()).isEqualByComparingTo("4");
        assertThat(book.bestAsk()).isEqualByComparingTo("4.000002");
        assertThat(stub.last("/api/v3/depth").query()).containsEntry("limit", "1").containsEntry("symbol", "BTCUSDT");

        stub.on("GET", "/api/v3/account/commission", Reply.json("""
                {"symbol":"BTCUSDT",
                 "standardCommission":{"maker":"0.00100000","taker":"0.00100000","buyer":"0.00000000","seller":"0.00000000"},
                 "specialCommission":{"maker":"0.00000000","taker":"0.00000000","buyer":"0.00000000","seller":"0.00000000"},
                 "taxCommission":{"maker":"0.00000000","taker":"0.00050000","buyer":"0.00000000","seller":"0.00000000"},
                 "discount":{"enabledForAccount":true,"enabledForSymbol":true,"discountAsset":"BNB","discount":"0.75000000"}}"""));
        FeeSchedule fees = venue.fees(alice, btc);
        assertThat(fees.maker()).isEqualByComparingTo("0.001");
        assertThat(fees.taker()).isEqualByComparingTo("0.0015");

        stub.on("GET", "/api/v3/account", Reply.json("""
                {"makerCommission":15,"takerCommission":15,"canTrade":true,"accountType":"SPOT",
                 "balances":[{"asset":"BTC","free":"4723846.89208129","locked":"0.00000000"},
                             {"asset":"USDT","free":"1000.5","locked":"10"}],
                 "permissions":["SPOT"],"uid":354937868}"""));
        assertThat(venue.balances(alice)).containsEntry("BTC", new BigDecimal("4723846.89208129"))
                .containsEntry("USDT", new BigDecimal("1000.5"));
        assertThat(stub.last("/api/v3/account").query()).containsEntry("omitZeroBalances", "true");
    }

    private void assertPlaceError(int status, String body, VenueErrorKind expected) {
        // Binance allows 10 orders a second per account; keep each case in its own second.
        clock.advance(Duration.ofSeconds(1));
        stub.on("POST", "/api/v3/order", Reply.status(status, body));
        assertThatThrownBy(() -> place("nj1")).as(body).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(expected));
    }

    private VenueOrderState place(String clientId) {
        return venue.placeOrder(alice, new VenueOrderRequest(btc, clientId, Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.001"), new BigDecimal("65000")));
    }

    @Test
    void keyPermissionsComeFromTheSignedApiRestrictions() {
        String restrictions = """
                {"ipRestrict":false,"createTime":1698645219000,"enableReading":%s,"enableSpotAndMarginTrading":%s,
                 "enableWithdrawals":%s,"enableInternalTransfer":false,"enableMargin":false,"enableFutures":false,
                 "permitsUniversalTransfer":false,"enableVanillaOptions":false,"enableFixApiTrade":false,
                 "enableFixReadOnly":false,"enablePortfolioMarginTrading":false}""";
        stub.on("GET", "/sapi/v1/account/apiRestrictions", Reply.json(restrictions.formatted(true, false, false)));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, false, false));

        Recorded r = stub.last("/sapi/v1/account/apiRestrictions");
        assertThat(r.header("X-MBX-APIKEY")).isEqualTo(KEY);
        assertThat(r.query()).containsKeys("timestamp", "recvWindow", "signature");

        stub.on("GET", "/sapi/v1/account/apiRestrictions", Reply.json(restrictions.formatted(true, true, false)));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, false));
        stub.on("GET", "/sapi/v1/account/apiRestrictions", Reply.json(restrictions.formatted(true, true, true)));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, true));
    }

    @Test
    void keyPermissionsAreUnknownWithoutTheEndpointAndABadKeyIsRefused() {
        assertThat(venue.keyPermissions(alice)).isEmpty();

        stub.on("GET", "/sapi/v1/account/apiRestrictions", Reply.status(401,
                "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}"));
        assertThatThrownBy(() -> venue.keyPermissions(alice)).isInstanceOf(VenueException.class)
                .extracting(e -> ((VenueException) e).kind()).isEqualTo(VenueErrorKind.AUTH_FAILED);
    }
}
