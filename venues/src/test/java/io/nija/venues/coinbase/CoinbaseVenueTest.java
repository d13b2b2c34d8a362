package io.nija.venues.coinbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoinbaseVenueTest {
    static final String ORDER_ID = "01b6e467-bd5a-4a1f-8e1c-7e1e0c0c0c0c";
    static final String CREATED = """
            {"success":true,"success_response":{"order_id":"%s","product_id":"BTC-USD","side":"BUY","client_order_id":"nj1"},
             "order_configuration":{"limit_limit_gtc":{"base_size":"0.001","limit_price":"65000.1","post_only":false}}}"""
            .formatted(ORDER_ID);
    static final String ORDER = """
            {"order_id":"%s","product_id":"BTC-USD","side":"BUY","client_order_id":"%s","status":"%s",
             "time_in_force":"GOOD_UNTIL_CANCELLED","created_time":"2023-11-26T10:19:47.423220Z","completion_percentage":"100.00",
             "filled_size":"%s","average_filled_price":"%s","number_of_fills":"1","filled_value":"65.0001","total_fees":"0.39",
             "total_value_after_fees":"65.3901","order_type":"LIMIT","reject_reason":"REJECT_REASON_UNSPECIFIED","settled":true,
             "product_type":"SPOT","outstanding_hold_amount":"0",
             "order_configuration":{"limit_limit_gtc":{"base_size":"0.001","limit_price":"65000.1","post_only":false}}}""";

    StubServer stub;
    ManualClock clock;
    CoinbaseVenue venue;
    KeyPair keys;
    VenueAccount alice;
    Instrument btc = Fixtures.instrument("coinbase", "BTC-USD", "0.01", "0.00000001");

    @BeforeEach
    void setUp() throws Exception {
        stub = new StubServer();
        clock = Fixtures.clock();
        venue = new CoinbaseVenue(stub.baseUrl(), clock, Fixtures.FAST);
        keys = CoinbaseJwtTest.ecKeyPair();
        alice = new VenueAccount("alice", "coinbase", CoinbaseJwtTest.KEY_NAME, CoinbaseJwtTest.sec1Pem(keys), null);
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    static String order(String clientId, String status, String filled, String avg) {
        return ORDER.formatted(ORDER_ID, clientId, status, filled, avg);
    }

    @Test
    void placeSendsClientOrderIdAndAJwtBoundToMethodHostAndPath() throws Exception {
        stub.on("POST", "/api/v3/brokerage/orders", Reply.json(CREATED));
        stub.on("GET", "/api/v3/brokerage/orders/historical/" + ORDER_ID,
                Reply.json("{\"order\":" + order("nj1", "OPEN", "0", "0") + "}"));
        // The place answer only acknowledges; the executor reads the order back, by the order id it answered.
        VenueOrderState s = ExecutorHarness.placed(venue, clock, alice, new VenueOrderRequest(btc, "nj1", Side.BUY,
                OrderType.LIMIT, new BigDecimal("0.001"), new BigDecimal("65000.10")));

        Recorded r = stub.last("/api/v3/brokerage/orders");
        assertThat(r.body()).isEqualTo("{\"client_order_id\":\"nj1\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\","
                + "\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.001\",\"limit_price\":\"65000.1\","
                + "\"post_only\":false}}}");
        JsonNode claims = verifiedClaims(r);
        String host = "127.0.0.1:" + stub.baseUrl().getPort();
        assertThat(claims.path("uri").asText()).isEqualTo("POST " + host + "/api/v3/brokerage/orders");
        assertThat(claims.path("nbf").asLong()).isEqualTo(Fixtures.T0.getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(Fixtures.T0.getEpochSecond() + 120);
        assertThat(verifiedClaims(stub.last("/api/v3/brokerage/orders/historical/" + ORDER_ID)).path("uri").asText())
                .isEqualTo("GET " + host + "/api/v3/brokerage/orders/historical/" + ORDER_ID);

        assertThat(s.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(s.venueOrderId()).isEqualTo(ORDER_ID);
        assertThat(s.quantity()).isEqualByComparingTo("0.001");
        assertThat(s.averagePrice()).isNull();
    }

    @Test
    void marketAndIocUseTheDocumentedOrderConfigurations() {
        stub.on("POST", "/api/v3/brokerage/orders", Reply.json(CREATED));
        stub.on("GET", "/api/v3/brokerage/orders/historical/" + ORDER_ID,
                Reply.json("{\"order\":" + order("nj1", "FILLED", "0.001", "65000") + "}"));
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj2", Side.SELL, OrderType.MARKET, new BigDecimal("0.001"), null));
        JsonNode cfg = Json.parse(stub.last("/api/v3/brokerage/orders").body()).path("order_configuration");
        assertThat(cfg.path("market_market_ioc").path("base_size").asText()).isEqualTo("0.001");
        assertThat(cfg.path("market_market_ioc").has("limit_price")).isFalse();
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj3", Side.BUY, OrderType.IOC, new BigDecimal("0.001"),
                new BigDecimal("65000")));
        cfg = Json.parse(stub.last("/api/v3/brokerage/orders").body()).path("order_configuration");
        assertThat(cfg.path("sor_limit_ioc").path("limit_price").asText()).isEqualTo("65000");
    }

    @Test
    void anAcceptedOrderIsPlacedOpenWhenTheKeyMayNotReadItBack() {
        stub.on("POST", "/api/v3/brokerage/orders", Reply.json(CREATED));
        stub.on("GET", "/api/v3/brokerage/orders/historical/" + ORDER_ID, Reply.status(403,
                "{\"error\":\"PERMISSION_DENIED\",\"error_details\":\"Missing required scopes\",\"message\":\"Missing required scopes\"}"));
        assertAcceptedOpen(placeLimitAsRouted());

        stub.on("GET", "/api/v3/brokerage/orders/historical/" + ORDER_ID, Reply.status(401, "Unauthorized"));
        assertAcceptedOpen(placeLimitAsRouted());
    }

    private static void assertAcceptedOpen(VenueOrderState s) {
        assertThat(s.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(s.venueOrderId()).isEqualTo(ORDER_ID);
        assertThat(s.clientOrderId()).isEqualTo("nj1");
        assertThat(s.filledQty()).isEqualByComparingTo("0");
        assertThat(s.fills()).isEmpty();
    }

    @Test
    void aMarketBuyIsSizedByItsQuoteAmount() {
        stub.on("POST", "/api/v3/brokerage/orders", Reply.json(CREATED));
        stub.on("GET", "/api/v3/brokerage/orders/historical/" + ORDER_ID,
                Reply.json("{\"order\":" + order("nj2", "FILLED", "0.0015", "65000") + "}"));
        venue.placeOrder(alice, new VenueOrderRequest(btc, "nj2", Side.BUY, OrderType.MARKET, new BigDecimal("0.0015"),
                null, new BigDecimal("100.257")));
        assertThat(stub.last("/api/v3/brokerage/orders").body()).isEqualTo("{\"client_order_id\":\"nj2\","
                + "\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"market_market_ioc\":"
                + "{\"quote_size\":\"100.25\"}}}");
    }

    @Test
    void aMarketBuyWithoutAQuoteAmountFailsBeforeSending() {
        stub.on("POST", "/api/v3/brokerage/orders", Reply.json(CREATED));
        assertThatThrownBy(() -> venue.placeOrder(alice, new VenueOrderRequest(btc, "nj2", Side.BUY, OrderType.MARKET,
                new BigDecimal("0.0015"), null))).isInstanceOfSatisfying(VenueException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VenueErrorKind.INVALID_PRICE_OR_QTY);
                    assertThat(e.getMessage()).isEqualTo("a Coinbase market buy needs a quote amount");
                });
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void refusedOrdersAndHttpErrorsMapToTheTaxonomy() {
        assertRefused("INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND", VenueErrorKind.INSUFFICIENT_FUNDS);
        assertRefused("INVALID_ORDER_CONFIG", "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL", VenueErrorKind.BELOW_MIN_NOTIONAL);
        assertRefused("INVALID_PRODUCT_ID", "PREVIEW_INVALID_PRODUCT_ID", VenueErrorKind.INVALID_SYMBOL);
        assertRefused("INVALID_LIMIT_PRICE_PRECISION", "PREVIEW_INVALID_LIMIT_PRICE_PRECISION",
                VenueErrorKind.INVALID_PRICE_OR_QTY);
        assertHttp(401, "{\"error\":\"UNAUTHENTICATED\",\"message\":\"unauthorized\"}", VenueErrorKind.AUTH_FAILED);
        assertHttp(403, "{\"error\":\"PERMISSION_DENIED\",\"message\":\"Missing required scopes\"}", VenueErrorKind.PERMISSION_DENIED);
        assertHttp(401, "{\"error\":\"unknown\",\"error_details\":\"Missing required scopes\",\"message\":\"Missing required scopes\"}",
                VenueErrorKind.PERMISSION_DENIED);
        assertHttp(403, "{\"error\":\"PERMISSION_DENIED\",\"error_details\":\"User has no access to post INTX perps orders\"}",
                VenueErrorKind.PERMISSION_DENIED);
        assertHttp(401, "Unauthorized", VenueErrorKind.AUTH_FAILED);
        assertHttp(400, "{\"error\":\"INVALID_ARGUMENT\",\"message\":\"Invalid product_id\"}", VenueErrorKind.INVALID_SYMBOL);
        assertHttp(500, "{\"error\":\"INTERNAL\",\"message\":\"internal error\"}", VenueErrorKind.UNKNOWN);
        assertHttp(429, "{\"error\":\"RESOURCE_EXHAUSTED\",\"message\":\"too many requests\"}", VenueErrorKind.RATE_LIMITED);
    }

    @Test
    void queryUsesTheRememberedOrderIdAndOtherwiseScansTheListToTheEnd() {
        stub.on("POST", "/api/v3/brokerage/orders", Reply.json(CREATED));
        stub.on("GET", "/api/v3/brokerage/orders/historical/" + ORDER_ID,
                Reply.json("{\"order\":" + order("nj1", "FILLED", "0.001", "65000.1") + "}"));
        placeLimit();
        assertThat(venue.queryOrder(alice, btc, "nj1")).get().extracting(VenueOrderState::status)
                .isEqualTo(VenueOrderStatus.FILLED);
        assertThat(stub.count("/api/v3/brokerage/orders/historical/batch")).isZero();

        // A fresh adapter (after a restart) knows no order ids and pages through the product's orders.
        CoinbaseVenue fresh = new CoinbaseVenue(stub.baseUrl(), clock, Fixtures.FAST);
        stub.on("GET", "/api/v3/brokerage/orders/historical/batch", r -> r.query().get("cursor") == null
                ? Reply.json("{\"orders\":[" + order("other", "FILLED", "1", "1") + "],\"has_next\":true,\"cursor\":\"c2\"}")
                : Reply.json("{\"orders\":[" + order("nj1", "CANCELLED", "0", "0") + "],\"has_next\":false,\"cursor\":\"\"}"));
        assertThat(fresh.queryOrder(alice, btc, "nj1")).get().extracting(VenueOrderState::status)
                .isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(stub.last("/api/v3/brokerage/orders/historical/batch").query())
                .containsEntry("product_ids", "BTC-USD").containsEntry("cursor", "c2");
        assertThat(fresh.queryOrder(alice, btc, "never-sent")).isEmpty();
    }

    @Test
    void cancelGoesThroughBatchCancelAndReturnsTheFinalState() {
        stub.on("POST", "/api/v3/brokerage/orders", Reply.json(CREATED));
        String[] status = {"OPEN"};
        stub.on("GET", "/api/v3/brokerage/orders/historical/" + ORDER_ID,
                r -> Reply.json("{\"order\":" + order("nj1", status[0], "0", "0") + "}"));
        stub.on("POST", "/api/v3/brokerage/orders/batch_cancel", r -> {
            status[0] = "CANCELLED";
            return Reply.json("{\"results\":[{\"success\":true,\"failure_reason\":\"UNKNOWN_CANCEL_FAILURE_REASON\",\"order_id\":\""
                    + ORDER_ID + "\"}]}");
        });
        placeLimit();
        VenueOrderState s = venue.cancelOrder(alice, btc, "nj1");
        assertThat(s.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(Json.parse(stub.last("/api/v3/brokerage/orders/batch_cancel").body()).path("order_ids").path(0).asText())
                .isEqualTo(ORDER_ID);
    }

    @Test
    void fillsComeFromTheFillsEndpointWithCommissionInQuote() {
        stub.on("POST", "/api/v3/brokerage/orders", Reply.json(CREATED));
        stub.on("GET", "/api/v3/brokerage/orders/historical/" + ORDER_ID,
                Reply.json("{\"order\":" + order("nj1", "FILLED", "0.002", "10000") + "}"));
        stub.on("GET", "/api/v3/brokerage/orders/historical/fills", Reply.json("""
                {"fills":[{"entry_id":"22222-2222222-22222222","trade_id":"1111-11111-111111","order_id":"%s",
                  "trade_time":"2021-05-31T09:59:59.000Z","trade_type":"FILL","price":"10000.00","size":"0.001","commission":"1.25",
                  "product_id":"BTC-USD","sequence_timestamp":"2021-05-31T09:58:59.000Z","liquidity_indicator":"MAKER",
                  "size_in_quote":false,"user_id":"3333-333333-3333333","side":"BUY"},
                 {"entry_id":"e2","trade_id":"t2","order_id":"%s","trade_time":"2021-05-31T10:00:00Z","price":"10000.00",
                  "size":"10.00","commission":"0.06","liquidity_indicator":"TAKER","size_in_quote":true,"side":"BUY"}],"cursor":""}"""
                .formatted(ORDER_ID, ORDER_ID)));
        placeLimit();
        List<Fill> fills = venue.fills(alice, btc, "nj1");
        assertThat(fills).hasSize(2);
        assertThat(fills).extracting(Fill::fillId).containsExactly("22222-2222222-22222222", "e2");
        assertThat(fills.get(0).liquidity()).isEqualTo(Liquidity.MAKER);
        assertThat(fills.get(0).fee()).isEqualByComparingTo("1.25");
        assertThat(fills.get(0).feeAsset()).isEqualTo("USD");
        assertThat(fills.get(1).quantity()).isEqualByComparingTo("0.001");
        assertThat(stub.last("/api/v3/brokerage/orders/historical/fills").query()).containsEntry("order_ids", ORDER_ID);
    }

    @Test
    void publicProductsAndBookNeedNoKeyAndPrivateFeesAndBalancesDo() {
        stub.on("GET", "/api/v3/brokerage/market/products", Reply.json("""
                {"products":[{"product_id":"BTC-USD","price":"140.21","base_increment":"0.00000001","quote_increment":"0.01",
                  "quote_min_size":"1","quote_max_size":"1000000","base_min_size":"0.00000001","base_max_size":"1000",
                  "status":"online","trading_disabled":false,"product_type":"SPOT","base_currency_id":"BTC",
                  "quote_currency_id":"USD","price_increment":"0.01","is_disabled":false},
                 {"product_id":"ADA-USDT","base_increment":"0.1","quote_increment":"0.0001","base_min_size":"1","quote_min_size":"1",
                  "status":"online","trading_disabled":false,"product_type":"SPOT","base_currency_id":"ADA","quote_currency_id":"USDT"},
                 {"product_id":"BTC-PERP-INTX","base_increment":"0.0001","quote_increment":"0.1","status":"online","product_type":"FUTURE"}],
                 "num_products":3}"""));
        List<Instrument> list = venue.instruments();
        assertThat(list).extracting(i -> i.pair().toString()).containsExactly("BTC-USD", "ADA-USD");
        assertThat(list.get(0).minNotional()).isEqualByComparingTo("1");
        assertThat(list.get(1).tickSize()).isEqualByComparingTo("0.0001");
        assertThat(stub.last("/api/v3/brokerage/market/products").header("Authorization")).isNull();

        stub.on("GET", "/api/v3/brokerage/market/product_book", Reply.json("""
                {"pricebook":{"product_id":"BTC-USD","bids":[{"price":"65000.01","size":"0.5"}],
                 "asks":[{"price":"65000.02","size":"1.2"}],"time":"2024-01-01T00:00:00Z"}}"""));
        assertThat(venue.orderBook(btc, 10).bestAsk()).isEqualByComparingTo("65000.02");

        stub.on("GET", "/api/v3/brokerage/transaction_summary", Reply.json("""
                {"total_volume":1000,"total_fees":25,"fee_tier":{"pricing_tier":"<$10k","usd_from":"0","usd_to":"10,000",
                 "taker_fee_rate":"0.0120","maker_fee_rate":"0.0060"}}"""));
        assertThat(venue.fees(alice, btc).taker()).isEqualByComparingTo("0.012");
        assertThat(stub.last("/api/v3/brokerage/transaction_summary").header("Authorization")).startsWith("Bearer ");

        stub.on("GET", "/api/v3/brokerage/accounts", Reply.json("""
                {"accounts":[{"uuid":"8bfc20d7","name":"BTC Wallet","currency":"BTC","available_balance":{"value":"1.23","currency":"BTC"},
                  "default":false,"active":true,"type":"ACCOUNT_TYPE_CRYPTO","ready":true,"hold":{"value":"0.1","currency":"BTC"}},
                 {"uuid":"x","currency":"USD","available_balance":{"value":"100.5","currency":"USD"}}],
                 "has_next":false,"cursor":"","size":2}"""));
        var b = venue.balances(alice);
        assertThat(b.get("BTC")).isEqualByComparingTo("1.23");
        assertThat(b.get("USD")).isEqualByComparingTo("100.5");
        assertThat(stub.last("/api/v3/brokerage/accounts").query()).containsEntry("limit", "250");
    }

    private JsonNode verifiedClaims(Recorded r) throws Exception {
        String auth = r.header("Authorization");
        assertThat(auth).startsWith("Bearer ");
        String[] parts = auth.substring(7).split("\\.");
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(keys.getPublic());
        v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        JsonNode header = Json.parse(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        assertThat(header.path("kid").asText()).isEqualTo(CoinbaseJwtTest.KEY_NAME);
        assertThat(header.path("nonce").asText()).hasSize(32);
        return Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private void assertRefused(String error, String preview, VenueErrorKind expected) {
        stub.on("POST", "/api/v3/brokerage/orders", Reply.json("""
                {"success":false,"failure_reason":"UNKNOWN_FAILURE_REASON","order_id":"",
                 "error_response":{"error":"%s","message":"refused","error_details":"","preview_failure_reason":"%s",
                 "new_order_failure_reason":"UNKNOWN_FAILURE_REASON"}}""".formatted(error, preview)));
        assertThatThrownBy(this::placeLimit).as(error).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(expected));
    }

    private void assertHttp(int status, String body, VenueErrorKind expected) {
        clock.advance(Duration.ofSeconds(2));
        stub.on("POST", "/api/v3/brokerage/orders", Reply.status(status, body));
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

    static Reply keyPermissions(boolean view, boolean trade, boolean transfer) {
        return Reply.json("{\"can_view\":" + view + ",\"can_trade\":" + trade + ",\"can_transfer\":" + transfer
                + ",\"portfolio_uuid\":\"c5aa5f7e-0000-4000-8000-000000000001\",\"portfolio_type\":\"DEFAULT\"}");
    }

    @Test
    void keyPermissionsComeFromTheAuthorizedKeyPermissions() {
        stub.on("GET", "/api/v3/brokerage/key_permissions", keyPermissions(true, false, false));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, false, false));
        assertThat(stub.last("/api/v3/brokerage/key_permissions").header("Authorization")).startsWith("Bearer ");

        stub.on("GET", "/api/v3/brokerage/key_permissions", keyPermissions(true, true, false));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, false));
        stub.on("GET", "/api/v3/brokerage/key_permissions", keyPermissions(true, true, true));
        assertThat(venue.keyPermissions(alice)).contains(new KeyPermissions(true, true, true));
    }

    @Test
    void keyPermissionsAreUnknownWithoutTheEndpointAndABadKeyIsRefused() {
        assertThat(venue.keyPermissions(alice)).isEmpty();

        stub.on("GET", "/api/v3/brokerage/key_permissions", Reply.status(401, "Unauthorized"));
        assertThatThrownBy(() -> venue.keyPermissions(alice)).isInstanceOf(VenueException.class)
                .extracting(e -> ((VenueException) e).kind()).isEqualTo(VenueErrorKind.AUTH_FAILED);
    }
}
