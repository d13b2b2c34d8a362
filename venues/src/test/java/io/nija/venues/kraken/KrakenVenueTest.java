package io.nija.venues.kraken;

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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KrakenVenueTest {
    static final String SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    static final String ORDER = """
            {"refid":null,"userref":0,"cl_ord_id":"nj1","status":"%s","opentm":1688666559.8974,"starttm":0,"expiretm":0,
             "descr":{"pair":"XBTUSD","type":"buy","ordertype":"limit","price":"27500.0","price2":"0","leverage":"none",
                      "order":"buy 1.25000000 XBTUSD @ limit 27500.0","close":""},
             "vol":"1.25000000","vol_exec":"%s","cost":"27526.2","fee":"26.2","price":"%s","stopprice":"0.00000",
             "limitprice":"0.00000","misc":"","oflags":"fciq","trades":["TZX2WP-XSEOP-FP7WYR","THVRQM-33VKH-UCI7BS"]}""";
    /** QueryTrades of ORDER's two trade ids: 0.5 and 0.75 at 27500. */
    static final String TRADES = """
            {"TZX2WP-XSEOP-FP7WYR":{"ordertxid":"OUF4EM-FRGI2-MQMWZD","pair":"XXBTZUSD","time":1688667769.6396,"type":"buy",
              "ordertype":"limit","price":"27500.00000","cost":"13750.00000","fee":"13.75000","vol":"0.50000000","misc":"",
              "trade_id":39482673,"maker":false},
             "THVRQM-33VKH-UCI7BS":{"ordertxid":"OUF4EM-FRGI2-MQMWZD","pair":"XXBTZUSD","time":1688667796.8802,"type":"buy",
              "ordertype":"limit","price":"27500.00000","cost":"20625.00000","fee":"20.62500","vol":"0.75000000","misc":"",
              "trade_id":39482674,"maker":true}}""";
    static final String ADD_ORDER = """
            {"error":[],"result":{"descr":{"order":"buy 1.25000000 XBTUSD @ limit 27500.0"},"txid":["OUF4EM-FRGI2-MQMWZD"]}}""";

    StubServer stub;
    ManualClock clock;
    KrakenVenue venue;
    VenueAccount alice = Fixtures.account("alice", "kraken", "alice-key", SECRET);
    VenueAccount bob = Fixtures.account("bob", "kraken", "bob-key", SECRET);
    Instrument xbt = Fixtures.instrument("kraken", "XBTUSD", "0.1", "0.00000001");

    @BeforeEach
    void setUp() {
        stub = new StubServer();
        clock = Fixtures.clock();
        venue = new KrakenVenue(stub.baseUrl(), clock, Fixtures.FAST);
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    static String order(String status, String volExec, String price) {
        return ORDER.formatted(status, volExec, price);
    }

    static Reply result(String json) {
        return Reply.json("{\"error\":[],\"result\":" + json + "}");
    }

    static Reply error(String message) {
        return Reply.json("{\"error\":[\"" + message + "\"],\"result\":{}}");
    }

    @Test
    void instrumentsFromAssetPairsUseAltnameAndUnaliasXbt() {
        stub.on("GET", "/0/public/AssetPairs", result("""
                {"XXBTZUSD":{"altname":"XBTUSD","wsname":"XBT/USD","aclass_base":"currency","base":"XXBT","aclass_quote":"currency",
                  "quote":"ZUSD","lot":"unit","cost_decimals":5,"pair_decimals":1,"lot_decimals":8,"lot_multiplier":1,
                  "fees":[[0,0.4]],"fees_maker":[[0,0.25]],"fee_volume_currency":"ZUSD","margin_call":80,"margin_stop":40,
                  "ordermin":"0.00005","costmin":"0.5","tick_size":"0.1","status":"online"},
                 "XETHXXBT":{"altname":"ETHXBT","wsname":"ETH/XBT","base":"XETH","quote":"XXBT","pair_decimals":5,
                  "lot_decimals":8,"ordermin":"0.002","status":"online"},
                 "USDTZUSD":{"altname":"USDTZUSD","wsname":"USDT/USD","base":"USDT","quote":"ZUSD","pair_decimals":5,
                  "lot_decimals":8,"ordermin":"5","costmin":"5","tick_size":"0.00001","status":"cancel_only"}}"""));
        List<Instrument> list = venue.instruments();
        assertThat(list).hasSize(2);
        Instrument i = list.get(0);
        assertThat(i.pair().toString()).isEqualTo("BTC-USD");
        assertThat(i.symbol()).isEqualTo("XBTUSD");
        assertThat(i.tickSize()).isEqualByComparingTo("0.1");
        assertThat(i.lotSize()).isEqualByComparingTo("0.00000001");
        assertThat(i.minQty()).isEqualByComparingTo("0.00005");
        assertThat(i.minNotional()).isEqualByComparingTo("0.5");
        assertThat(list.get(1).pair().toString()).isEqualTo("ETH-BTC");
        assertThat(list.get(1).tickSize()).isEqualByComparingTo("0.00001");
        assertThat(list.get(1).minNotional()).isEqualByComparingTo("0");
    }

    @Test
    void addOrderIsFormEncodedWithNonceFirstSignedAndTaggedWithClOrdId() {
        stub.on("POST", "/0/private/AddOrder", Reply.json(ADD_ORDER));
        stub.on("POST", "/0/private/OpenOrders", result("{\"open\":{}}"));
        stub.on("POST", "/0/private/ClosedOrders", result("{\"closed\":{\"OUF4EM-FRGI2-MQMWZD\":"
                + order("closed", "1.25", "27500.0") + "}}"));
        stub.on("POST", "/0/private/QueryTrades", result(TRADES));

        // AddOrder only acknowledges; the executor reads the order back by its client id.
        VenueOrderState s = ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(xbt, "nj1", Side.BUY,
                OrderType.LIMIT, new BigDecimal("1.25"), new BigDecimal("27500.0")));

        Recorded r = stub.last("/0/private/AddOrder");
        assertThat(r.header("API-Key")).isEqualTo("alice-key");
        assertThat(r.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        String nonce = String.valueOf(Fixtures.T0.toEpochMilli());
        assertThat(r.body()).startsWith("nonce=" + nonce + "&");
        assertThat(r.form()).containsEntry("ordertype", "limit").containsEntry("type", "buy")
                .containsEntry("volume", "1.25").containsEntry("pair", "XBTUSD").containsEntry("price", "27500")
                .containsEntry("cl_ord_id", "nj1").doesNotContainKey("timeinforce");
        assertThat(r.header("API-Sign")).isEqualTo(KrakenSigner.sign(SECRET, "/0/private/AddOrder", r.form().get("nonce"), r.body()));

        assertThat(s.venueOrderId()).isEqualTo("OUF4EM-FRGI2-MQMWZD");
        assertThat(s.clientOrderId()).isEqualTo("nj1");
        assertThat(s.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(s.filledQty()).isEqualByComparingTo("1.25");
        assertThat(s.averagePrice()).isEqualByComparingTo("27500");
        assertThat(stub.last("/0/private/ClosedOrders").form()).containsEntry("cl_ord_id", "nj1");
        // The trades come with it, so nobody has to look the order up again for them.
        assertThat(s.fills()).extracting(Fill::quantity).map(BigDecimal::toPlainString).containsExactlyInAnyOrder("0.50000000", "0.75000000");
    }

    @Test
    void aPlaceWhoseReadBackTheCounterCannotPayForReturnsTheAcknowledgementAndSpendsNothingOnIt() {
        stub.on("POST", "/0/private/AddOrder", Reply.json(ADD_ORDER));
        stub.on("POST", "/0/private/OpenOrders", result("{\"open\":{}}"));
        KrakenRateLimits l = venue.rateLimits();
        for (int i = 0; i < 13; i++) {
            venue.openOrders(alice);
        }
        // Two units left: not enough for a lookup (OpenOrders, ClosedOrders, QueryTrades: 1 + 1 + 2).
        VenueOrderState s = ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(xbt, "nj1", Side.BUY,
                OrderType.LIMIT, new BigDecimal("1.25"), new BigDecimal("27500.0")));
        assertThat(s.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(s.venueOrderId()).isEqualTo("OUF4EM-FRGI2-MQMWZD");
        assertThat(stub.count("/0/private/OpenOrders")).as("no read-back sent").isEqualTo(13);
        assertThat(l.limiter().available(l.restRule(), io.nija.venues.common.Hashing.fingerprint("alice-key"))).isEqualTo(2);
    }

    @Test
    void aLookupTheCounterCannotPayForInFullSendsNothingAndSpendsNothing() {
        stub.on("POST", "/0/private/OpenOrders", result("{\"open\":{}}"));
        stub.on("POST", "/0/private/ClosedOrders", result("{\"closed\":{\"OUF4EM-FRGI2-MQMWZD\":"
                + order("closed", "1.25", "27500.0") + "}}"));
        stub.on("POST", "/0/private/QueryTrades", result(TRADES));
        KrakenRateLimits l = venue.rateLimits();
        String key = io.nija.venues.common.Hashing.fingerprint("alice-key");
        for (int i = 0; i < 12; i++) {
            venue.openOrders(alice);
        }
        // Three units left; the lookup may need four (OpenOrders, ClosedOrders, QueryTrades at 2).
        assertThatThrownBy(() -> venue.queryOrder(alice, xbt, "nj1")).isInstanceOfSatisfying(VenueException.class, e -> {
            assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isPositive();
        });
        assertThat(l.limiter().available(l.restRule(), key)).isEqualTo(3);
        assertThat(stub.count("/0/private/ClosedOrders")).isZero();
        // About 3 s later the whole lookup fits; what it did not use goes back.
        clock.advance(Duration.ofMillis(3100));
        VenueOrderState s = venue.queryOrder(alice, xbt, "nj1").orElseThrow();
        assertThat(s.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(s.fills()).hasSize(2);
        assertThat(l.limiter().available(l.restRule(), key)).isZero();
    }

    @Test
    void iocMarketAndIncreasingNonces() {
        stub.on("POST", "/0/private/AddOrder", Reply.json(ADD_ORDER));
        VenueOrderState ack = venue.placeOrder(alice, new VenueOrderRequest(xbt, "nj2", Side.SELL, OrderType.IOC,
                new BigDecimal("0.5"), new BigDecimal("27000")));
        assertThat(stub.last("/0/private/AddOrder").form()).containsEntry("timeinforce", "IOC").containsEntry("type", "sell");
        assertThat(ack.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(ack.venueOrderId()).isEqualTo("OUF4EM-FRGI2-MQMWZD");

        venue.placeOrder(alice, new VenueOrderRequest(xbt, "nj3", Side.BUY, OrderType.MARKET, new BigDecimal("0.5"), null));
        assertThat(stub.last("/0/private/AddOrder").form()).containsEntry("ordertype", "market").doesNotContainKey("price");

        List<Long> nonces = stub.requests().stream().map(r -> Long.parseLong(r.form().get("nonce"))).toList();
        assertThat(nonces).hasSize(2).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void followUpFailureStillReturnsTheAcknowledgedOrder() {
        stub.on("POST", "/0/private/AddOrder", Reply.json(ADD_ORDER));
        stub.on("POST", "/0/private/OpenOrders", Reply.status(502, "bad gateway"));
        VenueOrderState s = ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(xbt, "nj1", Side.BUY,
                OrderType.MARKET, BigDecimal.ONE, null));
        assertThat(s.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(s.reason()).contains("buy 1.25000000 XBTUSD");
    }

    @Test
    void anAcceptedOrderIsPlacedOpenWhenTheKeyMayNotReadItBack() {
        stub.on("POST", "/0/private/AddOrder", Reply.json(ADD_ORDER));
        stub.on("POST", "/0/private/OpenOrders", error("EGeneral:Permission denied"));
        VenueOrderState s = placeLimitAsRouted();
        assertAcceptedOpen(s);

        clock.advance(Duration.ofSeconds(10));
        stub.on("POST", "/0/private/OpenOrders", error("EAPI:Invalid key"));
        assertAcceptedOpen(placeLimitAsRouted());
    }

    private static void assertAcceptedOpen(VenueOrderState s) {
        assertThat(s.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(s.venueOrderId()).isEqualTo("OUF4EM-FRGI2-MQMWZD");
        assertThat(s.clientOrderId()).isEqualTo("nj1");
        assertThat(s.filledQty()).isEqualByComparingTo("0");
        assertThat(s.fills()).isEmpty();
    }

    @Test
    void documentedErrorStringsMapToTheTaxonomy() {
        assertAddOrderError("EOrder:Insufficient funds", VenueErrorKind.INSUFFICIENT_FUNDS);
        assertAddOrderError("EQuery:Unknown asset pair", VenueErrorKind.INVALID_SYMBOL);
        assertAddOrderError("EOrder:Order minimum not met", VenueErrorKind.BELOW_MIN_NOTIONAL);
        assertAddOrderError("EOrder:Cost minimum not met", VenueErrorKind.BELOW_MIN_NOTIONAL);
        assertAddOrderError("EGeneral:Invalid arguments:volume", VenueErrorKind.INVALID_PRICE_OR_QTY);
        assertAddOrderError("EAPI:Invalid key", VenueErrorKind.AUTH_FAILED);
        assertAddOrderError("EAPI:Invalid signature", VenueErrorKind.AUTH_FAILED);
        assertAddOrderError("EAPI:Invalid nonce", VenueErrorKind.AUTH_FAILED);
        assertAddOrderError("EGeneral:Permission denied", VenueErrorKind.PERMISSION_DENIED);
        assertAddOrderError("EGeneral:Temporary lockout", VenueErrorKind.AUTH_FAILED);
        assertAddOrderError("EService:Unavailable", VenueErrorKind.VENUE_UNAVAILABLE);
        assertAddOrderError("EService:Busy", VenueErrorKind.VENUE_UNAVAILABLE);
        assertAddOrderError("EGeneral:Internal error", VenueErrorKind.UNKNOWN);
        assertAddOrderError("EOrder:Rate limit exceeded", VenueErrorKind.RATE_LIMITED);
    }

    @Test
    void newerErrorEnvelopeIsReadToo() {
        stub.on("POST", "/0/private/BalanceEx", Reply.json("""
                {"errors":[{"field":"Kraken-Nonce","type":"Invalid nonce","msg":"Invalid API nonce","severity":"E","errorClass":"API"}]}"""));
        assertThatThrownBy(() -> venue.balances(alice)).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.AUTH_FAILED));
    }

    @Test
    void throttledNamesTheTimeToRetryAfter() {
        long at = Fixtures.T0.getEpochSecond() + 30;
        stub.on("POST", "/0/private/OpenOrders", error("EService: Throttled: " + at));
        assertThatThrownBy(() -> venue.openOrders(alice)).isInstanceOfSatisfying(VenueException.class, e -> {
            assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
        });
    }

    @Test
    void warningsDoNotFailACall() {
        stub.on("POST", "/0/private/OpenOrders", Reply.json("{\"error\":[\"WGeneral:Some warning\"],\"result\":{\"open\":{}}}"));
        assertThat(venue.openOrders(alice)).isEmpty();
    }

    @Test
    void serverErrorOrResetOnAddOrderIsUnknown() {
        stub.on("POST", "/0/private/AddOrder", Reply.status(503, "<html>503</html>"));
        assertThatThrownBy(this::placeLimit).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.UNKNOWN));
        clock.advance(Duration.ofSeconds(10));
        stub.on("POST", "/0/private/AddOrder", Reply.RESET);
        assertThatThrownBy(this::placeLimit).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.UNKNOWN));
    }

    @Test
    void queryLooksInOpenThenClosedOrdersByClOrdIdAndIsEmptyOnlyWhenBothSayNone() {
        stub.on("POST", "/0/private/OpenOrders", result("{\"open\":{}}"));
        stub.on("POST", "/0/private/ClosedOrders", r -> "nj1".equals(r.form().get("cl_ord_id"))
                ? result("{\"closed\":{\"OUF4EM-FRGI2-MQMWZD\":" + order("canceled", "0.5", "27500.0") + "},\"count\":1}")
                : result("{\"closed\":{},\"count\":0}"));
        stub.on("POST", "/0/private/QueryTrades", result(TRADES));
        VenueOrderState s = venue.queryOrder(alice, xbt, "nj1").orElseThrow();
        assertThat(s.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(s.filledQty()).isEqualByComparingTo("0.5");
        assertThat(stub.last("/0/private/OpenOrders").form()).containsEntry("cl_ord_id", "nj1").containsEntry("trades", "true");
        assertThat(venue.queryOrder(alice, xbt, "other")).isEmpty();

        stub.on("POST", "/0/private/ClosedOrders", error("EService:Unavailable"));
        assertThatThrownBy(() -> venue.queryOrder(alice, xbt, "other")).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.VENUE_UNAVAILABLE));
    }

    @Test
    void aPendingOrderAcceptedButNotYetInTheBookIsOpen() {
        stub.on("POST", "/0/private/AddOrder", Reply.json(ADD_ORDER));
        stub.on("POST", "/0/private/QueryOrders", result("{\"OUF4EM-FRGI2-MQMWZD\":" + order("pending", "0.00000000", "0.00000") + "}"));
        VenueOrderState placed = placeLimit();
        assertThat(placed.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(placed.venueOrderId()).isEqualTo("OUF4EM-FRGI2-MQMWZD");

        stub.on("POST", "/0/private/OpenOrders", result("{\"open\":{\"OUF4EM-FRGI2-MQMWZD\":"
                + order("pending", "0.00000000", "0.00000") + "}}"));
        assertThat(venue.queryOrder(alice, xbt, "nj1")).get().extracting(VenueOrderState::status)
                .isEqualTo(VenueOrderStatus.OPEN);
    }

    @Test
    void openOrderWithPartialFillIsPartiallyFilled() {
        stub.on("POST", "/0/private/OpenOrders", result("{\"open\":{\"OQCLML-BW3P3-BUCMWZ\":"
                + order("open", "0.375", "27500.0") + "}}"));
        assertThat(venue.openOrders(alice)).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(VenueOrderStatus.PARTIALLY_FILLED);
            assertThat(s.symbol()).isEqualTo("XBTUSD");
        });
    }

    @Test
    void cancelByClOrdIdReturnsTheFinalStateAndUnknownOrderFallsBackToQuery() {
        stub.on("POST", "/0/private/CancelOrder", result("{\"count\":1}"));
        stub.on("POST", "/0/private/OpenOrders", result("{\"open\":{}}"));
        stub.on("POST", "/0/private/ClosedOrders", result("{\"closed\":{\"OUF4EM-FRGI2-MQMWZD\":"
                + order("canceled", "0.00000000", "0.00000") + "}}"));
        VenueOrderState s = venue.cancelOrder(alice, xbt, "nj1");
        assertThat(s.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(s.averagePrice()).isNull();
        assertThat(stub.last("/0/private/CancelOrder").form()).containsEntry("cl_ord_id", "nj1");
        // A cancelled order is closed: it is read from ClosedOrders, without asking OpenOrders first.
        assertThat(stub.count("/0/private/OpenOrders")).isZero();
        stub.on("POST", "/0/private/QueryTrades", result(TRADES));

        stub.on("POST", "/0/private/CancelOrder", error("EOrder:Unknown order"));
        stub.on("POST", "/0/private/ClosedOrders", result("{\"closed\":{\"OUF4EM-FRGI2-MQMWZD\":"
                + order("closed", "1.25", "27500.0") + "}}"));
        VenueOrderState filled = venue.cancelOrder(alice, xbt, "nj1");
        assertThat(filled.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(filled.fills()).hasSize(2);

        stub.on("POST", "/0/private/ClosedOrders", result("{\"closed\":{}}"));
        assertThatThrownBy(() -> venue.cancelOrder(alice, xbt, "nj1")).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.ORDER_NOT_FOUND));
    }

    @Test
    void cancellingAFreshOrderCostsEightOnThatPairsTradingCounter() {
        stub.on("POST", "/0/private/AddOrder", Reply.json(ADD_ORDER));
        stub.on("POST", "/0/private/QueryOrders", result("{}"));
        stub.on("POST", "/0/private/CancelOrder", result("{\"count\":1}"));
        stub.on("POST", "/0/private/ClosedOrders", result("{\"closed\":{\"OUF4EM-FRGI2-MQMWZD\":" + order("canceled", "0", "0") + "}}"));
        KrakenRateLimits l = venue.rateLimits();
        String key = KrakenRateLimits.tradingKey(alice, "XBTUSD");
        placeLimit();
        assertThat(l.limiter().available(l.tradingRule(), key)).isEqualTo(59);
        venue.cancelOrder(alice, xbt, "nj1");
        assertThat(l.limiter().available(l.tradingRule(), key)).isEqualTo(51);
        // Another pair, or another user, is untouched.
        assertThat(l.limiter().available(l.tradingRule(), KrakenRateLimits.tradingKey(alice, "ETHUSD"))).isEqualTo(60);
        assertThat(l.limiter().available(l.tradingRule(), KrakenRateLimits.tradingKey(bob, "XBTUSD"))).isEqualTo(60);
    }

    @Test
    void cancellingAnOrderOlderThan300sCostsNothingAndIsSent() {
        stub.on("POST", "/0/private/AddOrder", Reply.json(ADD_ORDER));
        stub.on("POST", "/0/private/QueryOrders", result("{}"));
        stub.on("POST", "/0/private/CancelOrder", result("{\"count\":1}"));
        stub.on("POST", "/0/private/ClosedOrders", result("{\"closed\":{\"OUF4EM-FRGI2-MQMWZD\":" + order("canceled", "0", "0") + "}}"));
        KrakenRateLimits l = venue.rateLimits();
        String key = KrakenRateLimits.tradingKey(alice, "XBTUSD");
        placeLimit();
        clock.advance(Duration.ofSeconds(301));
        long before = l.limiter().available(l.tradingRule(), key);

        VenueOrderState s = venue.cancelOrder(alice, xbt, "nj1");

        assertThat(s.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(stub.count("/0/private/CancelOrder")).isEqualTo(1);
        assertThat(l.limiter().available(l.tradingRule(), key)).isEqualTo(before);
    }

    @Test
    void restCounterIsPerKeyAndDecays() {
        stub.on("POST", "/0/private/OpenOrders", result("{\"open\":{}}"));
        for (int i = 0; i < 15; i++) {
            venue.openOrders(alice);
        }
        assertThatThrownBy(() -> venue.openOrders(alice)).isInstanceOfSatisfying(VenueException.class, e -> {
            assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isPositive();
        });
        assertThat(stub.count("/0/private/OpenOrders")).isEqualTo(15);
        // Bob's key has its own counter.
        venue.openOrders(bob);
        // Starter decays 0.33 a second: about 3 s frees one call.
        clock.advance(Duration.ofMillis(3100));
        venue.openOrders(alice);
        assertThat(stub.count("/0/private/OpenOrders")).isEqualTo(17);
    }

    @Test
    void fillsComeFromTheOrdersTradeIds() {
        stub.on("POST", "/0/private/OpenOrders", result("{\"open\":{\"OQCLML-BW3P3-BUCMWZ\":"
                + order("open", "0.04", "30010.0") + "}}"));
        stub.on("POST", "/0/private/QueryTrades", result("""
                {"THVRQM-33VKH-UCI7BS":{"ordertxid":"OQCLML-BW3P3-BUCMWZ","postxid":"TKH2SE-M7IF5-CFI7LT","pair":"XXBTZUSD",
                  "time":1688667796.8802,"type":"buy","ordertype":"limit","price":"30010.00000","cost":"600.20000",
                  "fee":"0.96032","vol":"0.02000000","margin":"0.00000","misc":"","trade_id":39482674,"maker":true},
                 "TZX2WP-XSEOP-FP7WYR":{"ordertxid":"OQCLML-BW3P3-BUCMWZ","pair":"XXBTZUSD","time":1688667769.6396,
                  "type":"buy","ordertype":"limit","price":"30010.00000","cost":"600.20000","fee":"0.96032",
                  "vol":"0.02000000","misc":"","trade_id":39482673,"maker":false}}"""));
        List<Fill> fills = venue.fills(alice, xbt, "nj1");
        assertThat(fills).hasSize(2);
        Fill f = fills.get(0);
        assertThat(f.fillId()).isEqualTo("THVRQM-33VKH-UCI7BS");
        assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER);
        assertThat(f.fee()).isEqualByComparingTo("0.96032");
        assertThat(f.feeAsset()).isEqualTo("USD");
        assertThat(f.time()).isEqualTo(Instant.ofEpochSecond(1688667796, 880_200_000));
        assertThat(stub.last("/0/private/QueryTrades").form())
                .containsEntry("txid", "TZX2WP-XSEOP-FP7WYR,THVRQM-33VKH-UCI7BS");
    }

    @Test
    void balancesFeesAndBook() {
        stub.on("POST", "/0/private/BalanceEx", result("""
                {"ZUSD":{"balance":"25435.21","hold_trade":"8249.76"},"XXBT":{"balance":"1.2","hold_trade":"0"},
                 "XBT.M":{"balance":"0.5"},"USDT":{"balance":"10","hold_trade":"0"}}"""));
        Map<String, BigDecimal> b = venue.balances(alice);
        assertThat(b).containsOnlyKeys("USD", "BTC", "USDT");
        assertThat(b.get("USD")).isEqualByComparingTo("17185.45");
        assertThat(b.get("BTC")).isEqualByComparingTo("1.2");

        stub.on("POST", "/0/private/TradeVolume", result("""
                {"currency":"ZUSD","volume":"200709587.4223",
                 "fees":{"XXBTZUSD":{"fee":"0.1000","minfee":"0.1000","maxfee":"0.2600","nextfee":null,"nextvolume":null,"tiervolume":"10000000.0000"}},
                 "fees_maker":{"XXBTZUSD":{"fee":"0.0000","minfee":"0.0000","maxfee":"0.1600","nextfee":null,"nextvolume":null,"tiervolume":"10000000.0000"}}}"""));
        var fees = venue.fees(alice, xbt);
        assertThat(fees.taker()).isEqualByComparingTo("0.001");
        assertThat(fees.maker()).isEqualByComparingTo("0");
        assertThat(stub.last("/0/private/TradeVolume").form()).containsEntry("pair", "XBTUSD");

        stub.on("GET", "/0/public/Depth", result("""
                {"XXBTZUSD":{"asks":[["30384.10000","2.059",1688671659],["30387.90000","1.500",1688671380]],
                             "bids":[["30297.00000","1.115",1688671636],["30296.70000","2.002",1688671674]]}}"""));
        var book = venue.orderBook(xbt, 2);
        assertThat(book.bestAsk()).isEqualByComparingTo("30384.1");
        assertThat(book.bestBid()).isEqualByComparingTo("30297");
        assertThat(stub.last("/0/public/Depth").query()).containsEntry("pair", "XBTUSD").containsEntry("count", "2");
    }

    private void assertAddOrderError(String message, VenueErrorKind expected) {
        clock.advance(Duration.ofSeconds(10));
        stub.on("POST", "/0/private/AddOrder", error(message));
        assertThatThrownBy(this::placeLimit).as(message).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(expected));
    }

    private VenueOrderState placeLimit() {
        return venue.placeOrder(alice, new VenueOrderRequest(xbt, "nj1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("1.25"), new BigDecimal("27500")));
    }

    /** Placed as the router places: through the executor, which reads an acknowledged order back. */
    private VenueOrderState placeLimitAsRouted() {
        return ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(xbt, "nj1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("1.25"), new BigDecimal("27500")));
    }

    static Reply keyInfo(String... permissions) {
        return result("{\"name\":\"router\",\"permissions\":[" + String.join(",",
                java.util.Arrays.stream(permissions).map(p -> "\"" + p + "\"").toList())
                + "],\"restrictions\":{\"ip_allowlist\":[],\"query_start\":null,\"query_end\":null}}");
    }

    @Test
    void keyPermissionsComeFromTheSignedGetApiKeyInfo() {
        String[] read = {"query_funds", "query_open_orders_and_trades", "query_closed_orders_and_trades",
                "query_ledger_entries"};
        stub.on("POST", "/0/private/GetApiKeyInfo", keyInfo(read));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, false, false));

        Recorded r = stub.last("/0/private/GetApiKeyInfo");
        assertThat(r.header("API-Key")).isEqualTo("alice-key");
        assertThat(r.header("API-Sign")).isNotBlank();
        assertThat(r.form()).containsKey("nonce");

        String[] trade = {read[0], read[1], read[2], read[3], "create_modify_orders", "cancel_close_orders"};
        stub.on("POST", "/0/private/GetApiKeyInfo", keyInfo(trade));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, false));
        String[] withdraw = {read[0], read[1], read[2], read[3], "create_modify_orders", "cancel_close_orders",
                "withdraw_funds"};
        stub.on("POST", "/0/private/GetApiKeyInfo", keyInfo(withdraw));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, true));
        // Open orders alone do not let the router find an order that closed: not a reading key.
        stub.on("POST", "/0/private/GetApiKeyInfo", keyInfo("query_funds", "query_open_orders_and_trades",
                "create_modify_orders"));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(false, true, false));
    }

    @Test
    void keyPermissionsAreUnknownWithoutTheMethodAndABadKeyIsRefused() {
        stub.on("POST", "/0/private/GetApiKeyInfo", Reply.status(404,
                "{\"error\":[\"EGeneral:Unknown method\"],\"result\":{}}"));
        assertThat(venue.keyPermissions(alice)).isEmpty();

        stub.on("POST", "/0/private/GetApiKeyInfo", error("EAPI:Invalid key"));
        assertThatThrownBy(() -> venue.keyPermissions(alice)).isInstanceOf(VenueException.class)
                .extracting(e -> ((VenueException) e).kind()).isEqualTo(VenueErrorKind.AUTH_FAILED);
    }
}
