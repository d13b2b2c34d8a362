package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.events.Notifications;
import io.nija.server.events.WebhookDispatcher;
import io.nija.server.logging.Correlation;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Order events reach users: their signed webhooks (retried after a failure, given up and recorded after the last
 * attempt), the Server-Sent Events stream scoped to the token's user, and the logs, all carrying the correlation id
 * of the request that posted the signal.
 */
class NotificationsTest {
    private static final int MAX_ATTEMPTS = 4;
    private static RouterApp app;
    private static HttpClientSupport http;
    private static HttpServer receiver;
    private static String admin;
    private static final Map<String, String> tokens = new ConcurrentHashMap<>();
    private static final Map<String, String> secrets = new ConcurrentHashMap<>();
    /** Deliveries received per receiver path ("/alice", ...), in arrival order. */
    private static final Map<String, List<Delivery>> received = new ConcurrentHashMap<>();
    /** Answers with 500 this many times per path before answering 204. */
    private static final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    record Delivery(Map<String, String> headers, byte[] body) {
        JsonNode json() {
            try {
                return HttpClientSupport.JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            String path = exchange.getRequestURI().getPath();
            received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Delivery(headers, body));
            AtomicInteger left = failuresLeft.get(path);
            int status = left != null && left.getAndDecrement() > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        Notifications.Options options = Notifications.Options.defaults()
                .withKeepAlive(Duration.ofMillis(200))
                .withWebhooks(WebhookDispatcher.Options.defaults().withPollInterval(Duration.ofMillis(20))
                        .withRetry(new WebhookDispatcher.RetryPolicy(MAX_ATTEMPTS, Duration.ofMillis(50), Duration.ofMillis(200),
                                Duration.ofSeconds(5))));
        // The receiver listens on loopback, which only --allow-private-webhooks permits.
        app = RouterApp.start(new ServeOptions("127.0.0.1", 0, Files.createTempDirectory("nija-notify"), null, null, null,
                5, false, null, true), options);
        http = new HttpClientSupport(app.port());
        admin = app.adminToken().token();
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            tokens.put(user, http.post("/api/v1/users", admin, "{\"user_id\":\"" + user
                    + "\",\"limits\":{\"trades_per_second\":100}}").body().get("token").asText());
            secrets.put(user, user + "-webhook-secret-" + Long.toHexString(System.nanoTime()));
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static HttpClientSupport.Reply putWebhook(String token, String user, String url, String secret) {
        return http.send("PUT", "/api/v1/users/" + user + "/webhook", token,
                "{\"url\":\"" + url + "\",\"secret\":\"" + secret + "\"}");
    }

    private static String signal(String token, String size) {
        var r = http.post("/api/v1/signals", token, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"" + size
                + "\",\"signal_type\":\"entry\",\"strategy\":\"notify\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().get("order_ids").get(0).asText();
    }

    /** HMAC-SHA256 computed here independently of the service's code. */
    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void webhooksAreSignedRetriedAfterA500AndCarryOnlyTheirUsersEvents() throws Exception {
        failuresLeft.put("/alice", new AtomicInteger(1));
        assertThat(putWebhook(tokens.get("alice"), "alice", url("/alice"), secrets.get("alice")).status()).isEqualTo(200);
        assertThat(putWebhook(admin, "bob", url("/bob"), secrets.get("bob")).status()).isEqualTo(200);

        String aliceOrder = signal(tokens.get("alice"), "100");
        String bobOrder = signal(tokens.get("bob"), "120");
        await().atMost(Duration.ofSeconds(30)).until(() -> filledDelivered("/alice", aliceOrder) && filledDelivered("/bob", bobOrder));

        List<Delivery> alice = received.get("/alice");
        for (Delivery d : alice) {
            assertThat(d.header("X-Nija-Signature")).isEqualTo(hmac(secrets.get("alice"), d.body()));
            assertThat(d.json().get("event_id").asText()).isEqualTo(d.header("X-Nija-Event-Id"));
            assertThat(Long.parseLong(d.header("X-Nija-Timestamp"))).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));
            assertThat(d.json().get("user_id").asText()).isEqualTo("alice");
            assertThat(d.json().get("order").get("user_id").asText()).isEqualTo("alice");
            assertThat(d.json().get("type").asText()).isEqualTo("order.updated");
            assertThat(d.header("Content-Type")).startsWith("application/json");
        }
        // The first delivery got a 500 and came again, with the same event id, as attempt 2.
        assertThat(alice.get(0).header("X-Nija-Delivery-Attempt")).isEqualTo("1");
        assertThat(alice.get(1).header("X-Nija-Event-Id")).isEqualTo(alice.get(0).header("X-Nija-Event-Id"));
        assertThat(alice.get(1).header("X-Nija-Delivery-Attempt")).isEqualTo("2");
        assertThat(alice.get(1).body()).isEqualTo(alice.get(0).body());
        // Distinct events have distinct ids: the ids of first attempts are unique.
        List<String> firstAttempts = Stream.concat(alice.stream(), received.get("/bob").stream())
                .filter(d -> d.header("X-Nija-Delivery-Attempt").equals("1")).map(d -> d.header("X-Nija-Event-Id")).toList();
        assertThat(firstAttempts).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);
        // Bob's receiver saw only bob's events, signed with bob's secret.
        for (Delivery d : received.get("/bob")) {
            assertThat(d.json().get("user_id").asText()).isEqualTo("bob");
            assertThat(d.header("X-Nija-Signature")).isEqualTo(hmac(secrets.get("bob"), d.body()));
        }
        // The delivered order has the shape of GET /orders/{id}.
        JsonNode filled = alice.stream().map(Delivery::json).filter(j -> j.get("status").asText().equals("filled")).findFirst().orElseThrow();
        JsonNode viaApi = http.get("/api/v1/orders/" + aliceOrder, tokens.get("alice")).body();
        assertThat(fieldNames(filled.get("order"))).isEqualTo(fieldNames(viaApi));
        assertThat(filled.get("order").get("status").asText()).isEqualTo("filled");

        var view = http.get("/api/v1/users/alice/webhook", tokens.get("alice"));
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.raw()).doesNotContain(secrets.get("alice"));
        assertThat(view.body().get("url").asText()).isEqualTo(url("/alice"));
        assertThat(view.body().get("delivered").asLong()).isGreaterThanOrEqualTo(2);
    }

    private static boolean filledDelivered(String path, String orderId) {
        List<Delivery> list = received.get(path);
        return list != null && list.stream().map(Delivery::json)
                .anyMatch(j -> j.get("order_id").asText().equals(orderId) && j.get("status").asText().equals("filled"));
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> names = new HashSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aDeliveryThatNeverSucceedsIsGivenUpAfterTheLastAttemptAndRecorded() {
        failuresLeft.put("/carol", new AtomicInteger(Integer.MAX_VALUE));
        assertThat(putWebhook(tokens.get("carol"), "carol", url("/carol"), secrets.get("carol")).status()).isEqualTo(200);
        String order = signal(tokens.get("carol"), "90");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.store().recentAudit(500).stream()
                .anyMatch(a -> a.action().equals("delivery_failed") && a.entityId().equals("carol") && a.detail().contains(order)));
        // Each event was tried exactly MAX_ATTEMPTS times (no more), with the same id each time, then given up.
        await().atMost(Duration.ofSeconds(30)).until(() -> app.notifications().dispatcher().pending() == 0);
        Map<String, Long> attempts = new java.util.HashMap<>();
        for (Delivery d : received.get("/carol")) {
            attempts.merge(d.header("X-Nija-Event-Id"), 1L, Long::sum);
        }
        assertThat(attempts).isNotEmpty().allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo((long) MAX_ATTEMPTS));
        var view = http.get("/api/v1/users/carol/webhook", tokens.get("carol")).body();
        assertThat(view.get("failed").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(view.get("last_error").asText()).isEqualTo("HTTP 500");
        assertThat(http.get("/metrics", null).raw()).contains("nija_webhook_deliveries_total{outcome=\"gave_up\"}");
    }

    @Test
    void onlyTheAdminOrTheUserMayChangeAUsersWebhookAndBadSettingsAreRefused() {
        String dave = tokens.get("dave");
        assertThat(putWebhook(tokens.get("alice"), "dave", url("/x"), secrets.get("dave")).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/users/dave/webhook", tokens.get("alice")).status()).isEqualTo(403);
        assertThat(http.send("DELETE", "/api/v1/users/dave/webhook", tokens.get("alice"), null).status()).isEqualTo(403);
        assertThat(putWebhook(admin, "nobody", url("/x"), secrets.get("dave")).status()).isEqualTo(404);
        assertError(putWebhook(dave, "dave", "ftp://127.0.0.1/x", secrets.get("dave")), 400, "invalid_url");
        assertError(putWebhook(dave, "dave", "not a url", secrets.get("dave")), 400, "invalid_url");
        assertError(putWebhook(dave, "dave", "http://user:pw@127.0.0.1/x", secrets.get("dave")), 400, "invalid_url");
        assertError(putWebhook(dave, "dave", url("/dave"), "short"), 400, "invalid_secret");
        assertError(http.send("PUT", "/api/v1/users/dave/webhook", dave, "{\"url\":\"" + url("/dave") + "\"}"), 400, "invalid_secret");
        assertError(http.get("/api/v1/users/dave/webhook", dave), 404, "not_found");
        assertThat(putWebhook(dave, "dave", url("/dave"), secrets.get("dave")).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/users/dave/webhook", admin).status()).isEqualTo(200);
        assertThat(http.send("DELETE", "/api/v1/users/dave/webhook", dave, null).status()).isEqualTo(204);
        assertError(http.send("DELETE", "/api/v1/users/dave/webhook", dave, null), 404, "not_found");
        // Audit rows name the receiver's origin only, never the secret.
        assertThat(app.store().recentAudit(500)).filteredOn(a -> a.entityType().equals("webhook") && a.entityId().equals("dave"))
                .extracting(a -> a.action()).contains("replaced", "deleted");
        assertThat(app.store().recentAudit(500)).allSatisfy(a -> assertThat(String.valueOf(a.detail())).doesNotContain(secrets.get("dave")));
    }

    private static void assertError(HttpClientSupport.Reply r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.body().get("error").get("code").asText()).as(r.raw()).isEqualTo(code);
    }

    @Test
    void theEventStreamCarriesOnlyTheTokensUsersEventsAndTheAdminsCarriesAll() throws Exception {
        try (SseReader alice = SseReader.open(app.port(), tokens.get("alice"), null);
             SseReader all = SseReader.open(app.port(), admin, null)) {
            String bobOrder = signal(tokens.get("bob"), "75");
            String aliceOrder = signal(tokens.get("alice"), "80");
            await().atMost(Duration.ofSeconds(30)).until(() -> alice.hasFilled(aliceOrder) && all.hasFilled(aliceOrder) && all.hasFilled(bobOrder));
            assertThat(alice.events()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.event()).isEqualTo("order.updated");
                assertThat(e.data().get("user_id").asText()).isEqualTo("alice");
                assertThat(e.id()).isEqualTo(e.data().get("event_id").asText());
            });
            assertThat(all.events()).extracting(e -> e.data().get("user_id").asText()).contains("alice", "bob");
            assertThat(alice.events()).extracting(SseReader.Event::id).doesNotHaveDuplicates();
            JsonNode viaApi = http.get("/api/v1/orders/" + aliceOrder, tokens.get("alice")).body();
            SseReader.Event filled = alice.events().stream().filter(e -> e.data().get("status").asText().equals("filled")).findFirst().orElseThrow();
            assertThat(fieldNames(filled.data().get("order"))).isEqualTo(fieldNames(viaApi));
            await().atMost(Duration.ofSeconds(5)).until(() -> alice.comments().contains("keep-alive"));

            // A reconnect that names the last event it saw gets the events after it, and only those.
            String firstId = alice.events().get(0).id();
            try (SseReader again = SseReader.open(app.port(), tokens.get("alice"), firstId)) {
                List<String> expected = alice.events().stream().skip(1).map(SseReader.Event::id).toList();
                await().atMost(Duration.ofSeconds(5)).until(() -> again.events().size() >= expected.size());
                assertThat(again.events()).extracting(SseReader.Event::id).startsWith(expected.toArray(String[]::new));
            }
        }
        assertThat(http.get("/api/v1/events", null).status()).isEqualTo(401);
    }

    @Test
    void theCorrelationIdOfARequestComesBackAndFollowsItsSignalIntoEventsAndLogs() throws Exception {
        Logger events = (Logger) LoggerFactory.getLogger(Notifications.EVENT_LOGGER);
        ch.qos.logback.classic.Level level = events.getLevel();
        events.setLevel(ch.qos.logback.classic.Level.INFO);   // a CLI test in this JVM may have turned it down
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        events.addAppender(logs);
        try (SseReader alice = SseReader.open(app.port(), tokens.get("alice"), null)) {
            String correlationId = "test-corr-" + System.nanoTime();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.port() + "/api/v1/signals"))
                    .header("Authorization", "Bearer " + tokens.get("alice"))
                    .header(Correlation.HEADER, correlationId)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"pair\":\"ETH-USD\",\"side\":\"buy\",\"size_usd\":\"60\","
                            + "\"signal_type\":\"entry\",\"strategy\":\"notify\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.headers().firstValue(Correlation.HEADER)).hasValue(correlationId);
            JsonNode ack = HttpClientSupport.JSON.readTree(r.body());
            String signalId = ack.get("signal_id").asText();
            String orderId = ack.get("order_ids").get(0).asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> alice.hasFilled(orderId));

            List<ILoggingEvent> forSignal = logs.list.stream()
                    .filter(e -> signalId.equals(e.getMDCPropertyMap().get("signal_id"))).toList();
            assertThat(forSignal).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> {
                assertThat(e.getMDCPropertyMap()).containsEntry("correlation_id", correlationId)
                        .containsEntry("order_id", orderId).containsEntry("user_id", "alice");
            });
            assertThat(forSignal).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(orderId, "filled"));
            assertThat(alice.events()).filteredOn(e -> e.data().get("order_id").asText().equals(orderId))
                    .allSatisfy(e -> assertThat(e.data().get("correlation_id").asText()).isEqualTo(correlationId));
        } finally {
            events.detachAppender(logs);
            events.setLevel(level);
        }
        // Without the header a new id is made; a header that is not a plain token is replaced by a new one.
        assertThat(http.get("/health", null).status()).isEqualTo(200);
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.headers().firstValue(Correlation.HEADER)).hasValueSatisfying(v -> assertThat(v).startsWith("cor_"));
        HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + "/health")).header(Correlation.HEADER, "a b\u00e9").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.headers().firstValue(Correlation.HEADER)).hasValueSatisfying(v -> assertThat(v).startsWith("cor_"));
    }

    @Test
    void aTradingViewAlertsCorrelationIdFollowsItsSubscribersOrders() throws Exception {
        assertThat(http.post("/api/v1/strategies", admin, "{\"strategy\":\"corr-strat\",\"secret\":\"corr-strategy-secret-1\"}")
                .status()).isEqualTo(201);
        assertThat(http.send("PUT", "/api/v1/users/bob/subscriptions/corr-strat", admin, "{\"fixed_usd\":\"30\"}").status())
                .isEqualTo(204);
        try (SseReader all = SseReader.open(app.port(), admin, null)) {
            String correlationId = "tv-corr-" + System.nanoTime();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.port() + "/webhooks/tradingview/corr-strat"))
                    .header(Correlation.HEADER, correlationId)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"secret\":\"corr-strategy-secret-1\",\"ticker\":\"BTCUSD\","
                            + "\"action\":\"buy\",\"alert_id\":\"" + correlationId + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(r.headers().firstValue(Correlation.HEADER)).hasValue(correlationId);
            String signalId = HttpClientSupport.JSON.readTree(r.body()).get("signal_ids").get(0).asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> all.events().stream().anyMatch(e ->
                    e.data().get("signal_id").asText().equals(signalId) && e.data().get("status").asText().equals("filled")));
            assertThat(all.events()).filteredOn(e -> e.data().get("signal_id").asText().equals(signalId)).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.data().get("correlation_id").asText()).isEqualTo(correlationId));
        }
    }

    /** A Server-Sent Events client over java.net.http, reading on a virtual thread. */
    static final class SseReader implements AutoCloseable {
        record Event(String id, String event, JsonNode data) {
        }

        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final List<String> comments = new CopyOnWriteArrayList<>();
        private final HttpClient client = HttpClient.newHttpClient();
        private final Thread reader;
        private volatile InputStream body;

        private SseReader(int port, String token, String lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            body = r.body();
            reader = Thread.ofVirtual().start(this::read);
            await().atMost(Duration.ofSeconds(5)).until(() -> comments.stream().anyMatch(c -> c.startsWith("connected")));
        }

        static SseReader open(int port, String token, String lastEventId) throws Exception {
            return new SseReader(port, token, lastEventId);
        }

        private void read() {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String event = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty() && "order.updated".equals(event)) {
                            events.add(new Event(id, event, HttpClientSupport.JSON.readTree(data.toString())));
                        }
                        id = null;
                        event = null;
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        comments.add(line.substring(1).trim());
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        List<Event> events() {
            return new ArrayList<>(events);
        }

        List<String> comments() {
            return comments;
        }

        boolean hasFilled(String orderId) {
            for (Iterator<Event> it = events.iterator(); it.hasNext(); ) {
                Event e = it.next();
                if (e.data().get("order_id").asText().equals(orderId) && e.data().get("status").asText().equals("filled")) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            body.close();
            reader.interrupt();
            client.close();
        }
    }
}
