package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.store.OrderQuery;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP contract: auth, ownership, bad input, idempotency, operations endpoints. */
class ApiContractTest {
    private static RouterApp app;
    private static HttpClientSupport http;
    private static String admin;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("nija-api");
        // Private webhook addresses refused, as in production (whatever the environment says).
        app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dir, null, null, null, 3, false).withAllowPrivateWebhooks(false));
        http = new HttpClientSupport(app.port());
        admin = app.adminToken().token();
        alice = http.post("/api/v1/users", admin, "{\"user_id\":\"alice\",\"limits\":{\"trades_per_second\":100}}").body().get("token").asText();
        bob = http.post("/api/v1/users", admin, "{\"user_id\":\"bob\"}").body().get("token").asText();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void webhooksIntoTheRoutersOwnNetworkAreRefusedWithAClearCode() {
        for (String url : java.util.List.of("http://127.0.0.1:9/hook", "http://localhost:8080/hook", "http://[::1]/hook",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook", "http://172.16.5.4/hook",
                "http://192.168.1.1/hook", "http://100.64.0.1/hook", "http://0.0.0.0:8080/hook", "http://[fd00::1]/hook",
                "http://[fe80::1]/hook", "http://[::ffff:127.0.0.1]/hook", "http://224.0.0.1/hook", "http://2130706433/hook")) {
            var r = http.send("PUT", "/api/v1/users/alice/webhook", alice,
                    "{\"url\":\"" + url + "\",\"secret\":\"alice-signing-secret-1\"}");
            assertThat(r.status()).as(url + " " + r.raw()).isEqualTo(400);
            assertThat(r.body().get("error").get("code").asText()).as(url).isEqualTo("webhook_address_not_allowed");
            assertThat(r.body().get("error").get("message").asText()).as(url).contains("public address");
        }
        assertThat(http.get("/api/v1/users/alice/webhook", alice).status()).as("nothing stored").isEqualTo(404);
        var unresolvable = http.send("PUT", "/api/v1/users/alice/webhook", alice,
                "{\"url\":\"https://no-such-host.invalid/hook\",\"secret\":\"alice-signing-secret-1\"}");
        assertThat(unresolvable.status()).isEqualTo(400);
        assertThat(unresolvable.body().get("error").get("code").asText()).isEqualTo("webhook_host_unresolvable");
        // A public address (a literal, so no DNS is needed here) is accepted.
        var ok = http.send("PUT", "/api/v1/users/alice/webhook", alice,
                "{\"url\":\"https://93.184.215.14/hook\",\"secret\":\"alice-signing-secret-1\"}");
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(http.send("DELETE", "/api/v1/users/alice/webhook", alice, null).status()).isEqualTo(204);
    }

    @Test
    void requestsWithoutAValidTokenAreUnauthorized() {
        assertThat(http.get("/api/v1/orders", null).status()).isEqualTo(401);
        var r = http.get("/api/v1/orders", "nja_not-a-token");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().get("error").get("code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void adminOnlyEndpointsRefuseUserTokens() {
        assertThat(http.post("/api/v1/users", alice, "{\"user_id\":\"mallory\"}").status()).isEqualTo(403);
        assertThat(http.post("/api/v1/kill-switch", alice, "{}").status()).isEqualTo(403);
        assertThat(http.send("PUT", "/api/v1/users/alice/limits", alice, "{\"max_order_usd\":\"1000000\"}").status()).isEqualTo(403);
    }

    @Test
    void aUserCannotSeeOrActForAnotherUser() {
        var ack = http.post("/api/v1/signals", bob, signal("BTC-USD", "buy", "\"60\"", "bob-1"));
        assertThat(ack.status()).isEqualTo(202);
        String bobsOrder = ack.body().get("order_ids").get(0).asText();
        assertThat(http.get("/api/v1/orders/" + bobsOrder, alice).status()).isEqualTo(404);
        assertThat(http.send("DELETE", "/api/v1/orders/" + bobsOrder, alice, null).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/orders?user_id=bob", alice).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/positions?user_id=bob", alice).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/signals", alice, "{\"user_id\":\"bob\",\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"50\",\"signal_type\":\"entry\"}").status())
                .isEqualTo(403);
        assertThat(http.get("/api/v1/orders", alice).body()).allSatisfy(o -> assertThat(o.get("user_id").asText()).isEqualTo("alice"));
        assertThat(http.get("/api/v1/orders/" + bobsOrder, admin).status()).isEqualTo(200);
    }

    @Test
    void badInputGetsAClearClientErrorAndStoresNothing() {
        int before = app.store().findOrders(new OrderQuery("alice", null, 1000)).size();
        assertError(http.post("/api/v1/signals", alice, "{not json"), 400, "invalid_json");
        assertError(http.post("/api/v1/signals", alice, "[1,2]"), 400, "invalid_json");
        assertError(http.post("/api/v1/signals", alice, signal("BTC-USD", "buy", "true", null)), 400, "invalid_field");
        assertError(http.post("/api/v1/signals", alice, signal("BTC-USD", "buy", "\"abc\"", null)), 400, "invalid_size");
        assertError(http.post("/api/v1/signals", alice, signal("BTC-USD", "buy", "\"NaN\"", null)), 400, "invalid_size");
        assertError(http.post("/api/v1/signals", alice, signal("BTC-USD", "buy", "-5", null)), 400, "invalid_size");
        assertError(http.post("/api/v1/signals", alice, signal("BTC-USD", "hold", "10", null)), 400, "invalid_side");
        assertError(http.post("/api/v1/signals", alice, signal("NOPE-USD", "buy", "10", null)), 422, "unknown_pair");
        assertError(http.post("/api/v1/signals", alice, signal("BTCXYZ", "buy", "10", null)), 400, "invalid_pair");
        assertError(http.post("/api/v1/signals", alice, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"10\",\"signal_type\":\"yolo\"}"), 400, "invalid_signal_type");
        assertError(http.post("/api/v1/signals", alice, "{\"pad\":\"" + "x".repeat(70_000) + "\"}"), 413, "body_too_large");
        assertError(http.get("/api/v1/orders?status=bogus", alice), 400, "invalid_status");
        assertError(http.get("/api/v1/orders?limit=0", alice), 400, "invalid_limit");
        assertThat(app.store().findOrders(new OrderQuery("alice", null, 1000))).hasSize(before);
    }

    @Test
    void theSameIdempotencyKeyTwiceGivesTheFirstAnswerAndOneOrder() {
        var first = http.post("/api/v1/signals", alice, signal("ETH-USD", "buy", "40", "same-key"));
        var second = http.post("/api/v1/signals", alice, signal("ETH-USD", "buy", "40", "same-key"));
        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.body().get("signal_id")).isEqualTo(first.body().get("signal_id"));
        assertThat(second.body().get("order_ids")).isEqualTo(first.body().get("order_ids"));
        assertThat(second.body().get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void operationsEndpointsAnswer() {
        assertThat(http.get("/health", null).status()).isEqualTo(200);
        assertThat(http.get("/ready", null).status()).isEqualTo(200);
        var metrics = http.get("/metrics", null);
        assertThat(metrics.raw()).contains("nija_trades_routed_total", "nija_routing_latency_seconds_bucket",
                "nija_executions_total", "nija_executions_success_total", "nija_executor_queue_depth");
        assertThat(http.get("/openapi.json", null).body().get("paths").has("/api/v1/signals")).isTrue();
        assertThat(http.get("/", null).raw()).contains("Nija Execution Router");
        var venues = http.get("/api/v1/venues", alice);
        assertThat(venues.body()).hasSize(6);
        assertError(http.get("/api/v1/nothing-here", alice), 404, "not_found");
    }

    @Test
    void aUserMayStopItsOwnTradingButOnlyTheAdminLiftsASwitch() {
        String sam = http.post("/api/v1/users", admin, "{\"user_id\":\"sam\"}").body().get("token").asText();
        var on = http.post("/api/v1/kill-switch", sam, "{\"user_id\":\"sam\",\"mode\":\"flatten\"}");
        assertThat(on.status()).as(on.raw()).isEqualTo(200);
        assertThat(on.body().get("mode").asText()).isEqualTo("flatten");
        assertThat(http.get("/api/v1/kill-switch", sam).body().get("enabled").asBoolean()).isTrue();
        assertError(http.post("/api/v1/signals", sam, signal("BTC-USD", "buy", "\"20\"", null)), 422, "kill_switch");
        assertError(http.post("/api/v1/kill-switch", sam, "{\"user_id\":\"sam\",\"enabled\":false}"), 403, "forbidden");
        assertError(http.post("/api/v1/kill-switch", sam, "{\"user_id\":\"alice\"}"), 403, "forbidden");
        assertError(http.post("/api/v1/kill-switch", sam, "{\"enabled\":true}"), 403, "forbidden");
        assertThat(http.get("/api/v1/kill-switch", alice).body().get("enabled").asBoolean()).isFalse();
        assertThat(http.post("/api/v1/kill-switch", admin, "{\"user_id\":\"sam\",\"enabled\":false}").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/kill-switch", sam).body().get("enabled").asBoolean()).isFalse();
    }

    @Test
    void aDirectSignalReadsThePairAsTheWebhookReadsItsTickerAndAnUnknownPairNamesTheKnownOnes() {
        String pat = http.post("/api/v1/users", admin, "{\"user_id\":\"pat\",\"limits\":{\"trades_per_second\":100}}")
                .body().get("token").asText();
        for (String written : new String[] {"btcusdt", "BTCUSDT", "BINANCE:BTCUSDT"}) {
            var r = http.post("/api/v1/signals", pat, signal(written, "buy", "\"20\"", null));
            assertThat(r.status()).as(written + " " + r.raw()).isEqualTo(202);
            String orderId = r.body().get("order_ids").get(0).asText();
            assertThat(http.get("/api/v1/orders/" + orderId, pat).body().get("pair").asText()).isEqualTo("BTC-USD");
        }
        var unknown = http.post("/api/v1/signals", pat, signal("PEPE-USD", "buy", "\"20\"", null));
        assertError(unknown, 422, "unknown_pair");
        assertThat(unknown.body().get("error").get("message").asText()).contains("known pairs: ").contains("BTC-USD, ")
                .contains("ETH-USD");
    }

    @Test
    void aMethodARouteDoesNotTakeIs405WithTheJsonErrorAndAnUnknownPathStays404() {
        assertError(http.send("PATCH", "/api/v1/orders", alice, "{}"), 405, "method_not_allowed");
        assertError(http.send("PATCH", "/api/v1/kill-switch", admin, "{}"), 405, "method_not_allowed");
        assertError(http.send("DELETE", "/api/v1/signals", alice, null), 405, "method_not_allowed");
        assertError(http.send("PATCH", "/api/v1/nothing-here", alice, "{}"), 404, "not_found");
        // still authenticated first: no token learns nothing about which methods exist
        assertError(http.send("PATCH", "/api/v1/orders", null, "{}"), 401, "unauthorized");
    }

    @Test
    void aSignalOverTheUsersTradeRateOrLimitsIsRefusedInTheAnswerAndStoresNothing() {
        // 0.01 trades/s: the bucket holds the design's burst of 2 and refills one token per 100 s.
        String rita = http.post("/api/v1/users", admin, "{\"user_id\":\"rita\",\"limits\":{\"trades_per_second\":0.01}}")
                .body().get("token").asText();
        assertThat(http.post("/api/v1/signals", rita, signal("BTC-USD", "buy", "\"20\"", null)).status()).isEqualTo(202);
        assertThat(http.post("/api/v1/signals", rita, signal("BTC-USD", "buy", "\"20\"", null)).status()).isEqualTo(202);
        int before = app.store().findOrders(new OrderQuery("rita", null, 1000)).size();
        var overRate = http.post("/api/v1/signals", rita, signal("BTC-USD", "buy", "\"20\"", null));
        assertError(overRate, 429, "trade_rate_exceeded");
        assertThat(overRate.body().get("error").get("message").asText()).containsPattern("retry after (99|100) s");
        assertThat(app.store().findOrders(new OrderQuery("rita", null, 1000))).hasSize(before);
        // A stop-loss reduces risk and is never refused for the rate (once the buys it reduces have filled).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> app.store().findPositions("rita")
                .stream().anyMatch(p -> p.quantity().signum() > 0));
        var stop = http.post("/api/v1/signals", rita, "{\"pair\":\"BTC-USD\",\"side\":\"sell\",\"size_usd\":\"10\","
                + "\"signal_type\":\"stop_loss\",\"strategy\":\"test\"}");
        assertThat(stop.status()).as(stop.raw()).isEqualTo(202);

        // The old body {user_id} still means on, block_entries: entries are refused, exits still pass.
        var on = http.post("/api/v1/kill-switch", admin, "{\"user_id\":\"rita\"}");
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.body().get("mode").asText()).isEqualTo("block_entries");
        var state = http.get("/api/v1/kill-switch", rita);
        assertThat(state.body().get("user_id").asText()).isEqualTo("rita");
        assertThat(state.body().get("enabled").asBoolean()).isTrue();
        assertThat(state.body().get("set_at").asText()).isNotBlank();
        int afterStop = app.store().findOrders(new OrderQuery("rita", null, 1000)).size();
        assertError(http.post("/api/v1/signals", rita, signal("BTC-USD", "buy", "\"20\"", null)), 422, "kill_switch");
        assertThat(app.store().findOrders(new OrderQuery("rita", null, 1000))).hasSize(afterStop);
        assertError(http.post("/api/v1/signals", rita, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"10\","
                + "\"signal_type\":\"exit\",\"strategy\":\"test\"}"), 422, "side_mismatch");
        assertError(http.post("/api/v1/signals", rita, "{\"pair\":\"ETH-USD\",\"side\":\"sell\",\"size_usd\":\"10\","
                + "\"signal_type\":\"exit\",\"strategy\":\"test\"}"), 422, "no_position");
        assertThat(app.store().findOrders(new OrderQuery("rita", null, 1000))).hasSize(afterStop);
        var exit = http.post("/api/v1/signals", rita, "{\"pair\":\"BTC-USD\",\"side\":\"sell\",\"size_usd\":\"5\","
                + "\"signal_type\":\"exit\",\"strategy\":\"test\"}");
        assertThat(exit.status()).as(exit.raw()).isEqualTo(202);
        assertThat(http.post("/api/v1/kill-switch", admin, "{\"user_id\":\"rita\",\"enabled\":false}").status()).isEqualTo(200);
        assertError(http.post("/api/v1/signals", rita, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"10\","
                + "\"signal_type\":\"entry\",\"signal_time\":\"" + java.time.Instant.now().minusSeconds(600) + "\"}"), 422, "signal_stale");
        assertError(http.post("/api/v1/signals", rita, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"10\","
                + "\"signal_type\":\"entry\",\"signal_time\":\"yesterday\"}"), 400, "invalid_signal_time");
        assertError(http.post("/api/v1/signals", rita, signal("BTC-USD", "buy", "\"30000\"", null)), 422, "order_too_large");
    }

    private static String signal(String pair, String side, String sizeJson, String key) {
        return "{\"pair\":\"" + pair + "\",\"side\":\"" + side + "\",\"size_usd\":" + sizeJson
                + ",\"signal_type\":\"entry\",\"strategy\":\"test\"" + (key == null ? "" : ",\"idempotency_key\":\"" + key + "\"") + "}";
    }

    private static void assertError(HttpClientSupport.Reply r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.body().get("error").get("code").asText()).as(r.raw()).isEqualTo(code);
        assertThat(r.body().get("error").get("message").asText()).isNotBlank();
    }
}
