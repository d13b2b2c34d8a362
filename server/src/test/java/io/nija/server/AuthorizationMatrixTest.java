package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.store.OrderQuery;
import io.nija.core.store.Subscription;
import io.nija.core.user.UserLimits;
import io.nija.server.app.RouterApp;
import io.nija.server.http.RateLimit;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint and method of the API, from the table below, against every kind of caller: no token, a wrong
 * token, user A's token against user B's resources, a publisher's token, the admin. The table is checked against
 * openapi.json and against the routes the server really registered, so a new route cannot be left out.
 *
 * <p>Expectations: public endpoints answer anyone; everything under /api/v1 refuses a missing or wrong token
 * with 401; admin-only endpoints refuse user and publisher tokens with 403; A against B's resources gets 403 or
 * 404 with nothing but an error object, and B's state is unchanged afterwards; the webhook ignores bearer tokens
 * and refuses a wrong or missing secret with 401.
 */
class AuthorizationMatrixTest {
    enum Access {
        /** Anyone, no token. */
        PUBLIC,
        /** Any valid token. */
        ANY_TOKEN,
        /** The admin token only. */
        ADMIN,
        /** The admin, or the user named in the path, query or body. */
        OWNER,
        /** The admin, or the user who owns the order in the path. */
        ORDER_OWNER,
        /** The admin, or the publisher owning the strategy in the path. */
        PUBLISHER,
        /** No token: the strategy's secret in the body. */
        WEBHOOK_SECRET,
        /** Any valid token; a stream of the token's own user's events (the admin's: everyone's). */
        EVENT_STREAM,
        /**
         * The admin, or the user named in the path, replacing that user's token: refused like OWNER; a success is
         * proved on throwaway users, since it ends the token that made it.
         */
        TOKEN_OWNER
    }

    /**
     * One row per endpoint and method. {@code attack} is the request a caller makes against someone else's
     * resources (victim bob, strategy "other"); {@code own} the same request for itself (alice), to prove that the
     * refusals are about who asks, not about the request.
     */
    record Route(String method, String template, Access access, Request attack, Request own) { }

    record Request(String path, String body) { }

    private static final String PAIR_SIGNAL = "\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"20\",\"signal_type\":\"entry\"";
    private static final String ALERT = "\"ticker\":\"BINANCE:BTCUSDT\",\"action\":\"buy\",\"size_usd\":\"50\"";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final java.util.Set<String> HTTP_METHODS = java.util.Set.of("get", "put", "post", "delete", "patch",
            "head", "options", "trace");

    private static RouterApp app;
    private static HttpClientSupport http;
    private static String admin;
    private static String alice;
    private static String bob;
    private static String pub;
    private static String bobsOrder;
    private static String bobsBracketedOrder;
    private static String otherSecret;
    private static String pubSecret;

    @BeforeAll
    static void start() {
        app = TestRouters.start("authz", 21, RateLimit.OFF, true);
        http = new HttpClientSupport(app.port());
        admin = PlantedSecrets.plant(app.adminToken().token());
        alice = createUser("alice", "user");
        bob = createUser("bob", "user");
        pub = createUser("pub", "publisher");
        createUser("carol", "user");
        otherSecret = PlantedSecrets.plant("other-secret-" + Long.toHexString(System.nanoTime()));
        pubSecret = PlantedSecrets.plant("pub-secret-" + Long.toHexString(System.nanoTime()));
        assertThat(http.post("/api/v1/strategies", admin, "{\"strategy\":\"other\",\"secret\":\"" + otherSecret + "\"}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/strategies", admin, "{\"strategy\":\"pub:alpha\",\"secret\":\"" + pubSecret + "\"}").status()).isEqualTo(201);
        assertThat(http.send("PUT", "/api/v1/users/bob/subscriptions/other", bob, "{\"fixed_usd\":\"15\"}").status()).isEqualTo(204);
        var ack = http.post("/api/v1/signals", bob, "{" + PAIR_SIGNAL + ",\"idempotency_key\":\"bob-1\"}");
        assertThat(ack.status()).as(ack.raw()).isEqualTo(202);
        bobsOrder = ack.body().get("order_ids").get(0).asText();
        var bracketed = http.post("/api/v1/signals", bob, "{" + PAIR_SIGNAL
                + ",\"idempotency_key\":\"bob-2\",\"take_profit_price\":\"10000000\",\"stop_loss_price\":\"1\"}");
        assertThat(bracketed.status()).as(bracketed.raw()).isEqualTo(202);
        bobsBracketedOrder = bracketed.body().get("order_ids").get(0).asText();
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> app.store().findOrder(bobsOrder).orElseThrow().status().isTerminal());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String createUser(String id, String role) {
        var r = http.post("/api/v1/users", admin, "{\"user_id\":\"" + id + "\",\"role\":\"" + role
                + "\",\"limits\":{\"trades_per_second\":100}}");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return PlantedSecrets.plant(r.body().get("token").asText());
    }

