package io.nija.sim.dialect.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.time.ManualClock;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.http.SimHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Binance over HTTP with the second wave's exchange facts: reads lag writes, keys have permissions, trade ids are
 * the public per-symbol ids shared by both sides, and request counts show in /__sim/stats.
 */
class BinanceConsistencyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00.250Z"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SimulatedExchanges sim;
    private SimHttpServer server;

    @BeforeEach
    void start() throws Exception {
        sim = new SimulatedExchanges(clock, 7, Sleeper.advancing(clock));
        server = SimHttpServer.start(sim, 0);
        admin("POST", "/__sim/accounts", "{\"api_key\":\"alice\",\"api_secret\":\"sa\","
                + "\"balances\":{\"USDT\":\"100000\",\"BTC\":\"2\"}}");
        admin("POST", "/__sim/accounts", "{\"api_key\":\"bob\",\"api_secret\":\"sb\","
                + "\"balances\":{\"USDT\":\"100000\",\"BTC\":\"2\"}}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anOrderIsUnknownToQueriesListsAndTradesDuringTheLagButCancelsReachTheEngine() throws Exception {
        admin("POST", "/__sim/faults", "{\"visibility_lag_ms\":20000}");
        Reply placed = signed("alice", "sa", "POST", "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=50000.00&newClientOrderId=c1");
        assertThat(placed.status).isEqualTo(200);
        long orderId = placed.body.path("orderId").asLong();

        Reply byClient = signed("alice", "sa", "GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=c1");
        assertThat(byClient.status).isEqualTo(400);
        assertThat(byClient.body.path("code").asInt()).isEqualTo(-2013);
        assertThat(byClient.body.path("msg").asText()).isEqualTo("Order does not exist.");
        Reply byId = signed("alice", "sa", "GET", "/api/v3/order", "symbol=BTCUSDT&orderId=" + orderId);
        assertThat(byId.body.path("code").asInt()).isEqualTo(-2013);
        assertThat(signed("alice", "sa", "GET", "/api/v3/openOrders", "symbol=BTCUSDT").body).isEmpty();

        Reply cancelled = signed("alice", "sa", "DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=c1");
        assertThat(cancelled.status).isEqualTo(200);
        assertThat(cancelled.body.path("status").asText()).isEqualTo("CANCELED");

        clock.advance(Duration.ofSeconds(20));
        Reply later = signed("alice", "sa", "GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=c1");
        assertThat(later.status).isEqualTo(200);
        assertThat(later.body.path("status").asText()).isEqualTo("CANCELED");
    }

    @Test
    void makerAndTakerSeeTheSamePerSymbolTradeId() throws Exception {
        JsonNode book = get("/api/v3/depth?symbol=BTCUSDT&limit=1");
        java.math.BigDecimal bestBid = new java.math.BigDecimal(book.path("bids").get(0).get(0).asText());
        String price = bestBid.add(new java.math.BigDecimal("1.00")).toPlainString(); // inside the spread
        assertThat(signed("alice", "sa", "POST", "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=" + price).status)
                .isEqualTo(200);
        assertThat(signed("bob", "sb", "POST", "/api/v3/order",
                "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=" + price).status)
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        JsonNode aliceTrades = signed("alice", "sa", "GET", "/api/v3/myTrades", "symbol=BTCUSDT").body;
        JsonNode bobTrades = signed("bob", "sb", "GET", "/api/v3/myTrades", "symbol=BTCUSDT").body;
        assertThat(aliceTrades).hasSize(1);
        assertThat(bobTrades).hasSize(1);
        assertThat(aliceTrades.get(0).path("id").isIntegralNumber()).isTrue();
        assertThat(aliceTrades.get(0).path("id").asLong()).isEqualTo(bobTrades.get(0).path("id").asLong());
        assertThat(aliceTrades.get(0).path("isMaker").asBoolean()).isTrue();
        assertThat(bobTrades.get(0).path("isMaker").asBoolean()).isFalse();
    }

    @Test
    void permissionsAreEnforcedWithMinus2015AndReportedByApiRestrictions() throws Exception {
        admin("POST", "/__sim/accounts", "{\"api_key\":\"ro\",\"api_secret\":\"sr\",\"permissions\":[\"read\"]}");
        admin("POST", "/__sim/accounts",
                "{\"api_key\":\"to\",\"api_secret\":\"st\",\"permissions\":[\"trade\",\"withdraw\"]}");
        Reply refused = signed("ro", "sr", "POST", "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001");
        assertThat(refused.status).isEqualTo(401);
        assertThat(refused.body.path("code").asInt()).isEqualTo(-2015);
        assertThat(signed("ro", "sr", "GET", "/api/v3/openOrders", "").status).isEqualTo(200);
        assertThat(signed("to", "st", "GET", "/api/v3/openOrders", "").body.path("code").asInt()).isEqualTo(-2015);
        assertThat(signed("to", "st", "GET", "/api/v3/account", "").body.path("code").asInt()).isEqualTo(-2015);

        JsonNode ro = signed("ro", "sr", "GET", "/sapi/v1/account/apiRestrictions", "").body;
        assertThat(ro.path("enableReading").asBoolean()).isTrue();
        assertThat(ro.path("enableSpotAndMarginTrading").asBoolean()).isFalse();
        assertThat(ro.path("enableWithdrawals").asBoolean()).isFalse();
        assertThat(ro.path("ipRestrict").asBoolean()).isFalse();
        JsonNode to = signed("to", "st", "GET", "/sapi/v1/account/apiRestrictions", "").body;
        assertThat(to.path("enableReading").asBoolean()).isFalse();
        assertThat(to.path("enableSpotAndMarginTrading").asBoolean()).isTrue();
        assertThat(to.path("enableWithdrawals").asBoolean()).isTrue();
    }

    @Test
    void statsCountRequestsPerMethodAndPathAndTheEnginesOrdersAndCancels() throws Exception {
        signed("alice", "sa", "POST", "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=50000.00&newClientOrderId=s1");
        signed("alice", "sa", "GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=s1");
        signed("alice", "sa", "GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=s1");
        signed("alice", "sa", "DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=s1");
        signed("alice", "sa", "DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=s1"); // not open any more
        JsonNode stats = admin("GET", "/__sim/stats", null).body;
        assertThat(stats.path("requests").path("POST /api/v3/order").asLong()).isEqualTo(1);
        assertThat(stats.path("requests").path("GET /api/v3/order").asLong()).isEqualTo(2);
        assertThat(stats.path("requests").path("DELETE /api/v3/order").asLong()).isEqualTo(2);
        assertThat(stats.path("requests").has("GET /__sim/stats")).isFalse();
        assertThat(stats.path("requests").has("POST /__sim/accounts")).isFalse();
        assertThat(stats.path("orders_placed").asLong()).isEqualTo(1);
        assertThat(stats.path("orders_cancelled").asLong()).isEqualTo(1);
        assertThat(sim.stats("binance").requests()).containsEntry("GET /api/v3/order", 2L);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private record Reply(int status, JsonNode body) {
    }

    private Reply signed(String key, String secret, String method, String path, String params) throws Exception {
        String q = (params.isEmpty() ? "" : params + "&") + "timestamp=" + clock.now().toEpochMilli();
        String url = server.baseUrl("binance") + path + "?" + q + "&signature=" + BinanceSignature.sign(secret, q);
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("X-MBX-APIKEY", key).method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), JSON.readTree(res.body()));
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.baseUrl("binance") + pathAndQuery)).GET().build();
        return JSON.readTree(http.send(r, HttpResponse.BodyHandlers.ofString()).body());
    }

    private Reply admin(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.baseUrl("binance") + path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), JSON.readTree(res.body()));
    }
}
