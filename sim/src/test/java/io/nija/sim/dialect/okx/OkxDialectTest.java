package io.nija.sim.dialect.okx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.dialect.support.LoopbackDialect;
import io.nija.sim.dialect.support.LoopbackDialect.Reply;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OKX dialect driven over HTTP by a client that signs as the OKX v5 docs say, with its own signer (below),
 * itself checked against signature vectors derived from OKX's documentation.
 */
class OkxDialectTest {
    private static final String KEY = "5f8a2b1c-0d3e-4a7b-9c6d-112233445566";
    private static final String SECRET = "22582BD0CFF14C41EDBF1AB98506286D";
    private static final String PASS = "Passphrase1";
    private static final DateTimeFormatter ISO_MS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final LoopbackDialect sim = new LoopbackDialect(new OkxDialect());

    OkxDialectTest() {
        sim.openAccount(KEY, SECRET, PASS, Map.of("USDT", "100000", "BTC", "2"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---- the test's own signer, from the docs' formula -------------------------------------------------

    static String sign(String secret, String prehash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(prehash.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void testSignerReproducesTheDerivedOkxVectors() {
        assertThat(sign(SECRET, "2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC"))
                .isEqualTo("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=");
        assertThat(sign(SECRET, "2020-12-08T09:08:57.715ZPOST/api/v5/trade/order"
                + "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"b15\",\"side\":\"buy\",\"ordType\":\"limit\","
                + "\"px\":\"2.15\",\"sz\":\"2\"}")).isEqualTo("dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ=");
    }

    @Test
    void keyPermissionsShowInAccountConfigAndAreEnforcedWith50120() {
        sim.engine.openAccount("ro-key", "ro-secret", PASS, Map.of(), sim.engine.defaultFees(),
                new io.nija.sim.engine.AccountOptions(java.util.Set.of(io.nija.sim.engine.Permission.READ), true));
        Reply mine = get("/api/v5/account/config");
        assertThat(mine.body().path("data").get(0).path("perm").asText()).isEqualTo("read_only,trade");
        String body = "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"market\","
                + "\"sz\":\"10\"}";
        Reply refused = sim.send(signed(sim.request("/api/v5/trade/order").POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"), "POST", "/api/v5/trade/order", body, "ro-key", "ro-secret",
                PASS, sim.clock.now()));
        assertThat(refused.body().path("code").asText()).isEqualTo("50120");
        Reply config = sim.send(signed(sim.request("/api/v5/account/config").GET(), "GET", "/api/v5/account/config", "",
                "ro-key", "ro-secret", PASS, sim.clock.now()));
        assertThat(config.body().path("data").get(0).path("perm").asText()).isEqualTo("read_only");
    }

    @Test
    void anOrderIsUnknownWith51603DuringTheVisibilityLag() {
        sim.sim.setFaults("okx", io.nija.sim.fault.SimFaults.NONE.withVisibilityLagMs(5000));
        Reply placed = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"lag1\","
                + "\"side\":\"buy\",\"ordType\":\"limit\",\"px\":\"50000\",\"sz\":\"0.01\"}");
        assertThat(placed.body().path("code").asText()).isEqualTo("0");
        assertThat(get("/api/v5/trade/order?instId=BTC-USDT&clOrdId=lag1").body().path("code").asText())
                .isEqualTo("51603");
        assertThat(get("/api/v5/trade/orders-pending?instType=SPOT").body().path("data")).isEmpty();
        sim.clock.advance(java.time.Duration.ofSeconds(5));
        assertThat(get("/api/v5/trade/order?instId=BTC-USDT&clOrdId=lag1").body().path("code").asText()).isEqualTo("0");
    }

    private Reply get(String pathAndQuery) {
        return sim.send(signed(sim.request(pathAndQuery).GET(), "GET", pathAndQuery, "", KEY, SECRET, PASS,
                sim.clock.now()));
    }

    private Reply post(String path, String body) {
        return sim.send(signed(sim.request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"), "POST", path, body, KEY, SECRET, PASS, sim.clock.now()));
    }

    private static HttpRequest.Builder signed(HttpRequest.Builder b, String method, String pathAndQuery, String body,
                                              String key, String secret, String pass, Instant at) {
        String ts = ISO_MS.format(at);
        return b.header("OK-ACCESS-KEY", key).header("OK-ACCESS-TIMESTAMP", ts).header("OK-ACCESS-PASSPHRASE", pass)
                .header("OK-ACCESS-SIGN", sign(secret, ts + method + pathAndQuery + body));
    }

    private BigDecimal bestBid() {
        Reply r = sim.send(sim.request("/api/v5/market/books?instId=BTC-USDT&sz=5").GET());
        return new BigDecimal(r.body().path("data").path(0).path("bids").path(0).path(0).asText());
    }

    // ---- public -----------------------------------------------------------------------------------------

    @Test
    void publicInstrumentsBooksAndTime() {
        Reply ins = sim.send(sim.request("/api/v5/public/instruments?instType=SPOT").GET());
        assertThat(ins.status()).isEqualTo(200);
        assertThat(ins.body().path("code").asText()).isEqualTo("0");
        JsonNode btc = null;
        for (JsonNode i : ins.body().path("data")) {
            if (i.path("instId").asText().equals("BTC-USDT")) {
                btc = i;
            }
        }
        assertThat(btc).isNotNull();
        assertThat(btc.path("baseCcy").asText()).isEqualTo("BTC");
        assertThat(btc.path("quoteCcy").asText()).isEqualTo("USDT");
        assertThat(btc.path("tickSz").asText()).isEqualTo("0.1");
        assertThat(btc.path("lotSz").asText()).isEqualTo("0.00000001");
        assertThat(btc.path("minSz").asText()).isEqualTo("0.00001");
        assertThat(btc.path("state").asText()).isEqualTo("live");

        assertThat(sim.send(sim.request("/api/v5/public/instruments?instType=SWAP").GET()).body().path("data")).isEmpty();
        Reply missing = sim.send(sim.request("/api/v5/public/instruments").GET());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("code").asText()).isEqualTo("50014");

        Reply book = sim.send(sim.request("/api/v5/market/books?instId=BTC-USDT&sz=3").GET());
        JsonNode b = book.body().path("data").path(0);
        assertThat(b.path("asks")).hasSize(3);
        assertThat(b.path("bids")).hasSize(3);
        assertThat(b.path("asks").path(0)).hasSize(4);
        assertThat(new BigDecimal(b.path("asks").path(0).path(0).asText()))
                .isGreaterThan(new BigDecimal(b.path("bids").path(0).path(0).asText()));
        assertThat(sim.send(sim.request("/api/v5/market/books?instId=BTC-USDT").GET()).body()
                .path("data").path(0).path("asks")).hasSize(1);

        Reply unknown = sim.send(sim.request("/api/v5/market/books?instId=NOPE-USDT").GET());
        assertThat(unknown.body().path("code").asText()).isEqualTo("51001");

        Reply time = sim.send(sim.request("/api/v5/public/time").GET());
        assertThat(time.body().path("data").path(0).path("ts").asText())
                .isEqualTo(Long.toString(sim.clock.now().toEpochMilli()));
    }

    // ---- authentication ---------------------------------------------------------------------------------

    @Test
    void rejectsMissingHeadersUnknownKeysWrongPassphraseBadSignaturesAndStaleTimestamps() {
        String path = "/api/v5/account/balance";
        Reply none = sim.send(sim.request(path).GET());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().path("code").asText()).isEqualTo("50103");

        Reply unknownKey = sim.send(signed(sim.request(path).GET(), "GET", path, "", "nope", SECRET, PASS, sim.clock.now()));
        assertThat(unknownKey.status()).isEqualTo(401);
        assertThat(unknownKey.body().path("code").asText()).isEqualTo("50111");

        Reply wrongPass = sim.send(signed(sim.request(path).GET(), "GET", path, "", KEY, SECRET, "other", sim.clock.now()));
        assertThat(wrongPass.body().path("code").asText()).isEqualTo("50105");

        Reply badSign = sim.send(signed(sim.request(path).GET(), "GET", path, "", KEY, "wrong-secret", PASS, sim.clock.now()));
        assertThat(badSign.status()).isEqualTo(401);
        assertThat(badSign.body().path("code").asText()).isEqualTo("50113");

        // The query string is part of what is signed: signing the bare path for a request with a query fails.
        String q = "/api/v5/account/balance?ccy=BTC";
        Reply unsignedQuery = sim.send(signed(sim.request(q).GET(), "GET", path, "", KEY, SECRET, PASS, sim.clock.now()));
        assertThat(unsignedQuery.body().path("code").asText()).isEqualTo("50113");

        Reply stale = sim.send(signed(sim.request(path).GET(), "GET", path, "", KEY, SECRET, PASS,
                sim.clock.now().minus(Duration.ofSeconds(31))));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.body().path("code").asText()).isEqualTo("50102");

        Reply fine = sim.send(signed(sim.request(path).GET(), "GET", path, "", KEY, SECRET, PASS,
                sim.clock.now().minus(Duration.ofSeconds(29))));
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.body().path("code").asText()).isEqualTo("0");
    }

    // ---- trading ----------------------------------------------------------------------------------------

    @Test
    void placeQueryListCancelALimitOrderByClOrdId() {
        BigDecimal px = bestBid().subtract(new BigDecimal("500"));
        Reply placed = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"rest1\","
                + "\"side\":\"buy\",\"ordType\":\"limit\",\"px\":\"" + px.toPlainString() + "\",\"sz\":\"0.01\"}");
        assertThat(placed.status()).isEqualTo(200);
        assertThat(placed.body().path("code").asText()).isEqualTo("0");
        JsonNode ack = placed.body().path("data").path(0);
        assertThat(ack.path("sCode").asText()).isEqualTo("0");
        assertThat(ack.path("clOrdId").asText()).isEqualTo("rest1");
        String ordId = ack.path("ordId").asText();
        assertThat(ordId).matches("[0-9]+");

        JsonNode order = get("/api/v5/trade/order?instId=BTC-USDT&clOrdId=rest1").body().path("data").path(0);
        assertThat(order.path("ordId").asText()).isEqualTo(ordId);
        assertThat(order.path("state").asText()).isEqualTo("live");
        assertThat(order.path("px").asText()).isEqualTo(px.stripTrailingZeros().toPlainString());
        assertThat(order.path("sz").asText()).isEqualTo("0.01");
        assertThat(order.path("accFillSz").asText()).isEqualTo("0");
        assertThat(order.path("ordType").asText()).isEqualTo("limit");
        assertThat(order.path("side").asText()).isEqualTo("buy");

        JsonNode pending = get("/api/v5/trade/orders-pending?instType=SPOT").body().path("data");
        assertThat(pending).hasSize(1);
        assertThat(pending.path(0).path("clOrdId").asText()).isEqualTo("rest1");

        // Duplicate while it is live.
        Reply dup = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"rest1\","
                + "\"side\":\"buy\",\"ordType\":\"limit\",\"px\":\"" + px.toPlainString() + "\",\"sz\":\"0.01\"}");
        assertThat(dup.body().path("code").asText()).isEqualTo("1");
        assertThat(dup.body().path("data").path(0).path("sCode").asText()).isEqualTo("51016");

        Reply cancel = post("/api/v5/trade/cancel-order", "{\"instId\":\"BTC-USDT\",\"clOrdId\":\"rest1\"}");
        assertThat(cancel.body().path("code").asText()).isEqualTo("0");
        assertThat(cancel.body().path("data").path(0).path("ordId").asText()).isEqualTo(ordId);
        assertThat(get("/api/v5/trade/order?instId=BTC-USDT&ordId=" + ordId).body().path("data").path(0)
                .path("state").asText()).isEqualTo("canceled");
        assertThat(get("/api/v5/trade/orders-pending").body().path("data")).isEmpty();
        assertThat(get("/api/v5/trade/orders-history?instType=SPOT&state=canceled").body().path("data")).hasSize(1);

        Reply again = post("/api/v5/trade/cancel-order", "{\"instId\":\"BTC-USDT\",\"clOrdId\":\"rest1\"}");
        assertThat(again.body().path("code").asText()).isEqualTo("1");
        assertThat(again.body().path("data").path(0).path("sCode").asText()).isEqualTo("51401");
        Reply never = post("/api/v5/trade/cancel-order", "{\"instId\":\"BTC-USDT\",\"clOrdId\":\"never\"}");
        assertThat(never.body().path("data").path(0).path("sCode").asText()).isEqualTo("51400");
    }