    /** The table: every endpoint and method the API serves. */
    static List<Route> routes() {
        return List.of(
                new Route("GET", "/health", Access.PUBLIC, req("/health"), req("/health")),
                new Route("GET", "/ready", Access.PUBLIC, req("/ready"), req("/ready")),
                new Route("GET", "/metrics", Access.PUBLIC, req("/metrics"), req("/metrics")),
                new Route("GET", "/openapi.json", Access.PUBLIC, req("/openapi.json"), req("/openapi.json")),
                new Route("POST", "/api/v1/users", Access.ADMIN,
                        req("/api/v1/users", "{\"user_id\":\"mallory-" + SEQ.incrementAndGet() + "\"}"),
                        req("/api/v1/users", "{\"user_id\":\"made-" + SEQ.incrementAndGet() + "\"}")),
                new Route("GET", "/api/v1/users", Access.ADMIN, req("/api/v1/users"), req("/api/v1/users")),
                new Route("GET", "/api/v1/users/{user_id}", Access.OWNER, req("/api/v1/users/bob"), req("/api/v1/users/alice")),
                new Route("PUT", "/api/v1/users/{user_id}", Access.ADMIN,
                        req("/api/v1/users/bob", "{\"mode\":\"live\",\"enabled\":false}"),
                        req("/api/v1/users/carol", "{\"mode\":\"paper\"}")),
                new Route("DELETE", "/api/v1/users/{user_id}", Access.ADMIN, req("/api/v1/users/bob"), req("/api/v1/users/carol")),
                new Route("POST", "/api/v1/users/{user_id}/token", Access.TOKEN_OWNER,
                        req("/api/v1/users/bob/token"), req("/api/v1/users/alice/token")),
                new Route("GET", "/api/v1/users/{user_id}/credentials", Access.OWNER,
                        req("/api/v1/users/bob/credentials"), req("/api/v1/users/alice/credentials")),
                new Route("GET", "/api/v1/users/{user_id}/balances", Access.OWNER,
                        req("/api/v1/users/bob/balances"), req("/api/v1/users/alice/balances")),
                new Route("PUT", "/api/v1/users/{user_id}/credentials/{venue}", Access.OWNER,
                        req("/api/v1/users/bob/credentials/kraken", "{\"api_key\":\"mallory-key\",\"api_secret\":\"mallory-secret-1\"}"),
                        req("/api/v1/users/alice/credentials/kraken", "{\"api_key\":\"alice-key-2\",\"api_secret\":\"alice-secret-2\"}")),
                new Route("GET", "/api/v1/users/{user_id}/limits", Access.OWNER,
                        req("/api/v1/users/bob/limits"), req("/api/v1/users/alice/limits")),
                new Route("PUT", "/api/v1/users/{user_id}/limits", Access.ADMIN,
                        req("/api/v1/users/bob/limits", "{\"max_order_usd\":\"1000000\",\"enabled\":false}"),
                        req("/api/v1/users/alice/limits", "{\"max_order_usd\":\"30000\"}")),
                new Route("POST", "/api/v1/signals", Access.OWNER,
                        req("/api/v1/signals", "{\"user_id\":\"bob\"," + PAIR_SIGNAL + "}"),
                        req("/api/v1/signals", "{\"user_id\":\"alice\"," + PAIR_SIGNAL + "}")),
                new Route("GET", "/api/v1/orders", Access.OWNER,
                        req("/api/v1/orders?user_id=bob"), req("/api/v1/orders?user_id=alice")),
                new Route("GET", "/api/v1/orders/{order_id}", Access.ORDER_OWNER,
                        req("/api/v1/orders/" + bobsOrder), null),
                new Route("GET", "/api/v1/orders/{order_id}/bracket", Access.ORDER_OWNER,
                        req("/api/v1/orders/" + bobsBracketedOrder + "/bracket"), null),
                new Route("DELETE", "/api/v1/orders/{order_id}", Access.ORDER_OWNER,
                        req("/api/v1/orders/" + bobsOrder), null),
                new Route("GET", "/api/v1/positions", Access.OWNER,
                        req("/api/v1/positions?user_id=bob"), req("/api/v1/positions?user_id=alice")),
                new Route("GET", "/api/v1/venues", Access.ANY_TOKEN, req("/api/v1/venues"), req("/api/v1/venues")),
                new Route("GET", "/api/v1/kill-switch", Access.OWNER,
                        req("/api/v1/kill-switch?user_id=bob"), req("/api/v1/kill-switch?user_id=alice")),
                new Route("POST", "/api/v1/kill-switch", Access.ADMIN,
                        req("/api/v1/kill-switch", "{\"user_id\":\"bob\"}"),
                        req("/api/v1/kill-switch", "{\"user_id\":\"alice\",\"enabled\":false}")),
                new Route("GET", "/api/v1/cluster", Access.ANY_TOKEN, req("/api/v1/cluster"), req("/api/v1/cluster")),
                new Route("POST", "/api/v1/strategies", Access.ADMIN,
                        req("/api/v1/strategies", "{\"strategy\":\"mallory-" + SEQ.incrementAndGet() + "\",\"secret\":\"0123456789abcdef\"}"),
                        req("/api/v1/strategies", "{\"strategy\":\"made-" + SEQ.incrementAndGet() + "\",\"secret\":\"0123456789abcdef\"}")),
                new Route("POST", "/api/v1/strategies/{strategy}/signals", Access.PUBLISHER,
                        req("/api/v1/strategies/other/signals", "{" + ALERT + "}"),
                        req("/api/v1/strategies/pub:alpha/signals", "{" + ALERT + "}")),
                new Route("PUT", "/api/v1/users/{user_id}/subscriptions/{strategy}", Access.OWNER,
                        req("/api/v1/users/bob/subscriptions/other", "{\"enabled\":false,\"fixed_usd\":\"99999\"}"),
                        req("/api/v1/users/alice/subscriptions/other", "{\"fraction\":\"0.5\",\"cap_usd\":\"40\"}")),
                new Route("GET", "/api/v1/users/{user_id}/subscriptions", Access.OWNER,
                        req("/api/v1/users/bob/subscriptions"), req("/api/v1/users/alice/subscriptions")),
                new Route("GET", "/api/v1/users/{user_id}/pnl", Access.OWNER,
                        req("/api/v1/users/bob/pnl?interval=day"), req("/api/v1/users/alice/pnl?interval=day")),
                new Route("GET", "/api/v1/events", Access.EVENT_STREAM, req("/api/v1/events"), req("/api/v1/events")),
                new Route("PUT", "/api/v1/users/{user_id}/webhook", Access.OWNER,
                        req("/api/v1/users/bob/webhook", "{\"url\":\"http://127.0.0.1:9/mallory\",\"secret\":\"mallory-signing-secret\"}"),
                        req("/api/v1/users/alice/webhook", "{\"url\":\"http://127.0.0.1:9/alice\",\"secret\":\"alice-signing-secret-1\"}")),
                new Route("GET", "/api/v1/users/{user_id}/webhook", Access.OWNER,
                        req("/api/v1/users/bob/webhook"), req("/api/v1/users/alice/webhook")),
                new Route("DELETE", "/api/v1/users/{user_id}/webhook", Access.OWNER,
                        req("/api/v1/users/bob/webhook"), req("/api/v1/users/alice/webhook")),
                new Route("POST", "/webhooks/tradingview/{strategy}", Access.WEBHOOK_SECRET,
                        req("/webhooks/tradingview/other", "{\"secret\":\"not-the-secret-of-other\"," + ALERT + "}"),
                        req("/webhooks/tradingview/other", "{\"secret\":\"" + otherSecret + "\"," + ALERT + "}")));
    }

