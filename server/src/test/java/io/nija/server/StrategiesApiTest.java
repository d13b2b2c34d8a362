package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.Order;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.OrderQuery;
import io.nija.server.app.RouterApp;
import io.nija.server.http.ApiServer;
import io.nija.server.http.RateLimit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strategies, subscriptions, the TradingView webhook and the publisher endpoint over HTTP, the per-token rate
 * limit, and the audit rows that state changes leave.
 */
class StrategiesApiTest {
    private static RouterApp app;
    private static HttpClientSupport http;
    private static String admin;
    private static String carol;
    private static String dave;
    private static String pub;
    private static String secret;

    @BeforeAll
    static void start() {
        app = TestRouters.start("strategies", 51, RateLimit.OFF);
        http = new HttpClientSupport(app.port());
        admin = app.adminToken().token();
        carol = user("carol", "user");
        dave = user("dave", "user");
        pub = user("quant", "publisher");
        secret = PlantedSecrets.plant("s3cret-trend-" + System.nanoTime());
        var created = http.post("/api/v1/strategies", admin, "{\"strategy\":\"trend\",\"secret\":\"" + secret + "\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw()).doesNotContain(secret);
        assertThat(http.post("/api/v1/strategies", admin, "{\"strategy\":\"quant:momo\",\"secret\":\"" + secret + "-2\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String user(String id, String role) {
        var r = http.post("/api/v1/users", admin, "{\"user_id\":\"" + id + "\",\"role\":\"" + role + "\",\"limits\":{\"trades_per_second\":100}}");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return PlantedSecrets.plant(r.body().get("token").asText());
    }

    @Test
    void strategiesKeepOnlyAHashOfTheirSecretAndNamesAreUnique() {
        var stored = app.store().findStrategy("trend").orElseThrow();
        assertThat(stored.secretHash()).isNotEqualTo(secret).hasSize(64);
        assertError(http.post("/api/v1/strategies", admin, "{\"strategy\":\"trend\",\"secret\":\"0123456789abcdefX\"}"), 409, "strategy_exists");
        assertError(http.post("/api/v1/strategies", admin, "{\"strategy\":\"bad name\",\"secret\":\"0123456789abcdefX\"}"), 400, "invalid_strategy");
        assertError(http.post("/api/v1/strategies", admin, "{\"strategy\":\"short\",\"secret\":\"tooshort\"}"), 400, "invalid_secret");
        assertError(http.post("/api/v1/strategies", carol, "{\"strategy\":\"mine\",\"secret\":\"0123456789abcdefX\"}"), 403, "forbidden");
    }

    @Test
    void subscriptionsAreReplacedByPutAndListedForTheirUserOnly() {
        assertThat(http.send("PUT", "/api/v1/users/carol/subscriptions/quant:momo", carol, "{\"fixed_usd\":\"25\"}").status()).isEqualTo(204);
        assertThat(http.send("PUT", "/api/v1/users/carol/subscriptions/quant:momo", carol,
                "{\"enabled\":false,\"fraction\":0.25,\"cap_usd\":\"40\"}").status()).isEqualTo(204);
        var list = http.get("/api/v1/users/carol/subscriptions", carol);
        assertThat(list.status()).isEqualTo(200);
        var mine = list.body().get(0);
        assertThat(mine.get("strategy").asText()).isEqualTo("quant:momo");
        assertThat(mine.get("enabled").asBoolean()).isFalse();
        assertThat(mine.get("fixed_usd").isNull()).isTrue();
        assertThat(mine.get("fraction").asText()).isEqualTo("0.25");
        assertThat(mine.get("cap_usd").asText()).isEqualTo("40");
        assertError(http.send("PUT", "/api/v1/users/carol/subscriptions/quant:momo", carol, "{\"fixed_usd\":\"25\",\"fraction\":\"0.5\"}"),
                400, "invalid_sizing");
        assertError(http.send("PUT", "/api/v1/users/carol/subscriptions/quant:momo", carol, "{\"enabled\":true}"), 400, "invalid_sizing");
        assertError(http.send("PUT", "/api/v1/users/carol/subscriptions/nope", carol, "{\"fixed_usd\":\"25\"}"), 404, "not_found");
        assertError(http.send("PUT", "/api/v1/users/carol/subscriptions/quant:momo", dave, "{\"fixed_usd\":\"25\"}"), 403, "forbidden");
        assertError(http.get("/api/v1/users/carol/subscriptions", dave), 403, "forbidden");
        assertThat(http.get("/api/v1/users/carol/subscriptions", admin).body()).hasSize(1);
    }

    @Test
    void aWebhookAlertTradesForEachSubscriberOnceEvenWhenDeliveredTwice() {
        assertThat(http.send("PUT", "/api/v1/users/dave/subscriptions/trend", dave, "{\"fraction\":\"0.1\",\"cap_usd\":\"30\"}").status()).isEqualTo(204);
        int before = orders("dave").size();
        String alert = "{\"secret\":\"" + secret + "\",\"ticker\":\"BTCUSDT\",\"action\":\"buy\",\"size_usd\":\"250.55\",\"alert_id\":\"a-1\"}";
        var first = http.post("/webhooks/tradingview/trend", null, alert);
        assertThat(first.status()).as(first.raw()).isEqualTo(202);
        assertThat(first.body().get("signal_ids")).hasSize(1);
        assertThat(first.raw()).doesNotContain(secret);
        // Same alert id, different formatting: still the same alert.
        var again = http.post("/webhooks/tradingview/trend", null, alert.replace(",", " , "));
        assertThat(again.body().get("signal_ids")).isEqualTo(first.body().get("signal_ids"));
        assertThat(again.body().get("duplicates").asInt()).isEqualTo(1);
        List<Order> orders = orders("dave");
        assertThat(orders).hasSize(before + 1);
        Order o = orders.stream().filter(x -> x.signalId().equals(first.body().get("signal_ids").get(0).asText())).findFirst().orElseThrow();
        assertThat(o.requestedUsd()).isEqualByComparingTo("25.05");
        assertThat(o.pair().toString()).isEqualTo("BTC-USD");

        // Without an alert id, a byte-identical delivery is a repeat; a different alert is a new one.
        String plain = "{\"secret\":\"" + secret + "\",\"ticker\":\"BINANCE:ETHUSDT\",\"action\":\"buy\",\"size_usd\":100}";
        var p1 = http.post("/webhooks/tradingview/trend", null, plain);
        var p2 = http.post("/webhooks/tradingview/trend", null, plain);
        assertThat(p2.body().get("signal_ids")).isEqualTo(p1.body().get("signal_ids"));
        var p3 = http.post("/webhooks/tradingview/trend", null, plain.replace("\"size_usd\":100", "\"size_usd\":120"));
        assertThat(p3.body().get("signal_ids").get(0)).isNotEqualTo(p1.body().get("signal_ids").get(0));
        Order buy = app.store().findOrders(new OrderQuery("dave", null, 1000)).stream()
                .filter(x -> x.signalId().equals(p1.body().get("signal_ids").get(0).asText())).findFirst().orElseThrow();
        assertThat(buy.signalType().wire()).as("a buy alert without signal_type is an entry").isEqualTo("entry");
        assertThat(buy.requestedUsd()).isEqualByComparingTo("10.00");
    }

    @Test
    void eachSubscriberOfAnAlertIsAdmittedAsADirectSignalWouldBe() {
        String guardSecret = PlantedSecrets.plant("s3cret-guard-" + System.nanoTime());
        assertThat(http.post("/api/v1/strategies", admin, "{\"strategy\":\"guard\",\"secret\":\"" + guardSecret + "\"}").status()).isEqualTo(201);
        assertThat(http.send("PUT", "/api/v1/users/carol/subscriptions/guard", carol, "{\"fixed_usd\":\"20\"}").status()).isEqualTo(204);
        int before = orders("carol").size();
        // A sell alert without signal_type is an exit; carol holds no SOL, so it would open a short: refused.
        var exit = http.post("/webhooks/tradingview/guard", null, "{\"secret\":\"" + guardSecret
                + "\",\"ticker\":\"SOLUSD\",\"action\":\"sell\",\"size_usd\":50,\"alert_id\":\"no-pos-1\"}");
        assertThat(exit.status()).as(exit.raw()).isEqualTo(202);
        assertThat(exit.body().get("refused").findValuesAsText("code")).contains("no_position");
        // A re-delivery stamped two minutes ago is stale for carol's default 60 s.
        var stale = http.post("/webhooks/tradingview/guard", null, "{\"secret\":\"" + guardSecret
                + "\",\"ticker\":\"SOLUSD\",\"action\":\"buy\",\"size_usd\":50,\"alert_id\":\"stale-1\",\"time\":\""
                + java.time.Instant.now().minusSeconds(120) + "\"}");
        assertThat(stale.body().get("refused").findValuesAsText("code")).contains("signal_stale");
        assertThat(orders("carol")).hasSize(before);
    }

    @Test
    void webhookInputIsCheckedAfterTheSecretAndBeforeAnythingIsStored() {
        int before = app.store().findOrders(new OrderQuery(null, null, 1000)).size();
        String s = "\"secret\":\"" + secret + "\"";
        assertError(http.post("/webhooks/tradingview/trend", null, "{\"ticker\":\"BTCUSD\",\"action\":\"buy\"}"), 401, "invalid_secret");
        assertError(http.post("/webhooks/tradingview/trend", null, "{" + s + ",\"ticker\":\"BTC\",\"action\":\"buy\"}"), 400, "invalid_ticker");
        assertError(http.post("/webhooks/tradingview/trend", null, "{" + s + ",\"ticker\":\"BTCUSD\",\"action\":\"hold\"}"), 400, "invalid_action");
        assertError(http.post("/webhooks/tradingview/trend", null, "{" + s + ",\"ticker\":\"BTCUSD\",\"action\":\"buy\",\"size_usd\":\"-5\"}"), 400, "invalid_size");
        assertError(http.post("/webhooks/tradingview/trend", null, "{" + s + ",\"ticker\":\"DOGEEUR\",\"action\":\"buy\"}"), 422, "unknown_pair");
        assertError(http.post("/webhooks/tradingview/trend", null, "{" + s + ",\"ticker\":\"BTCUSD\",\"action\":\"buy\",\"signal_type\":\"yolo\"}"), 400, "invalid_signal_type");
        assertError(http.post("/webhooks/tradingview/trend", null, "{" + s + ",\"ticker\":\"BTCUSD\",\"action\":\"buy\",\"alert_id\":\"has space\"}"), 400, "invalid_alert_id");
        assertError(http.post("/webhooks/tradingview/trend", null, "{" + s + ",\"ticker\":\"BTCUSD\",\"ticker\":\"ETHUSD\",\"action\":\"buy\"}"), 400, "invalid_json");
        assertError(http.post("/webhooks/tradingview/trend", null, "{\"secret\": " + secret + "}"), 400, "invalid_json");
        assertThat(app.store().findOrders(new OrderQuery(null, null, 1000))).hasSize(before);
    }

    @Test
    void aPublisherPublishesForItsOwnStrategiesOnlyAndDoesNotSeeWhoFollows() {
        assertThat(http.send("PUT", "/api/v1/users/dave/subscriptions/quant:momo", dave, "{\"fixed_usd\":\"12\"}").status()).isEqualTo(204);
        assertThat(http.send("PUT", "/api/v1/users/dave/limits", admin, "{\"allowed_pairs\":[\"BTC-USD\",\"ETH-USD\"]}").status()).isEqualTo(200);
        String alert = "{\"ticker\":\"SOLUSD\",\"action\":\"buy\",\"alert_id\":\"m-1\"}";
        var r = http.post("/api/v1/strategies/quant:momo/signals", pub, alert);
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        assertThat(r.body().get("refused").get(0).has("user_id")).isFalse();
        assertThat(r.body().get("refused").get(0).get("code").asText()).isEqualTo("pair_not_allowed");
        assertThat(http.send("PUT", "/api/v1/users/dave/limits", admin, "{\"allowed_pairs\":[]}").status()).isEqualTo(200);
        var ok = http.post("/api/v1/strategies/quant:momo/signals", pub, "{\"ticker\":\"SOL-USD\",\"action\":\"buy\",\"alert_id\":\"m-2\"}");
        assertThat(ok.body().get("signal_ids")).hasSize(1);
        assertError(http.post("/api/v1/strategies/trend/signals", pub, alert), 403, "forbidden");
        assertError(http.post("/api/v1/strategies/quant:momo/signals", carol, alert), 403, "forbidden");
        assertError(http.post("/api/v1/strategies/quant:nothing/signals", pub, alert), 404, "not_found");
        var byAdmin = http.post("/api/v1/strategies/quant:momo/signals", admin, "{\"ticker\":\"SOLUSD\",\"action\":\"sell\",\"alert_id\":\"m-3\"}");
        assertThat(byAdmin.status()).isEqualTo(202);
    }

    @Test
    void stateChangesAreAuditedWithActorAndReasonAndNoSecret() {
        assertThat(http.send("PUT", "/api/v1/users/carol/credentials/kraken", carol,
                "{\"api_key\":\"carol-key-1\",\"api_secret\":\"" + PlantedSecrets.plant("carol-api-secret-" + System.nanoTime())
                        + "\",\"passphrase\":\"" + PlantedSecrets.plant("carol-passphrase-" + System.nanoTime()) + "\"}").status()).isEqualTo(204);
        assertThat(http.send("PUT", "/api/v1/users/carol/limits", admin, "{\"max_order_usd\":\"777\"}").status()).isEqualTo(200);
        assertThat(http.send("PUT", "/api/v1/users/carol/subscriptions/quant:momo", carol, "{\"enabled\":false,\"fixed_usd\":\"5\"}").status())
                .isEqualTo(204);
        assertThat(http.post("/api/v1/kill-switch", admin, "{\"user_id\":\"carol\",\"enabled\":false}").status()).isEqualTo(200);
        List<AuditEvent> audit = app.store().recentAudit(10_000);
        assertThat(audit).anySatisfy(e -> assertAudit(e, "admin", "user", "carol", "created"));
        assertThat(audit).anySatisfy(e -> assertAudit(e, "carol", "credentials", "carol/kraken", "replaced"));
        assertThat(audit).anySatisfy(e -> assertAudit(e, "admin", "limits", "carol", "replaced"));
        assertThat(audit).anySatisfy(e -> assertAudit(e, "admin", "kill_switch", "carol", "off"));
        assertThat(audit).anySatisfy(e -> assertAudit(e, "admin", "strategy", "trend", "created"));
        assertThat(audit).anySatisfy(e -> assertAudit(e, "carol", "subscription", "carol/quant:momo", "replaced"));
        for (AuditEvent e : audit) {
            for (String s : PlantedSecrets.all()) {
                assertThat(String.valueOf(e)).doesNotContain(s);
            }
        }
        assertThat(app.store().verifyAuditChain()).isEmpty();
    }

    private static void assertAudit(AuditEvent e, String actor, String type, String id, String action) {
        assertThat(e.actor()).isEqualTo(actor);
        assertThat(e.entityType()).isEqualTo(type);
        assertThat(e.entityId()).isEqualTo(id);
        assertThat(e.action()).isEqualTo(action);
        assertThat(e.detail()).isNotBlank();
    }

    @Test
    void eachTokenHasItsOwnRequestBudgetAndTheAdminHasNone() throws Exception {
        // A second listener over the same service with a small budget: 5 requests, then 1 per second.
        try (ApiServer limited = new ApiServer(app.service(), "127.0.0.1", 0, new RateLimit(1, 5)).start()) {
            HttpClientSupport h = new HttpClientSupport(limited.port());
            for (int i = 0; i < 5; i++) {
                assertThat(h.get("/api/v1/venues", carol).status()).isEqualTo(200);
            }
            HttpClient raw = HttpClient.newHttpClient();
            HttpResponse<String> refused = raw.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + limited.port() + "/api/v1/orders"))
                    .header("Authorization", "Bearer " + carol).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 2L));
            assertThat(HttpClientSupport.JSON.readTree(refused.body()).get("error").get("code").asText()).isEqualTo("rate_limited");
            // dave's budget is his own; the admin is not limited.
            assertThat(h.get("/api/v1/venues", dave).status()).isEqualTo(200);
            for (int i = 0; i < 20; i++) {
                assertThat(h.get("/api/v1/venues", admin).status()).isEqualTo(200);
            }
            Thread.sleep(1100);
            assertThat(h.get("/api/v1/venues", carol).status()).isEqualTo(200);
        }
    }

    private static List<Order> orders(String user) {
        return app.store().findOrders(new OrderQuery(user, null, 1000));
    }

    private static void assertError(HttpClientSupport.Reply r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.body().get("error").get("code").asText()).as(r.raw()).isEqualTo(code);
        assertThat(r.raw()).doesNotContain(secret);
    }
}
