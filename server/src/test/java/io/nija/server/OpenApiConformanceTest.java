package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.app.SimPaperExchange;
import io.nija.server.http.RateLimit;
import io.nija.sim.fault.SimFaults;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the running service: every operation and every status code it documents is
 * provoked for real, a success answer has the documented shape (every documented field present, with its type), an
 * error answer is {@code {error:{code,message}}}; and every route the service serves is documented.
 */
class OpenApiConformanceTest {
    /** Documented codes that no request can provoke on a healthy in-process service, with why. */
    private static final Map<String, String> NOT_PROVOKED = Map.of(
            "GET /ready 503", "needs the store to be down while the service runs");

    private static RouterApp app;
    private static HttpClientSupport http;
    private static JsonNode spec;
    private static String admin;
    private static String alice;
    private static String bob;
    private static String publisher;
    private static String limited;
    private static String aliceFilledOrder;
    private static String bobsOrder;
    private static final String TREND_SECRET = "trend-secret-0123456789";
    private static final String QUIET_SECRET = "quiet-secret-0123456789";
    private static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        // One request per 1000 s after a burst of 100: user tokens below stay under it; "limited" is spent on purpose.
        app = RouterApp.start(new ServeOptions("127.0.0.1", 0, Files.createTempDirectory("nija-openapi"), null, null, null,
                11, false, new RateLimit(0.001, 100), true));
        http = new HttpClientSupport(app.port());
        admin = app.adminToken().token();
        alice = token("alice", "user");
        bob = token("bob", "user");
        publisher = token("pub", "publisher");
        limited = token("limited", "user");
        token("cred", "user");
        token("gone", "user");
        assertThat(http.post("/api/v1/users", admin, "{\"user_id\":\"live1\",\"mode\":\"live\"}").status()).isEqualTo(201);
        for (String[] s : new String[][] {{"trend", TREND_SECRET}, {"quiet", QUIET_SECRET}, {"pub:alpha", "alpha-secret-0123456789"}}) {
            assertThat(http.post("/api/v1/strategies", admin, "{\"strategy\":\"" + s[0] + "\",\"secret\":\"" + s[1] + "\"}").status())
                    .isEqualTo(201);
        }
        spec = http.get("/openapi.json", null).body();
        aliceFilledOrder = signal(alice, "alice");
        bobsOrder = signal(bob, "bob");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                app.store().findOrder(aliceFilledOrder).orElseThrow().status().wire().equals("filled"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String token(String user, String role) {
        var r = http.post("/api/v1/users", admin, "{\"user_id\":\"" + user + "\",\"role\":\"" + role
                + "\",\"limits\":{\"trades_per_second\":100}}");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("token").asText();
    }

    private static String signal(String token, String user) {
        var r = http.post("/api/v1/signals", token, "{\"user_id\":\"" + user + "\",\"pair\":\"BTC-USD\",\"side\":\"buy\","
                + "\"size_usd\":\"50\",\"signal_type\":\"entry\",\"strategy\":\"spec\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().get("order_ids").get(0).asText();
    }

    private static final String SIGNAL = "\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"25\",\"signal_type\":\"entry\",\"strategy\":\"spec\"";
    private static final String ALERT = "\"ticker\":\"BTCUSD\",\"action\":\"buy\",\"size_usd\":\"30\"";

    /** A real request per documented (operation, status), keyed "METHOD /spec/path STATUS". */
    private static Map<String, Supplier<Reply>> scenarios() {
        Map<String, Supplier<Reply>> s = new LinkedHashMap<>();
        s.put("GET /health 200", () -> call("GET", "/health", null, null));
        s.put("GET /ready 200", () -> call("GET", "/ready", null, null));
        s.put("GET /metrics 200", () -> call("GET", "/metrics", null, null));
        s.put("GET /openapi.json 200", () -> call("GET", "/openapi.json", null, null));

        s.put("POST /api/v1/users 201", () -> call("POST", "/api/v1/users", admin, "{\"user_id\":\"spec-" + SEQ.incrementAndGet() + "\"}"));
        s.put("POST /api/v1/users 400", () -> call("POST", "/api/v1/users", admin, "{\"role\":\"user\"}"));
        s.put("POST /api/v1/users 403", () -> call("POST", "/api/v1/users", alice, "{\"user_id\":\"mallory\"}"));
        s.put("POST /api/v1/users 409", () -> call("POST", "/api/v1/users", admin, "{\"user_id\":\"alice\"}"));

        String creds = "/api/v1/users/cred/credentials/binance";
        s.put("PUT /api/v1/users/{user_id}/credentials/{venue} 204", () -> call("PUT", creds, admin,
                "{\"api_key\":\"spec-key\",\"api_secret\":\"spec-secret-value\"}"));
        s.put("PUT /api/v1/users/{user_id}/credentials/{venue} 400", () -> call("PUT", creds, admin, "{\"api_key\":\"k\"}"));
        s.put("PUT /api/v1/users/{user_id}/credentials/{venue} 403", () -> call("PUT", creds, alice,
                "{\"api_key\":\"k\",\"api_secret\":\"s\"}"));
        s.put("PUT /api/v1/users/{user_id}/credentials/{venue} 404", () -> call("PUT", "/api/v1/users/nobody/credentials/binance",
                admin, "{\"api_key\":\"k\",\"api_secret\":\"s\"}"));

        s.put("PUT /api/v1/users/{user_id}/credentials/{venue} 200", () -> {
            // A key that may withdraw is stored, with a warning.
            sim().engine("binance").openAccount("cred-withdraw-key", "s", null, java.util.Map.of(),
                    new io.nija.core.venue.FeeSchedule(new java.math.BigDecimal("0.001"), new java.math.BigDecimal("0.001")),
                    new io.nija.sim.engine.AccountOptions(java.util.EnumSet.allOf(io.nija.sim.engine.Permission.class), true));
            return call("PUT", creds, admin, "{\"api_key\":\"cred-withdraw-key\",\"api_secret\":\"s\"}");
        });
        s.put("PUT /api/v1/users/{user_id}/credentials/{venue} 422", () -> call("PUT", "/api/v1/users/live1/credentials/kraken",
                admin, "{\"api_key\":\"no-such-key\",\"api_secret\":\"s\"}"));
        s.put("PUT /api/v1/users/{user_id}/credentials/{venue} 503", () -> {
            sim().setFaults("okx", new SimFaults(0, 0, 0, 0, true, false));
            try {
                return call("PUT", "/api/v1/users/live1/credentials/okx", admin, "{\"api_key\":\"k\",\"api_secret\":\"s\"}");
            } finally {
                sim().setFaults("okx", SimFaults.NONE);
            }
        });
        s.put("GET /api/v1/users 200", () -> call("GET", "/api/v1/users", admin, null));
        s.put("GET /api/v1/users 403", () -> call("GET", "/api/v1/users", alice, null));
        s.put("GET /api/v1/users/{user_id} 200", () -> call("GET", "/api/v1/users/alice", alice, null));
        s.put("GET /api/v1/users/{user_id} 403", () -> call("GET", "/api/v1/users/bob", alice, null));
        s.put("GET /api/v1/users/{user_id} 404", () -> call("GET", "/api/v1/users/nobody", admin, null));
        s.put("PUT /api/v1/users/{user_id} 200", () -> call("PUT", "/api/v1/users/live1", admin, "{\"mode\":\"live\",\"enabled\":true}"));
        s.put("PUT /api/v1/users/{user_id} 400", () -> call("PUT", "/api/v1/users/live1", admin, "{\"mode\":\"dream\"}"));
        s.put("PUT /api/v1/users/{user_id} 403", () -> call("PUT", "/api/v1/users/alice", alice, "{\"mode\":\"live\"}"));
        s.put("PUT /api/v1/users/{user_id} 404", () -> call("PUT", "/api/v1/users/nobody", admin, "{\"mode\":\"live\"}"));
        s.put("DELETE /api/v1/users/{user_id} 204", () -> call("DELETE", "/api/v1/users/gone", admin, null));
        s.put("DELETE /api/v1/users/{user_id} 403", () -> call("DELETE", "/api/v1/users/bob", alice, null));
        s.put("DELETE /api/v1/users/{user_id} 404", () -> call("DELETE", "/api/v1/users/nobody", admin, null));
        s.put("POST /api/v1/users/{user_id}/token 200", () -> call("POST", "/api/v1/users/gone/token", admin, null));
        s.put("POST /api/v1/users/{user_id}/token 403", () -> call("POST", "/api/v1/users/bob/token", alice, null));
        s.put("POST /api/v1/users/{user_id}/token 404", () -> call("POST", "/api/v1/users/nobody/token", admin, null));
        s.put("GET /api/v1/users/{user_id}/credentials 200", () -> call("GET", "/api/v1/users/alice/credentials", alice, null));
        s.put("GET /api/v1/users/{user_id}/credentials 403", () -> call("GET", "/api/v1/users/bob/credentials", alice, null));
        s.put("GET /api/v1/users/{user_id}/credentials 404", () -> call("GET", "/api/v1/users/nobody/credentials", admin, null));
        s.put("GET /api/v1/users/{user_id}/balances 200", () -> call("GET", "/api/v1/users/alice/balances", alice, null));
        s.put("GET /api/v1/users/{user_id}/balances 403", () -> call("GET", "/api/v1/users/bob/balances", alice, null));
        s.put("GET /api/v1/users/{user_id}/balances 404", () -> call("GET", "/api/v1/users/nobody/balances", admin, null));

        s.put("GET /api/v1/users/{user_id}/limits 200", () -> call("GET", "/api/v1/users/alice/limits", alice, null));
        s.put("GET /api/v1/users/{user_id}/limits 403", () -> call("GET", "/api/v1/users/bob/limits", alice, null));
        s.put("GET /api/v1/users/{user_id}/limits 404", () -> call("GET", "/api/v1/users/nobody/limits", admin, null));
        s.put("PUT /api/v1/users/{user_id}/limits 200", () -> call("PUT", "/api/v1/users/bob/limits", admin, "{\"max_order_usd\":\"5000\"}"));
        s.put("PUT /api/v1/users/{user_id}/limits 400", () -> call("PUT", "/api/v1/users/bob/limits", admin, "{\"max_order_usd\":\"abc\"}"));
        s.put("PUT /api/v1/users/{user_id}/limits 403", () -> call("PUT", "/api/v1/users/alice/limits", alice, "{\"max_order_usd\":\"1\"}"));
        s.put("PUT /api/v1/users/{user_id}/limits 404", () -> call("PUT", "/api/v1/users/nobody/limits", admin, "{\"max_order_usd\":\"1\"}"));

        s.put("POST /api/v1/signals 202", () -> call("POST", "/api/v1/signals", alice, "{" + SIGNAL + "}"));
        s.put("POST /api/v1/signals 400", () -> call("POST", "/api/v1/signals", alice, "{" + SIGNAL.replace("buy", "hold") + "}"));
        s.put("POST /api/v1/signals 403", () -> call("POST", "/api/v1/signals", alice, "{\"user_id\":\"bob\"," + SIGNAL + "}"));
        s.put("POST /api/v1/signals 404", () -> call("POST", "/api/v1/signals", admin, "{\"user_id\":\"nobody\"," + SIGNAL + "}"));
        s.put("POST /api/v1/signals 422", () -> call("POST", "/api/v1/signals", alice, "{" + SIGNAL.replace("BTC-USD", "NOPE-USD") + "}"));

        s.put("GET /api/v1/orders 200", () -> call("GET", "/api/v1/orders?limit=5", alice, null));
        s.put("GET /api/v1/orders 400", () -> call("GET", "/api/v1/orders?status=bogus", alice, null));
        s.put("GET /api/v1/orders 403", () -> call("GET", "/api/v1/orders?user_id=bob", alice, null));
        s.put("GET /api/v1/orders/{order_id} 200", () -> call("GET", "/api/v1/orders/" + aliceFilledOrder, alice, null));
        s.put("GET /api/v1/orders/{order_id} 404", () -> call("GET", "/api/v1/orders/" + bobsOrder, alice, null));
        s.put("GET /api/v1/orders/{order_id}/bracket 200", () -> {
            var r = call("POST", "/api/v1/signals", alice, "{" + SIGNAL
                    + ",\"take_profit_price\":\"10000000\",\"stop_loss_price\":\"1\"}");
            assertThat(r.status()).as(r.raw()).isEqualTo(202);
            String entry = r.json().get("order_ids").get(0).asText();
            return call("GET", "/api/v1/orders/" + entry + "/bracket", alice, null);
        });
        s.put("GET /api/v1/orders/{order_id}/bracket 404", () -> call("GET", "/api/v1/orders/" + aliceFilledOrder + "/bracket", alice, null));
        s.put("DELETE /api/v1/orders/{order_id} 202", OpenApiConformanceTest::cancelAnOrderInFlight);
        s.put("DELETE /api/v1/orders/{order_id} 404", () -> call("DELETE", "/api/v1/orders/ord_nothing", alice, null));
        s.put("DELETE /api/v1/orders/{order_id} 409", () -> call("DELETE", "/api/v1/orders/" + aliceFilledOrder, alice, null));

        s.put("GET /api/v1/positions 200", () -> call("GET", "/api/v1/positions", alice, null));
        s.put("GET /api/v1/positions 403", () -> call("GET", "/api/v1/positions?user_id=bob", alice, null));
        s.put("GET /api/v1/venues 200", () -> call("GET", "/api/v1/venues", alice, null));
        s.put("POST /api/v1/kill-switch 200", () -> call("POST", "/api/v1/kill-switch", admin, "{\"user_id\":\"bob\",\"enabled\":false}"));
        s.put("POST /api/v1/kill-switch 403", () -> call("POST", "/api/v1/kill-switch", alice, "{}"));
        s.put("POST /api/v1/kill-switch 404", () -> call("POST", "/api/v1/kill-switch", admin, "{\"user_id\":\"nobody\"}"));
        s.put("POST /api/v1/kill-switch 400", () -> call("POST", "/api/v1/kill-switch", admin, "{\"user_id\":\"bob\",\"enabled\":false,\"mode\":\"panic\"}"));
        s.put("GET /api/v1/kill-switch 200", () -> call("GET", "/api/v1/kill-switch", admin, null));
        s.put("GET /api/v1/kill-switch 403", () -> call("GET", "/api/v1/kill-switch?user_id=bob", alice, null));
        s.put("GET /api/v1/kill-switch 404", () -> call("GET", "/api/v1/kill-switch?user_id=nobody", admin, null));
        s.put("GET /api/v1/cluster 200", () -> call("GET", "/api/v1/cluster", alice, null));

        s.put("POST /api/v1/strategies 201", () -> call("POST", "/api/v1/strategies", admin,
                "{\"strategy\":\"s" + SEQ.incrementAndGet() + "\",\"secret\":\"0123456789abcdef\"}"));
        s.put("POST /api/v1/strategies 400", () -> call("POST", "/api/v1/strategies", admin, "{\"strategy\":\"bad name\",\"secret\":\"0123456789abcdef\"}"));
        s.put("POST /api/v1/strategies 403", () -> call("POST", "/api/v1/strategies", alice, "{\"strategy\":\"x1\",\"secret\":\"0123456789abcdef\"}"));
        s.put("POST /api/v1/strategies 409", () -> call("POST", "/api/v1/strategies", admin, "{\"strategy\":\"trend\",\"secret\":\"0123456789abcdef\"}"));
        String publish = "/api/v1/strategies/pub:alpha/signals";
        s.put("POST /api/v1/strategies/{strategy}/signals 202", () -> call("POST", publish, publisher, "{" + ALERT + "}"));
        s.put("POST /api/v1/strategies/{strategy}/signals 400", () -> call("POST", publish, publisher, "{\"ticker\":\"BTCUSD\"}"));
        s.put("POST /api/v1/strategies/{strategy}/signals 403", () -> call("POST", publish, alice, "{" + ALERT + "}"));
        s.put("POST /api/v1/strategies/{strategy}/signals 404", () -> call("POST", "/api/v1/strategies/ghost/signals", admin, "{" + ALERT + "}"));
        s.put("POST /api/v1/strategies/{strategy}/signals 422", () -> call("POST", publish, publisher, "{" + ALERT.replace("BTCUSD", "ZZZUSD") + "}"));
        s.put("PUT /api/v1/users/{user_id}/subscriptions/{strategy} 204", () -> call("PUT", "/api/v1/users/alice/subscriptions/trend", alice,
                "{\"fixed_usd\":\"40\"}"));
        s.put("PUT /api/v1/users/{user_id}/subscriptions/{strategy} 400", () -> call("PUT", "/api/v1/users/alice/subscriptions/trend", alice,
                "{\"fixed_usd\":\"40\",\"fraction\":\"0.5\"}"));
        s.put("PUT /api/v1/users/{user_id}/subscriptions/{strategy} 403", () -> call("PUT", "/api/v1/users/bob/subscriptions/trend", alice,
                "{\"fixed_usd\":\"40\"}"));
        s.put("PUT /api/v1/users/{user_id}/subscriptions/{strategy} 404", () -> call("PUT", "/api/v1/users/alice/subscriptions/ghost", alice,
                "{\"fixed_usd\":\"40\"}"));
        s.put("GET /api/v1/users/{user_id}/pnl 200", () -> call("GET", "/api/v1/users/alice/pnl?interval=day", alice, null));
        s.put("GET /api/v1/users/{user_id}/pnl 400", () -> call("GET", "/api/v1/users/alice/pnl?interval=week", alice, null));
        s.put("GET /api/v1/users/{user_id}/pnl 403", () -> call("GET", "/api/v1/users/bob/pnl", alice, null));
        s.put("GET /api/v1/users/{user_id}/pnl 404", () -> call("GET", "/api/v1/users/nobody/pnl", admin, null));
        s.put("GET /api/v1/users/{user_id}/subscriptions 200", () -> call("GET", "/api/v1/users/alice/subscriptions", alice, null));
        s.put("GET /api/v1/users/{user_id}/subscriptions 403", () -> call("GET", "/api/v1/users/bob/subscriptions", alice, null));
        s.put("GET /api/v1/users/{user_id}/subscriptions 404", () -> call("GET", "/api/v1/users/nobody/subscriptions", admin, null));

        String tv = "/webhooks/tradingview/trend";
        s.put("POST /webhooks/tradingview/{strategy} 202", () -> call("POST", tv, null, "{\"secret\":\"" + TREND_SECRET + "\"," + ALERT + "}"));
        s.put("POST /webhooks/tradingview/{strategy} 400", () -> call("POST", tv, null, "{not json"));
        s.put("POST /webhooks/tradingview/{strategy} 401", () -> call("POST", tv, null, "{\"secret\":\"wrong-secret-000000\"," + ALERT + "}"));
        s.put("POST /webhooks/tradingview/{strategy} 422", () -> call("POST", tv, null, "{\"secret\":\"" + TREND_SECRET + "\","
                + ALERT.replace("BTCUSD", "ZZZUSD") + "}"));
        s.put("POST /webhooks/tradingview/{strategy} 429", OpenApiConformanceTest::exhaustAStrategysWebhook);

        s.put("GET /api/v1/events 200", () -> stream(alice));
        String hook = "/api/v1/users/alice/webhook";
        String hookBody = "{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\"alice-hook-secret-0123\"}";
        s.put("PUT /api/v1/users/{user_id}/webhook 200", () -> call("PUT", hook, alice, hookBody));
        s.put("PUT /api/v1/users/{user_id}/webhook 400", () -> call("PUT", hook, alice, "{\"url\":\"ftp://x\",\"secret\":\"alice-hook-secret-0123\"}"));
        s.put("PUT /api/v1/users/{user_id}/webhook 403", () -> call("PUT", "/api/v1/users/bob/webhook", alice, hookBody));
        s.put("PUT /api/v1/users/{user_id}/webhook 404", () -> call("PUT", "/api/v1/users/nobody/webhook", admin, hookBody));
        s.put("GET /api/v1/users/{user_id}/webhook 200", () -> {
            call("PUT", hook, alice, hookBody);
            return call("GET", hook, alice, null);
        });
        s.put("GET /api/v1/users/{user_id}/webhook 403", () -> call("GET", "/api/v1/users/bob/webhook", alice, null));
        s.put("GET /api/v1/users/{user_id}/webhook 404", () -> call("GET", "/api/v1/users/bob/webhook", bob, null));
        s.put("DELETE /api/v1/users/{user_id}/webhook 204", () -> {
            call("PUT", hook, alice, hookBody);
            return call("DELETE", hook, alice, null);
        });
        s.put("DELETE /api/v1/users/{user_id}/webhook 403", () -> call("DELETE", "/api/v1/users/bob/webhook", alice, null));
        s.put("DELETE /api/v1/users/{user_id}/webhook 404", () -> call("DELETE", "/api/v1/users/bob/webhook", bob, null));
        return s;
    }

    record Reply(int status, String contentType, String raw) {
        JsonNode json() {
            try {
                return HttpClientSupport.JSON.readTree(raw);
            } catch (IOException e) {
                return null;
            }
        }
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Reply call(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens the event stream, reads its first lines, and closes it. */
    private static Reply stream(String token) {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/v1/events"))
                .header("Authorization", "Bearer " + token).build();
        try {
            HttpResponse<InputStream> res = CLIENT.send(r, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                byte[] first = new byte[64];
                int n = in.read(first);
                return new Reply(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""),
                        new String(first, 0, Math.max(n, 0), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static io.nija.sim.SimulatedExchanges sim() {
        return ((SimPaperExchange) app.paper()).simulator();
    }

    /** An order still at the venue (every simulated venue answers after 1.5 s meanwhile) can be cancelled. */
    private static Reply cancelAnOrderInFlight() {
        var sim = ((SimPaperExchange) app.paper()).simulator();
        sim.venueNames().forEach(v -> sim.setFaults(v, new SimFaults(0, 0, 0, 1500, false, false)));
        try {
            String order = signal(alice, "alice");
            return call("DELETE", "/api/v1/orders/" + order, alice, null);
        } finally {
            sim.venueNames().forEach(v -> sim.setFaults(v, SimFaults.NONE));
        }
    }

    /** A strategy's webhook has its own budget (100 here); the alert after it in a row is refused. */
    private static Reply exhaustAStrategysWebhook() {
        String body = "{\"secret\":\"" + QUIET_SECRET + "\"," + ALERT + "}";
        for (int i = 0; i < 200; i++) {
            Reply r = call("POST", "/webhooks/tradingview/quiet", null, body);
            if (r.status() == 429) {
                return r;
            }
        }
        return call("POST", "/webhooks/tradingview/quiet", null, body);
    }

    /** The spec's path with its parameters filled in with things that exist. */
    private static String concrete(String path) {
        return path.replace("{user_id}", "alice").replace("{venue}", "binance").replace("{order_id}", aliceFilledOrder)
                .replace("{strategy}", "trend");
    }

    @Test
    void everyDocumentedOperationAnswersWithEachOfItsDocumentedStatusesAndShapes() {
        Map<String, Supplier<Reply>> scenarios = scenarios();
        // Spend the limited token's budget so that every API route answers it with 429.
        for (int i = 0; i < 200 && call("GET", "/api/v1/venues", limited, null).status() != 429; i++) {
            // spending
        }
        List<String> problems = new ArrayList<>();
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                boolean authenticated = !(op.getValue().has("security") && op.getValue().get("security").isEmpty());
                for (Iterator<Map.Entry<String, JsonNode>> codes = op.getValue().get("responses").fields(); codes.hasNext(); ) {
                    Map.Entry<String, JsonNode> code = codes.next();
                    String key = method + " " + p.getKey() + " " + code.getKey();
                    documented.add(key);
                    Supplier<Reply> scenario = scenarios.get(key);
                    if (scenario == null && authenticated && code.getKey().equals("401")) {
                        scenario = () -> call(method, concrete(p.getKey()), null, "{}");
                    }
                    if (scenario == null && authenticated && code.getKey().equals("429")) {
                        scenario = () -> call(method, concrete(p.getKey()), limited, "{}");
                    }
                    if (scenario == null) {
                        if (!NOT_PROVOKED.containsKey(key)) {
                            problems.add(key + ": no request in this test provokes it");
                        }
                        continue;
                    }
                    Reply r = scenario.get();
                    if (r.status() != Integer.parseInt(code.getKey())) {
                        problems.add(key + ": got " + r.status() + " " + abbreviate(r.raw()));
                        continue;
                    }
                    problems.addAll(checkBody(key, code.getValue(), r));
                }
            }
        }
        assertThat(problems).as("operations whose answers do not match the OpenAPI document").isEmpty();
        assertThat(scenarios.keySet()).as("scenarios for codes the document does not list").allSatisfy(k -> assertThat(documented).contains(k));
    }

    private static List<String> checkBody(String key, JsonNode response, Reply r) {
        List<String> problems = new ArrayList<>();
        JsonNode content = response.get("content");
        int status = r.status();
        if (status >= 400) {
            JsonNode body = r.json();
            if (body == null || !body.path("error").path("code").isTextual() || !body.path("error").path("message").isTextual()) {
                problems.add(key + ": error body is not {error:{code,message}}: " + abbreviate(r.raw()));
            }
            return problems;
        }
        if (content == null || content.isEmpty()) {
            if (status == 204 && !r.raw().isEmpty()) {
                problems.add(key + ": 204 with a body");
            }
            return problems;
        }
        String type = content.fieldNames().next();
        if (!r.contentType().startsWith(type)) {
            problems.add(key + ": content type " + r.contentType() + ", documented " + type);
            return problems;
        }
        JsonNode schema = content.get(type).get("schema");
        if (type.equals("application/json") && schema != null) {
            JsonNode body = r.json();
            if (body == null) {
                problems.add(key + ": not JSON: " + abbreviate(r.raw()));
            } else {
                validate(body, schema, key, problems);
            }
        }
        return problems;
    }

    /**
     * The response against the schema: each required field present (for response schemas that list none, every
     * documented field), each non-null value of its documented type, enums respected, arrays item by item. Null
     * stands for "not applicable" in this API (an order not yet routed has no venue) and is accepted.
     */
    static void validate(JsonNode value, JsonNode schema, String where, List<String> problems) {
        schema = resolve(schema);
        if (value == null || value.isNull()) {
            return;
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + ": expected an object, got " + abbreviate(value.toString()));
                    return;
                }
                JsonNode props = schema.path("properties");
                List<String> required = new ArrayList<>();
                if (schema.has("required")) {
                    schema.get("required").forEach(n -> required.add(n.asText()));
                } else {
                    props.fieldNames().forEachRemaining(required::add);
                }
                for (String f : required) {
                    if (!value.has(f)) {
                        problems.add(where + ": field " + f + " is missing");
                    }
                }
                props.fields().forEachRemaining(e -> validate(value.get(e.getKey()), e.getValue(), where + "." + e.getKey(), problems));
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + ": expected an array");
                    return;
                }
                int i = 0;
                for (JsonNode item : value) {
                    validate(item, schema.get("items"), where + "[" + i++ + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + ": expected a string, got " + abbreviate(value.toString()));
                } else if (schema.has("enum")) {
                    List<String> allowed = new ArrayList<>();
                    schema.get("enum").forEach(n -> allowed.add(n.asText()));
                    if (!allowed.contains(value.asText())) {
                        problems.add(where + ": " + value.asText() + " is not one of " + allowed);
                    }
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + ": expected an integer, got " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + ": expected a number, got " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + ": expected a boolean, got " + value);
                }
            }
            default -> {
                // no type: anything goes
            }
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        while (schema != null && schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            schema = spec.at(ref.substring(1));
        }
        return schema;
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Test
    void theShapeCheckCatchesAMissingFieldAWrongTypeAndAnUnknownEnumValue() throws Exception {
        JsonNode order = HttpClientSupport.JSON.readTree(call("GET", "/api/v1/orders/" + aliceFilledOrder, alice, null).raw());
        JsonNode schema = HttpClientSupport.JSON.readTree("{\"$ref\":\"#/components/schemas/Order\"}");
        List<String> problems = new ArrayList<>();
        validate(order, schema, "order", problems);
        assertThat(problems).isEmpty();
        var broken = (com.fasterxml.jackson.databind.node.ObjectNode) order.deepCopy();
        broken.remove("route_reason");
        broken.put("legs", 3);
        broken.put("status", "teleported");
        validate(broken, schema, "order", problems);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("route_reason is missing"))
                .anySatisfy(p -> assertThat(p).contains("order.legs: expected an array"))
                .anySatisfy(p -> assertThat(p).contains("teleported is not one of"));
    }

    @Test
    void everyRouteTheServiceServesIsDocumented() {
        Set<String> documented = new TreeSet<>();
        spec.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
        Set<String> served = new TreeSet<>(app.routes());
        assertThat(served).as("routes served but not in openapi.json").isSubsetOf(documented);
        assertThat(documented).as("routes in openapi.json the service does not serve").isSubsetOf(served);
    }
}