    private static Request req(String path) {
        return new Request(path, null);
    }

    private static Request req(String path, String body) {
        return new Request(path, body);
    }

    @Test
    void theTableCoversEveryRouteOfTheOpenApiDocumentAndOfTheServer() throws Exception {
        TreeSet<String> table = new TreeSet<>();
        routes().forEach(r -> table.add(r.method() + " " + r.template()));
        TreeSet<String> documented = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/openapi.json")) {
            JsonNode paths = HttpClientSupport.JSON.readTree(in).get("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.properties().iterator(); it.hasNext(); ) {
                var path = it.next();
                names(path.getValue()).stream().filter(HTTP_METHODS::contains)
                        .forEach(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()));
            }
        }
        assertThat(table).as("the test's table against openapi.json").isEqualTo(documented);
        assertThat(new TreeSet<>(app.routes())).as("the test's table against the server's routes").isEqualTo(table);
    }

    @Test
    void withoutATokenOrWithAWrongOneEveryApiEndpointIsUnauthorized() {
        for (Route r : routes()) {
            if (r.access() == Access.PUBLIC || r.access() == Access.WEBHOOK_SECRET) {
                continue;
            }
            for (String token : new String[] {null, "", "nja_wrong", alice + "x", "Basic " + alice}) {
                var reply = http.send(r.method(), r.attack().path(), token, r.attack().body());
                assertThat(reply.status()).as(r + " with token " + token).isEqualTo(401);
                assertOnlyError(reply, "unauthorized");
            }
        }
    }

    @Test
    void publicEndpointsAnswerWithoutAToken() {
        for (Route r : routes()) {
            if (r.access() == Access.PUBLIC) {
                assertThat(http.send(r.method(), r.attack().path(), null, null).status()).as(r.toString()).isEqualTo(200);
            }
        }
    }

    @Test
    void adminOnlyEndpointsRefuseUserAndPublisherTokens() {
        for (Route r : routes()) {
            if (r.access() != Access.ADMIN) {
                continue;
            }
            for (String token : new String[] {alice, pub}) {
                var reply = http.send(r.method(), r.attack().path(), token, r.attack().body());
                assertThat(reply.status()).as(r + " " + reply.raw()).isEqualTo(403);
                assertOnlyError(reply, "forbidden");
                reply = http.send(r.method(), r.own().path(), token, r.own().body());
                assertThat(reply.status()).as(r + " on own resources " + reply.raw()).isEqualTo(403);
            }
        }
    }

    @Test
    void aUserOrPublisherTokenGetsNothingOfAnotherUsersResourcesAndChangesNothing() {
        BobsState before = BobsState.read();
        for (Route r : routes()) {
            if (r.access() != Access.OWNER && r.access() != Access.ORDER_OWNER && r.access() != Access.PUBLISHER
                    && r.access() != Access.TOKEN_OWNER) {
                continue;
            }
            for (String token : new String[] {alice, pub}) {
                var reply = http.send(r.method(), r.attack().path(), token, r.attack().body());
                assertThat(reply.status()).as(r + " " + reply.raw()).isIn(403, 404);
                assertOnlyError(reply, null);
                assertThat(reply.raw()).as(r.toString()).doesNotContain("\"user_id\":\"bob\"").doesNotContain("mallory");
            }
        }
        assertThat(BobsState.read()).isEqualTo(before);
    }

    @Test
    void theSameRequestsSucceedForTheirOwnerAndForTheAdmin() {
        for (Route r : routes()) {
            switch (r.access()) {
                case OWNER -> {
                    assertThat(http.send(r.method(), r.own().path(), alice, r.own().body()).status()).as(r.toString()).isBetween(200, 299);
                    assertThat(http.send(r.method(), r.attack().path(), admin, safeAdminBody(r)).status()).as(r + " by admin").isBetween(200, 299);
                }
                case ORDER_OWNER -> assertThat(http.send(r.method(), r.attack().path(), bob, null).status()).as(r.toString()).isIn(200, 202, 409);
                case PUBLISHER -> {
                    assertThat(http.send(r.method(), r.own().path(), pub, r.own().body()).status()).as(r.toString()).isEqualTo(202);
                    assertThat(http.send(r.method(), r.attack().path(), admin, r.attack().body()).status()).as(r.toString()).isEqualTo(202);
                }
                case ADMIN -> assertThat(http.send(r.method(), r.own().path(), admin, r.own().body()).status()).as(r.toString()).isBetween(200, 299);
                case ANY_TOKEN -> {
                    for (String token : new String[] {alice, pub, admin}) {
                        assertThat(http.send(r.method(), r.own().path(), token, null).status()).as(r.toString()).isEqualTo(200);
                    }
                }
                case EVENT_STREAM -> {
                    for (String token : new String[] {alice, pub, admin}) {
                        assertThat(streamStatus(r.own().path(), token)).as(r.toString()).isEqualTo(200);
                    }
                }
                case TOKEN_OWNER -> {
                    String own = createUser("rotating-" + SEQ.incrementAndGet(), "user");
                    String ownId = "rotating-" + SEQ.get();
                    var rotated = http.send(r.method(), "/api/v1/users/" + ownId + "/token", own, null);
                    assertThat(rotated.status()).as(r + " " + rotated.raw()).isEqualTo(200);
                    assertThat(http.get("/api/v1/users/" + ownId, own).status()).as("the old token").isEqualTo(401);
                    String fresh = rotated.body().get("token").asText();
                    assertThat(http.get("/api/v1/users/" + ownId, fresh).status()).isEqualTo(200);
                    assertThat(http.send(r.method(), "/api/v1/users/" + ownId + "/token", admin, null).status()).as(r + " by admin").isEqualTo(200);
                    assertThat(http.get("/api/v1/users/" + ownId, fresh).status()).as("rotated by the admin").isEqualTo(401);
                }
                case PUBLIC, WEBHOOK_SECRET -> { }
            }
        }
    }

    /** The admin's variant of an attack that would otherwise change bob's state in a way other tests see. */
    private static String safeAdminBody(Route r) {
        if (r.template().endsWith("/subscriptions/{strategy}")) {
            return "{\"fixed_usd\":\"15\"}";
        }
        if (r.template().equals("/api/v1/signals")) {
            return "{\"user_id\":\"bob\"," + PAIR_SIGNAL + ",\"idempotency_key\":\"bob-1\"}";
        }
        if (r.template().endsWith("/webhook") && r.method().equals("PUT")) {
            return "{\"url\":\"http://127.0.0.1:9/bob\",\"secret\":\"" + PlantedSecrets.plant("bob-signing-secret-" + System.nanoTime()) + "\"}";
        }
        if (r.template().endsWith("/credentials/{venue}")) {
            return "{\"api_key\":\"bob-kraken-key\",\"api_secret\":\"" + PlantedSecrets.plant("bob-kraken-secret-" + System.nanoTime()) + "\"}";
        }
        return r.attack().body();
    }

    @Test
    void theWebhookIgnoresBearerTokensAndRefusesAWrongOrMissingSecret() {
        Route hook = routes().stream().filter(r -> r.access() == Access.WEBHOOK_SECRET).findFirst().orElseThrow();
        int ordersBefore = app.store().findOrders(new OrderQuery(null, null, 1000)).size();
        String alert = "{" + ALERT + ",\"alert_id\":\"authz-" + System.nanoTime() + "\"";
        List<String> bodies = new ArrayList<>(List.of(alert + "}", alert + ",\"secret\":\"\"}", alert + ",\"secret\":null}",
                alert + ",\"secret\":123}", alert + ",\"secret\":\"" + otherSecret + "x\"}", alert + ",\"secret\":\"" + pubSecret + "\"}",
                alert + ",\"secret\":\"" + otherSecret.toUpperCase(java.util.Locale.ROOT) + "\"}"));
        for (String body : bodies) {
            for (String token : new String[] {null, admin, bob}) {
                var reply = http.send("POST", hook.attack().path(), token, body);
                assertThat(reply.status()).as(body).isEqualTo(401);
                assertOnlyError(reply, "invalid_secret");
            }
        }
        // An unknown strategy is answered exactly like a wrong secret.
        var unknown = http.send("POST", "/webhooks/tradingview/nope", null, alert + ",\"secret\":\"" + otherSecret + "\"}");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.raw()).isEqualTo(http.send("POST", hook.attack().path(), null, alert + "}").raw());
        assertThat(app.store().findOrders(new OrderQuery(null, null, 1000))).hasSize(ordersBefore);
        assertThat(http.send("POST", hook.own().path(), null, hook.own().body()).status()).isEqualTo(202);
    }

    /** The status of a streaming response, read from its headers; the stream itself is closed at once. */
    private static int streamStatus(String path, String token) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + app.port() + path)).header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertOnlyError(HttpClientSupport.Reply reply, String code) {
        assertThat(reply.body()).as(reply.raw()).isNotNull();
        assertThat(names(reply.body())).as(reply.raw()).containsExactly("error");
        assertThat(reply.body().get("error").get("code").asText()).as(reply.raw()).isNotBlank();
        if (code != null) {
            assertThat(reply.body().get("error").get("code").asText()).isEqualTo(code);
        }
    }

    static List<String> names(JsonNode n) {
        return n.properties().stream().map(Map.Entry::getKey).toList();
    }

    /** Everything of bob's that another token might try to read or change. */
    record BobsState(UserLimits limits, String krakenKey, List<Subscription> subscriptions, int orders, String orderStatus,
                     boolean hasMalloryUser, boolean hasMalloryStrategy, String webhook) {
        static BobsState read() {
            return new BobsState(app.service().limitsIfExists("bob"),
                    app.service().account("bob", "kraken").map(a -> a.apiKey()).orElse(null),
                    app.store().subscriptionsOf("bob"),
                    app.store().findOrders(new OrderQuery("bob", null, 1000)).size(),
                    app.store().findOrder(bobsOrder).orElseThrow().status().wire(),
                    app.store().listUsers().stream().anyMatch(u -> u.userId().startsWith("mallory")),
                    app.store().recentAudit(10_000).stream().anyMatch(e -> "strategy".equals(e.entityType())
                            && e.entityId().startsWith("mallory")),
                    http.get("/api/v1/users/bob/webhook", admin).raw());
        }
    }
}