    @Test
    void marketBuyIsSizedInQuoteByDefaultAndInBaseWithTgtCcy() {
        Reply quoteSized = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"m1\","
                + "\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1000\"}");
        assertThat(quoteSized.body().path("data").path(0).path("sCode").asText()).isEqualTo("0");
        JsonNode o1 = get("/api/v5/trade/order?instId=BTC-USDT&clOrdId=m1").body().path("data").path(0);
        assertThat(o1.path("state").asText()).isEqualTo("filled");
        assertThat(o1.path("tgtCcy").asText()).isEqualTo("quote_ccy");
        BigDecimal spent = new BigDecimal(o1.path("accFillSz").asText()).multiply(new BigDecimal(o1.path("avgPx").asText()));
        assertThat(spent).isLessThanOrEqualTo(new BigDecimal("1000")).isGreaterThan(new BigDecimal("990"));

        Reply baseSized = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"m2\","
                + "\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"0.02\",\"tgtCcy\":\"base_ccy\"}");
        assertThat(baseSized.body().path("data").path(0).path("sCode").asText()).isEqualTo("0");
        JsonNode o2 = get("/api/v5/trade/order?instId=BTC-USDT&clOrdId=m2").body().path("data").path(0);
        assertThat(o2.path("accFillSz").asText()).isEqualTo("0.02");
        assertThat(o2.path("state").asText()).isEqualTo("filled");
        assertThat(new BigDecimal(o2.path("fee").asText())).isNegative();

        JsonNode fills = get("/api/v5/trade/fills?instType=SPOT&instId=BTC-USDT&ordId=" + o2.path("ordId").asText())
                .body().path("data");
        assertThat(fills).isNotEmpty();
        BigDecimal filled = BigDecimal.ZERO;
        for (JsonNode f : fills) {
            assertThat(f.path("ordId").asText()).isEqualTo(o2.path("ordId").asText());
            assertThat(f.path("execType").asText()).isEqualTo("T");
            assertThat(f.path("billId").asText()).isNotBlank();
            filled = filled.add(new BigDecimal(f.path("fillSz").asText()));
        }
        assertThat(filled).isEqualByComparingTo("0.02");
        assertThat(get("/api/v5/trade/fills-history?instType=SPOT").body().path("data").size())
                .isGreaterThanOrEqualTo(fills.size() + 1);
        Reply noType = get("/api/v5/trade/fills-history");
        assertThat(noType.body().path("code").asText()).isEqualTo("50014");

        JsonNode details = get("/api/v5/account/balance?ccy=BTC").body().path("data").path(0).path("details");
        assertThat(details).hasSize(1);
        assertThat(new BigDecimal(details.path(0).path("availBal").asText())).isGreaterThan(new BigDecimal("2"));
    }

    @Test
    void refusalsInOkxWords() {
        Reply poor = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"p1\","
                + "\"side\":\"buy\",\"ordType\":\"limit\",\"px\":\"60000\",\"sz\":\"10\"}");
        assertThat(poor.status()).isEqualTo(200);
        assertThat(poor.body().path("code").asText()).isEqualTo("1");
        assertThat(poor.body().path("data").path(0).path("sCode").asText()).isEqualTo("51008");
        assertThat(poor.body().path("data").path(0).path("sMsg").asText()).contains("USDT");

        Reply sellTooMuch = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\","
                + "\"side\":\"sell\",\"ordType\":\"market\",\"sz\":\"3\"}");
        assertThat(sellTooMuch.body().path("data").path(0).path("sCode").asText()).isEqualTo("51008");

        Reply unknown = post("/api/v5/trade/order", "{\"instId\":\"NOPE-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\","
                + "\"ordType\":\"limit\",\"px\":\"1\",\"sz\":\"1\"}");
        assertThat(unknown.body().path("data").path(0).path("sCode").asText()).isEqualTo("51001");

        Reply tiny = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\","
                + "\"ordType\":\"limit\",\"px\":\"60000\",\"sz\":\"0.000001\"}");
        assertThat(tiny.body().path("data").path(0).path("sCode").asText()).isEqualTo("51020");

        Reply offTick = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\","
                + "\"ordType\":\"limit\",\"px\":\"60000.05\",\"sz\":\"0.001\"}");
        assertThat(offTick.body().path("data").path(0).path("sCode").asText()).isEqualTo("51000");

        Reply badId = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"has-dash\","
                + "\"side\":\"buy\",\"ordType\":\"limit\",\"px\":\"60000\",\"sz\":\"0.001\"}");
        assertThat(badId.body().path("data").path(0).path("sCode").asText()).isEqualTo("51000");

        Reply noOrder = get("/api/v5/trade/order?instId=BTC-USDT&clOrdId=ghost");
        assertThat(noOrder.status()).isEqualTo(200);
        assertThat(noOrder.body().path("code").asText()).isEqualTo("51603");
        assertThat(noOrder.body().path("data")).isEmpty();

        Reply cross = post("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cross\",\"side\":\"buy\","
                + "\"ordType\":\"limit\",\"px\":\"60000\",\"sz\":\"0.001\"}");
        assertThat(cross.body().path("data").path(0).path("sCode").asText()).isEqualTo("51010");
    }

    @Test
    void batchOrdersReportEachOrderAndPartialSuccess() {
        BigDecimal px = bestBid().subtract(new BigDecimal("1000"));
        Reply r = post("/api/v5/trade/batch-orders", "[{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"b1\","
                + "\"side\":\"buy\",\"ordType\":\"limit\",\"px\":\"" + px.toPlainString() + "\",\"sz\":\"0.01\"},"
                + "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"b2\",\"side\":\"buy\",\"ordType\":\"limit\","
                + "\"px\":\"" + px.toPlainString() + "\",\"sz\":\"100\"}]");
        assertThat(r.body().path("code").asText()).isEqualTo("2");
        assertThat(r.body().path("data").path(0).path("sCode").asText()).isEqualTo("0");
        assertThat(r.body().path("data").path(1).path("sCode").asText()).isEqualTo("51008");
        Reply c = post("/api/v5/trade/cancel-batch-orders", "[{\"instId\":\"BTC-USDT\",\"clOrdId\":\"b1\"}]");
        assertThat(c.body().path("code").asText()).isEqualTo("0");
    }

    @Test
    void tradeFeeIsNegativeForACharge() {
        JsonNode fee = get("/api/v5/account/trade-fee?instType=SPOT&instId=BTC-USDT").body().path("data").path(0);
        assertThat(fee.path("maker").asText()).isEqualTo("-0.0008");
        assertThat(fee.path("taker").asText()).isEqualTo("-0.001");
        assertThat(fee.path("instType").asText()).isEqualTo("SPOT");
    }

    // ---- limits and faults ------------------------------------------------------------------------------

    @Test
    void rateLimitsCountPerEndpointInTwoSecondWindows() {
        for (int i = 0; i < 5; i++) {
            assertThat(get("/api/v5/account/trade-fee?instType=SPOT").status()).isEqualTo(200);
        }
        Reply over = get("/api/v5/account/trade-fee?instType=SPOT");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.body().path("code").asText()).isEqualTo("50011");
        // Another endpoint has its own budget.
        assertThat(get("/api/v5/account/balance").status()).isEqualTo(200);
        sim.clock.advance(Duration.ofSeconds(2));
        assertThat(get("/api/v5/account/trade-fee?instType=SPOT").status()).isEqualTo(200);
    }

    @Test
    void placeOrderLimitIsPerInstrument() {
        BigDecimal px = bestBid().subtract(new BigDecimal("1000"));
        String order = "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"px\":\""
                + px.toPlainString() + "\",\"sz\":\"0.0001\"}";
        for (int i = 0; i < 60; i++) {
            assertThat(post("/api/v5/trade/order", order).body().path("code").asText()).isEqualTo("0");
        }
        Reply over = post("/api/v5/trade/order", order);
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.body().path("code").asText()).isEqualTo("50011");
        Reply eth = post("/api/v5/trade/order", "{\"instId\":\"ETH-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\","
                + "\"ordType\":\"limit\",\"px\":\"1000\",\"sz\":\"0.01\"}");
        assertThat(eth.body().path("code").asText()).isEqualTo("0");
    }

    @Test
    void writeErrorSpeaksOkx() {
        var dialect = new OkxDialect();
        try (var probe = new io.nija.sim.dialect.support.ErrorProbe(dialect)) {
            Reply maintenance = probe.write(VenueErrorKind.VENUE_UNAVAILABLE, "maintenance");
            assertThat(maintenance.status()).isEqualTo(503);
            assertThat(maintenance.body().path("code").asText()).isEqualTo("50001");
            Reply storm = probe.write(VenueErrorKind.RATE_LIMITED, "storm");
            assertThat(storm.status()).isEqualTo(429);
            assertThat(storm.body().path("code").asText()).isEqualTo("50011");
            Reply fault = probe.write(VenueErrorKind.VENUE_UNAVAILABLE, "injected server error");
            assertThat(fault.status()).isEqualTo(500);
            assertThat(fault.body().path("code").asText()).isEqualTo("50026");
        }
    }
}
