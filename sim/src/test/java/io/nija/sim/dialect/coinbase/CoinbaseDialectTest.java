package io.nija.sim.dialect.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.dialect.DialectContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Coinbase Advanced Trade dialect on a real loopback listener, driven by java.net.http with JWTs built here from
 * Coinbase's documented scheme (ES256 with an EC P-256 PEM key, EdDSA with an Ed25519 key), not with the dialect's or
 * module venues' code.
 */
class CoinbaseDialectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String B = "/api/v3/brokerage";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final SimulatedExchanges sim = new SimulatedExchanges(clock, 11);
    private final VenueAccount alice = sim.openPaperAccount("alice", "coinbase");
    private final HttpClient http = HttpClient.newHttpClient();
    private final CoinbaseDialect dialect = new CoinbaseDialect();
    private Javalin app;
    private String base;
    private String host;

    @BeforeEach
    void start() {
        DialectContext ctx = new DialectContext(sim.spec("coinbase"), sim.engine("coinbase"), sim.faults("coinbase"),
                clock, new ObjectMapper());
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            dialect.routes(config.routes, ctx);
            config.routes.get("/test/error/{kind}", c -> dialect.writeError(c, VenueErrorKind.valueOf(c.pathParam("kind")), "m"));
            config.routes.get("/test/fault/{outcome}", c -> dialect.writeFault(c, FaultInjector.Outcome.valueOf(c.pathParam("outcome"))));
        }).start();
        host = "127.0.0.1:" + app.port();
        base = "http://" + host;
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    // ---- keys -----------------------------------------------------------------------------------------

    @Test
    void ed25519PublicKeyOfTheRfc8032Vector() {
        // RFC 8032 section 7.1, TEST 1.
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pub = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        CoinbaseKeys.VerifyKey k = CoinbaseKeys.fromSecret(Base64.getEncoder().encodeToString(seed));
        byte[] enc = k.publicKey().getEncoded();
        assertThat(java.util.Arrays.copyOfRange(enc, enc.length - 32, enc.length)).isEqualTo(pub);
        assertThat(k.jwsAlgorithm()).isEqualTo("EdDSA");
        byte[] both = new byte[64];
        System.arraycopy(seed, 0, both, 0, 32);
        System.arraycopy(pub, 0, both, 32, 32);
        assertThat(CoinbaseKeys.fromSecret(Base64.getEncoder().encodeToString(both)).publicKey()).isEqualTo(k.publicKey());
    }

    @Test
    void ecPublicPointIsDerivedFromThePrivateScalar() throws Exception {
        KeyPair kp = ecPair();
        CoinbaseKeys.VerifyKey fromSec1 = CoinbaseKeys.fromSecret(sec1Pem((ECPrivateKey) kp.getPrivate(), null));
        assertThat(((ECPublicKey) fromSec1.publicKey()).getW()).isEqualTo(((ECPublicKey) kp.getPublic()).getW());
        CoinbaseKeys.VerifyKey fromPkcs8 = CoinbaseKeys.fromSecret("-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        assertThat(((ECPublicKey) fromPkcs8.publicKey()).getW()).isEqualTo(((ECPublicKey) kp.getPublic()).getW());
        assertThat(fromSec1.jwsAlgorithm()).isEqualTo("ES256");
    }

    // ---- public ---------------------------------------------------------------------------------------

    @Test
    void publicMarketEndpointsNeedNoKey() throws Exception {
        JsonNode products = getPublic(B + "/market/products");
        JsonNode btc = null;
        for (JsonNode p : products.path("products")) {
            if ("BTC-USD".equals(p.path("product_id").asText())) {
                btc = p;
            }
        }
        assertThat(btc).isNotNull();
        assertThat(btc.path("base_increment").asText()).isEqualTo("0.00000001");
        assertThat(btc.path("quote_increment").asText()).isEqualTo("0.01");
        assertThat(btc.path("price_increment").asText()).isEqualTo("0.01");
        assertThat(btc.path("quote_min_size").asText()).isEqualTo("1");
        assertThat(btc.path("base_currency_id").asText()).isEqualTo("BTC");
        assertThat(btc.path("quote_currency_id").asText()).isEqualTo("USD");
        assertThat(btc.path("status").asText()).isEqualTo("online");
        assertThat(btc.path("product_type").asText()).isEqualTo("SPOT");
        assertThat(products.path("num_products").asInt()).isEqualTo(products.path("products").size());
        assertThat(getPublic(B + "/market/products?product_type=FUTURE").path("products")).isEmpty();

        JsonNode book = getPublic(B + "/market/product_book?product_id=BTC-USD&limit=3");
        assertThat(book.path("pricebook").path("product_id").asText()).isEqualTo("BTC-USD");
        assertThat(book.path("pricebook").path("bids")).hasSize(3);
        BigDecimal bid = new BigDecimal(book.path("pricebook").path("bids").path(0).path("price").asText());
        BigDecimal ask = new BigDecimal(book.path("pricebook").path("asks").path(0).path("price").asText());
        assertThat(ask).isGreaterThan(bid);
        assertThat(getPublic(B + "/market/products/ETH-USD").path("product_id").asText()).isEqualTo("ETH-USD");
        assertThat(getPublic(B + "/time").path("epochSeconds").asText()).isEqualTo(String.valueOf(clock.now().getEpochSecond()));
        assertThat(getPublic("/v2/currencies/crypto").path("data").path(0).path("code").asText()).isEqualTo("BTC");
        assertThat(getPublic("/v2/exchange-rates").path("data").path("rates").has("BTC")).isTrue();

        HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(base + B + "/market/product_book?product_id=NOPE-USD")).GET());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(JSON.readTree(bad.body()).path("message").asText()).contains("product_id");
    }

    // ---- authentication -------------------------------------------------------------------------------

    @Test
    void paperAccountsSignEdDsaJwtsAndBadTokensGet401() throws Exception {
        HttpResponse<String> ok = send(authed("GET", B + "/accounts", null, jwt(alice, "GET", host + B + "/accounts", 0, 120)));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("x-ratelimit-limit")).contains("30");

        assertUnauthorized(send(HttpRequest.newBuilder(URI.create(base + B + "/accounts")).GET()));
        // A token for another path, another method, too long a life, expired, not yet valid.
        assertUnauthorized(send(authed("GET", B + "/accounts", null, jwt(alice, "GET", host + B + "/products", 0, 120))));
        assertUnauthorized(send(authed("GET", B + "/accounts", null, jwt(alice, "POST", host + B + "/accounts", 0, 120))));
        assertUnauthorized(send(authed("GET", B + "/accounts", null, jwt(alice, "GET", host + B + "/accounts", 0, 600))));
        assertUnauthorized(send(authed("GET", B + "/accounts", null, jwt(alice, "GET", host + B + "/accounts", -300, 120))));
        assertUnauthorized(send(authed("GET", B + "/accounts", null, jwt(alice, "GET", host + B + "/accounts", 60, 120))));
        // Signed with another key, or for an unknown key name.
        VenueAccount bob = sim.openPaperAccount("bob", "coinbase");
        VenueAccount forged = new VenueAccount("x", "coinbase", alice.apiKey(), bob.apiSecret(), null);
        assertUnauthorized(send(authed("GET", B + "/accounts", null, jwt(forged, "GET", host + B + "/accounts", 0, 120))));
        VenueAccount stranger = new VenueAccount("x", "coinbase", "organizations/o/apiKeys/none", bob.apiSecret(), null);
        assertUnauthorized(send(authed("GET", B + "/accounts", null, jwt(stranger, "GET", host + B + "/accounts", 0, 120))));
        // Coinbase's own host in the uri is accepted too, and so is the query string being left out of it.
        assertThat(send(authed("GET", B + "/accounts?limit=250", null, jwt(alice, "GET", "api.coinbase.com" + B + "/accounts", 0, 120)))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void ecKeysFromTheAdminEndpointSignEs256() throws Exception {
        KeyPair kp = ecPair();
        String name = "organizations/" + UUID.randomUUID() + "/apiKeys/" + UUID.randomUUID();
        String pem = sec1Pem((ECPrivateKey) kp.getPrivate(), (ECPublicKey) kp.getPublic());
        sim.createAccount("coinbase", name, pem, null, Map.of("USD", new BigDecimal("5000")));
        VenueAccount ec = new VenueAccount("ec", "coinbase", name, pem, null);
        HttpResponse<String> r = send(authed("GET", B + "/accounts", null, jwt(ec, "GET", host + B + "/accounts", 0, 120)));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode usd = JSON.readTree(r.body()).path("accounts").path(0);
        assertThat(usd.path("currency").asText()).isEqualTo("USD");
        assertThat(usd.path("available_balance").path("value").asText()).isEqualTo("5000");
        // The iss and uri forms older clients send (coinbase-cloud, an http:// URL left in the uri).
        String legacy = jwtWith(ec, Map.of("iss", "coinbase-cloud", "uri", "GET http://" + host + B + "/accounts"), 0, 120);
        assertThat(send(authed("GET", B + "/accounts", null, legacy)).statusCode()).isEqualTo(200);
        // An ES256 token cannot pass as EdDSA.
        assertUnauthorized(send(authed("GET", B + "/accounts", null, jwt(alice, "GET", host + B + "/accounts", 0, 120)
                .replaceFirst("^[^.]+", b64(json(Map.of("alg", "ES256", "kid", alice.apiKey(), "nonce", "n")))))));
    }

    // ---- orders ---------------------------------------------------------------------------------------

    @Test
    void limitOrderRoundTripAndClientOrderIdIsIdempotent() throws Exception {
        BigDecimal low = bestBid().subtract(new BigDecimal("1000"));
        JsonNode created = post("/orders", order("cid-1", "BUY", Map.of("limit_limit_gtc",
                Map.of("base_size", "0.01", "limit_price", low.toPlainString(), "post_only", false))));
        assertThat(created.path("success").asBoolean()).isTrue();
        String orderId = created.path("success_response").path("order_id").asText();
        assertThat(created.path("success_response").path("client_order_id").asText()).isEqualTo("cid-1");
        assertThat(created.path("success_response").path("product_id").asText()).isEqualTo("BTC-USD");
        assertThat(created.has("error_response")).isFalse();

        JsonNode order = get("/orders/historical/" + orderId).path("order");
        assertThat(order.path("status").asText()).isEqualTo("OPEN");
        assertThat(order.path("client_order_id").asText()).isEqualTo("cid-1");
        assertThat(order.path("order_type").asText()).isEqualTo("LIMIT");
        assertThat(order.path("time_in_force").asText()).isEqualTo("GOOD_UNTIL_CANCELLED");
        assertThat(order.path("order_configuration").path("limit_limit_gtc").path("base_size").asText()).isEqualTo("0.01");
        assertThat(order.path("filled_size").asText()).isEqualTo("0");
        assertThat(order.path("order_configuration").path("limit_limit_gtc").path("post_only").asBoolean()).isFalse();
        JsonNode post = post("/orders", order("cid-post", "BUY", Map.of("limit_limit_gtc",
                Map.of("base_size", "0.01", "limit_price", low.toPlainString(), "post_only", true))));
        String postId = post.path("success_response").path("order_id").asText();
        assertThat(get("/orders/historical/" + postId).path("order").path("order_configuration").path("limit_limit_gtc")
                .path("post_only").asBoolean()).isTrue();
        post("/orders/batch_cancel", Map.of("order_ids", java.util.List.of(postId)));

        // The same client_order_id again: nothing new, the first order comes back.
        JsonNode again = post("/orders", order("cid-1", "SELL", Map.of("market_market_ioc", Map.of("base_size", "0.5"))));
        assertThat(again.path("success").asBoolean()).isTrue();
        assertThat(again.path("success_response").path("order_id").asText()).isEqualTo(orderId);
        assertThat(sim.engine("coinbase").orders(alice.apiKey())).hasSize(2);

        JsonNode open = get("/orders/historical/batch?order_status=OPEN&product_ids=BTC-USD");
        assertThat(open.path("orders")).hasSize(1);
        assertThat(open.path("has_next").asBoolean()).isFalse();

        JsonNode cancel = post("/orders/batch_cancel", Map.of("order_ids", java.util.List.of(orderId)));
        assertThat(cancel.path("results").path(0).path("success").asBoolean()).isTrue();
        assertThat(cancel.path("results").path(0).path("order_id").asText()).isEqualTo(orderId);
        JsonNode twice = post("/orders/batch_cancel", Map.of("order_ids", java.util.List.of(orderId, "no-such-order")));
        assertThat(twice.path("results").path(0).path("success").asBoolean()).isFalse();
        assertThat(twice.path("results").path(1).path("failure_reason").asText()).isEqualTo("UNKNOWN_CANCEL_ORDER");
        assertThat(get("/orders/historical/" + orderId).path("order").path("status").asText()).isEqualTo("CANCELLED");
        assertThat(get("/orders/historical/batch?order_status=OPEN").path("orders")).isEmpty();
        // Even closed, the id keeps answering with its order.
        JsonNode closedAgain = post("/orders", order("cid-1", "BUY", Map.of("limit_limit_gtc",
                Map.of("base_size", "0.01", "limit_price", low.toPlainString()))));
        assertThat(closedAgain.path("success_response").path("order_id").asText()).isEqualTo(orderId);

        HttpResponse<String> missing = send(authed("GET", B + "/orders/historical/nope", null,
                jwt(alice, "GET", host + B + "/orders/historical/nope", 0, 120)));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("message").asText()).isEqualTo("order with this orderID was not found");
    }

    @Test
    void marketOrdersFillAndShowInFillsAccountsAndFees() throws Exception {
        JsonNode created = post("/orders", order("mkt-1", "BUY", Map.of("market_market_ioc", Map.of("quote_size", "1000"))));
        assertThat(created.path("success").asBoolean()).isTrue();
        String id = created.path("success_response").path("order_id").asText();
        JsonNode order = get("/orders/historical/" + id).path("order");
        assertThat(order.path("status").asText()).isEqualTo("FILLED");
        assertThat(order.path("size_in_quote").asBoolean()).isTrue();
        assertThat(order.path("order_type").asText()).isEqualTo("MARKET");
        assertThat(order.path("time_in_force").asText()).isEqualTo("IMMEDIATE_OR_CANCEL");
        // Spends the 1000 down to less than one lot's worth; the taker fee is 0.6 % on top.
        BigDecimal value = new BigDecimal(order.path("filled_value").asText());
        assertThat(value).isBetween(new BigDecimal("999.99"), new BigDecimal("1000"));
        BigDecimal fees = new BigDecimal(order.path("total_fees").asText());
        assertThat(fees).isBetween(value.multiply(new BigDecimal("0.006")).subtract(new BigDecimal("0.00000001")),
                value.multiply(new BigDecimal("0.006")));
        assertThat(new BigDecimal(order.path("total_value_after_fees").asText())).isEqualByComparingTo(value.add(fees));

        JsonNode fills = get("/orders/historical/fills?order_ids=" + id).path("fills");
        assertThat(fills).isNotEmpty();
        BigDecimal size = BigDecimal.ZERO;
        for (JsonNode f : fills) {
            assertThat(f.path("order_id").asText()).isEqualTo(id);
            assertThat(f.path("liquidity_indicator").asText()).isEqualTo("TAKER");
            assertThat(f.path("side").asText()).isEqualTo("BUY");
            size = size.add(new BigDecimal(f.path("size").asText()));
        }
        assertThat(size).isEqualByComparingTo(order.path("filled_size").asText());

        JsonNode sell = post("/orders", order("mkt-2", "SELL", Map.of("market_market_ioc", Map.of("base_size", "0.001"))));
        assertThat(sell.path("success").asBoolean()).isTrue();

        Map<String, JsonNode> byCurrency = new LinkedHashMap<>();
        get("/accounts?limit=250").path("accounts").forEach(a -> byCurrency.put(a.path("currency").asText(), a));
        assertThat(new BigDecimal(byCurrency.get("BTC").path("available_balance").path("value").asText()))
                .isGreaterThan(new BigDecimal("5"));
        String uuid = byCurrency.get("BTC").path("uuid").asText();
        assertThat(get("/accounts/" + uuid).path("account").path("currency").asText()).isEqualTo("BTC");

        JsonNode summary = get("/transaction_summary?product_type=SPOT");
        assertThat(summary.path("fee_tier").path("taker_fee_rate").asText()).isEqualTo("0.006");
        assertThat(summary.path("fee_tier").path("maker_fee_rate").asText()).isEqualTo("0.004");
        assertThat(summary.path("total_volume").decimalValue()).isGreaterThan(new BigDecimal("1000"));
    }

    @Test
    void refusedOrdersAreSuccessFalseWithCoinbasesReasons() throws Exception {
        BigDecimal low = bestBid().subtract(new BigDecimal("1000"));
        assertRefused(post("/orders", order("r1", "BUY", Map.of("limit_limit_gtc",
                Map.of("base_size", "100", "limit_price", low.toPlainString())))), "INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND");
        ObjectNode badProduct = order("r2", "BUY", Map.of("market_market_ioc", Map.of("quote_size", "10")));
        badProduct.put("product_id", "NOPE-USD");
        assertRefused(post("/orders", badProduct), "INVALID_PRODUCT_ID", "PREVIEW_INVALID_PRODUCT_ID");
        assertRefused(post("/orders", order("r3", "BUY", Map.of("limit_limit_gtc",
                Map.of("base_size", "0.000000001", "limit_price", low.toPlainString())))), "INVALID_SIZE_PRECISION", null);
        assertRefused(post("/orders", order("r4", "BUY", Map.of("limit_limit_gtc",
                Map.of("base_size", "0.01", "limit_price", low.add(new BigDecimal("0.001")).toPlainString())))),
                "INVALID_PRICE_PRECISION", null);
        assertRefused(post("/orders", order("r5", "BUY", Map.of("market_market_ioc", Map.of("quote_size", "0.5")))),
                "UNKNOWN_FAILURE_REASON", "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL");
        assertRefused(post("/orders", order("r6", "BUY", Map.of("limit_limit_gtc", Map.of("base_size", "0.01",
                "limit_price", bestAsk().add(BigDecimal.TEN).toPlainString(), "post_only", true)))),
                "INVALID_LIMIT_PRICE_POST_ONLY", "PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY");
        assertRefused(post("/orders", order("r7", "BUY", Map.of("limit_limit_fok",
                Map.of("base_size", "0.01", "limit_price", low.toPlainString())))), "UNSUPPORTED_ORDER_CONFIGURATION", null);
        assertRefused(post("/orders", order("r8", "SELL", Map.of("market_market_ioc", Map.of("base_size", "50")))),
                "INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND");
        assertThat(sim.engine("coinbase").orders(alice.apiKey())).isEmpty();

        ObjectNode noId = order("x", "BUY", Map.of("market_market_ioc", Map.of("quote_size", "10")));
        noId.remove("client_order_id");
        HttpResponse<String> r = send(authed("POST", B + "/orders", JSON.writeValueAsString(noId), jwt(alice, "POST", host + B + "/orders", 0, 120)));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    // ---- limits and faults ----------------------------------------------------------------------------

    @Test
    void thirtyPrivateRequestsPerSecondPerKey() throws Exception {
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = send(authed("GET", B + "/accounts", null, jwt(alice, "GET", host + B + "/accounts", 0, 120)));
            assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
            assertThat(r.headers().firstValue("x-ratelimit-remaining")).contains(String.valueOf(29 - i));
        }
        HttpResponse<String> over = send(authed("GET", B + "/accounts", null, jwt(alice, "GET", host + B + "/accounts", 0, 120)));
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(over.body()).path("error").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(over.headers().firstValue("x-ratelimit-reset")).contains(String.valueOf(clock.now().getEpochSecond() + 1));
        VenueAccount bob = sim.openPaperAccount("bob", "coinbase");
        assertThat(send(authed("GET", B + "/accounts", null, jwt(bob, "GET", host + B + "/accounts", 0, 120))).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(send(authed("GET", B + "/accounts", null, jwt(alice, "GET", host + B + "/accounts", 0, 120))).statusCode()).isEqualTo(200);
    }

    @Test
    void tenPublicRequestsPerSecondPerIp() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(send(HttpRequest.newBuilder(URI.create(base + B + "/time")).GET()).statusCode()).isEqualTo(200);
        }
        assertThat(send(HttpRequest.newBuilder(URI.create(base + B + "/time")).GET()).statusCode()).isEqualTo(429);
    }

    @Test
    void faultsAndErrorsAsCoinbaseAnswersThem() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/test/fault/MAINTENANCE")).GET()).statusCode()).isEqualTo(503);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/test/fault/SERVER_ERROR")).GET()).statusCode()).isEqualTo(500);
        HttpResponse<String> storm = send(HttpRequest.newBuilder(URI.create(base + "/test/fault/RATE_LIMITED")).GET());
        assertThat(storm.statusCode()).isEqualTo(429);
        assertThat(storm.headers().firstValue("x-ratelimit-remaining")).contains("0");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/test/error/AUTH_FAILED")).GET()).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/test/error/ORDER_NOT_FOUND")).GET()).statusCode()).isEqualTo(404);
    }

    // ---- the test's own client ------------------------------------------------------------------------

    @Test
    void aMarketBuyIsSizedInQuoteAndRefusedWithBaseSize() throws Exception {
        assertRefused(post("/orders", order("mb-1", "BUY", Map.of("market_market_ioc", Map.of("base_size", "0.01")))),
                "UNSUPPORTED_ORDER_CONFIGURATION", "PREVIEW_INVALID_ORDER_CONFIG");
        JsonNode ok = post("/orders", order("mb-2", "BUY", Map.of("market_market_ioc", Map.of("quote_size", "100"))));
        assertThat(ok.path("success").asBoolean()).isTrue();
    }

    private static void assertUnauthorized(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body().trim()).isEqualTo("Unauthorized");
    }

    private static void assertRefused(JsonNode r, String error, String preview) {
        assertThat(r.path("success").asBoolean(true)).as("refused: %s", r).isFalse();
        assertThat(r.path("order_id").asText()).isEmpty();
        assertThat(r.path("error_response").path("error").asText()).isEqualTo(error);
        if (preview != null) {
            assertThat(r.path("error_response").path("preview_failure_reason").asText()).isEqualTo(preview);
        }
    }

    private static ObjectNode order(String cid, String side, Map<String, Object> config) {
        ObjectNode o = JSON.createObjectNode();
        o.put("client_order_id", cid);
        o.put("product_id", "BTC-USD");
        o.put("side", side);
        o.set("order_configuration", JSON.valueToTree(config));
        return o;
    }

    private BigDecimal bestBid() throws Exception {
        return new BigDecimal(getPublic(B + "/market/product_book?product_id=BTC-USD&limit=1").path("pricebook").path("bids").path(0).path("price").asText());
    }

    private BigDecimal bestAsk() throws Exception {
        return new BigDecimal(getPublic(B + "/market/product_book?product_id=BTC-USD&limit=1").path("pricebook").path("asks").path(0).path("price").asText());
    }

    private JsonNode getPublic(String pathAndQuery) throws IOException, InterruptedException {
        clock.advance(Duration.ofMillis(200)); // stay within 10 public requests a second
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
        assertThat(r.statusCode()).as("%s -> %s", pathAndQuery, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode get(String brokeragePathAndQuery) throws IOException, InterruptedException {
        String path = B + brokeragePathAndQuery;
        int q = path.indexOf('?');
        String bare = q < 0 ? path : path.substring(0, q);
        HttpResponse<String> r = send(authed("GET", path, null, jwt(alice, "GET", host + bare, 0, 120)));
        assertThat(r.statusCode()).as("%s -> %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode post(String brokeragePath, Object body) throws IOException, InterruptedException {
        String path = B + brokeragePath;
        HttpResponse<String> r = send(authed("POST", path, JSON.writeValueAsString(body), jwt(alice, "POST", host + path, 0, 120)));
        assertThat(r.statusCode()).as("%s -> %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpRequest.Builder authed(String method, String pathAndQuery, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        return "POST".equals(method) ? b.POST(HttpRequest.BodyPublishers.ofString(body)) : b.GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A CDP JWT as documented: header {alg, kid, nonce, typ}, claims {sub, iss: cdp, nbf, exp, uri}. */
    private String jwt(VenueAccount account, String method, String hostAndPath, long nbfOffset, long lifetime) {
        return jwtWith(account, Map.of("iss", "cdp", "uri", method + " " + hostAndPath), nbfOffset, lifetime);
    }

    private String jwtWith(VenueAccount account, Map<String, Object> extraClaims, long nbfOffset, long lifetime) {
        boolean ec = account.apiSecret().contains("BEGIN");
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", ec ? "ES256" : "EdDSA");
        header.put("kid", account.apiKey());
        header.put("nonce", HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), 0, 16));
        header.put("typ", "JWT");
        long nbf = clock.now().getEpochSecond() + nbfOffset;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", account.apiKey());
        claims.put("nbf", nbf);
        claims.put("exp", nbf + lifetime);
        claims.putAll(extraClaims);
        String input = b64(json(header)) + "." + b64(json(claims));
        try {
            Signature s;
            if (ec) {
                s = Signature.getInstance("SHA256withECDSAinP1363Format");
                s.initSign(ecPrivateFromSec1Pem(account.apiSecret()));
            } else {
                byte[] seed = Base64.getDecoder().decode(account.apiSecret());
                byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420");
                byte[] der = new byte[pkcs8.length + 32];
                System.arraycopy(pkcs8, 0, der, 0, pkcs8.length);
                System.arraycopy(seed, 0, der, pkcs8.length, 32);
                s = Signature.getInstance("Ed25519");
                s.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)));
            }
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair ecPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** SEC1 "EC PRIVATE KEY" PEM, as CDP hands it out, with or without the optional public key. */
    private static String sec1Pem(ECPrivateKey key, ECPublicKey pub) {
        byte[] d = fixed(key.getS());
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(HexFormat.of().parseHex("020101"));
        inner.write(0x04);
        inner.write(32);
        inner.writeBytes(d);
        inner.writeBytes(HexFormat.of().parseHex("a00a06082a8648ce3d030107"));
        if (pub != null) {
            inner.writeBytes(HexFormat.of().parseHex("a144034200"));
            inner.write(0x04);
            inner.writeBytes(fixed(pub.getW().getAffineX()));
            inner.writeBytes(fixed(pub.getW().getAffineY()));
        }
        byte[] body = inner.toByteArray();
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.write(0x30);
        der.write(body.length);
        der.writeBytes(body);
        return "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der.toByteArray())
                + "\n-----END EC PRIVATE KEY-----\n";
    }

    private static byte[] fixed(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    /** The test reads its SEC1 PEM back through PKCS#8 (AlgorithmIdentifier EC/P-256 + the SEC1 bytes). */
    private static PrivateKey ecPrivateFromSec1Pem(String pem) throws Exception {
        String b64 = pem.replace("-----BEGIN EC PRIVATE KEY-----", "").replace("-----END EC PRIVATE KEY-----", "").replaceAll("\\s", "");
        byte[] sec1 = Base64.getDecoder().decode(b64);
        byte[] alg = HexFormat.of().parseHex("301306072a8648ce3d020106082a8648ce3d030107");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(HexFormat.of().parseHex("020100"));
        content.writeBytes(alg);
        content.write(0x04);
        content.write(sec1.length);
        content.writeBytes(sec1);
        byte[] c = content.toByteArray();
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.write(0x30);
        der.write(0x81);
        der.write(c.length);
        der.writeBytes(c);
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der.toByteArray()));
    }
}
