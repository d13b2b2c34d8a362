package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.Order;
import io.nija.server.app.RouterApp;
import io.nija.server.http.RateLimit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Secrets never reach logs, error bodies, metrics or the audit log. This class runs after every other test class
 * of the module ({@code @Order(MAX_VALUE)} with the class orderer set in junit-platform.properties), plants fresh
 * secrets of every kind through the API, drives them through trading and through every error path it can think
 * of (bad JSON around a secret, wrong and near-miss secrets and tokens, too-long secrets, unknown venues, the rate
 * limit, a store failure that makes the server log stack traces), and then scans:
 * <ul>
 *   <li>everything the module's test JVM printed or logged, captured by {@link LogCapture} from the start of the
 *       run (System.out, System.err and every logging event, DEBUG included for io.nija), and</li>
 *   <li>every file surefire has written so far under target/surefire-reports (redirected output and reports),</li>
 * </ul>
 * for each secret this class planted and each one other test classes registered with {@link PlantedSecrets}
 * (their users' tokens, webhook and exchange secrets): zero hits.
 */
@org.junit.jupiter.api.Order(Integer.MAX_VALUE)
class SecretsInLogsTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static String fresh(String kind) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return PlantedSecrets.plant("PLANTED" + kind + HexFormat.of().formatHex(b));
    }

    @Test
    void plantedSecretsAppearInNoLogLineErrorBodyMetricOrAuditRow() throws Exception {
        LogCapture.install();
        Map<String, String> planted = new LinkedHashMap<>();
        List<String> bodies = new ArrayList<>();
        RouterApp app = TestRouters.start("secrets", 61, new RateLimit(50, 100), true);
        try {
            HttpClientSupport http = new HttpClientSupport(app.port());
            String admin = PlantedSecrets.plant(app.adminToken().token());
            String token = http.post("/api/v1/users", admin, "{\"user_id\":\"sierra\",\"limits\":{\"trades_per_second\":100}}")
                    .body().get("token").asText();
            planted.put("user token", PlantedSecrets.plant(token));
            planted.put("api key", fresh("KEY"));
            planted.put("api secret", fresh("SECRET"));
            planted.put("okx api secret", fresh("OKXSECRET"));
            planted.put("passphrase", fresh("PASSPHRASE"));
            planted.put("webhook secret", fresh("WEBHOOK"));
            planted.put("user webhook signing secret", fresh("SIGNING"));
            String secret = planted.get("api secret");
            String webhook = planted.get("webhook secret");

            // Trade with the planted credentials (the in-process simulator signs and checks them).
            bodies.add(http.send("PUT", "/api/v1/users/sierra/credentials/binance", token, "{\"api_key\":\"" + planted.get("api key")
                    + "\",\"api_secret\":\"" + secret + "\"}").raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/credentials/okx", token, "{\"api_key\":\"okx-key-sierra\",\"api_secret\":\""
                    + planted.get("okx api secret") + "\",\"passphrase\":\"" + planted.get("passphrase") + "\"}").raw());
            List<String> orderIds = new ArrayList<>();
            for (String venue : new String[] {"binance", "okx"}) {
                bodies.add(http.send("PUT", "/api/v1/users/sierra/limits", admin, "{\"allowed_venues\":[\"" + venue + "\"]}").raw());
                var ack = http.post("/api/v1/signals", token, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"40\",\"signal_type\":\"entry\"}");
                bodies.add(ack.raw());
                orderIds.add(ack.body().get("order_ids").get(0).asText());
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> orderIds.stream()
                    .allMatch(id -> app.store().findOrder(id).map(o -> o.status().isTerminal()).orElse(false)));
            for (String id : orderIds) {
                Order o = app.store().findOrder(id).orElseThrow();
                bodies.add(http.get("/api/v1/orders/" + id, token).raw());
                assertThat(o.legs()).isNotEmpty();
            }

            // Error paths around each secret.
            bodies.add(http.send("PUT", "/api/v1/users/sierra/credentials/nowhere", token, "{\"api_key\":\"k\",\"api_secret\":\"" + secret + "\"}").raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/credentials/binance", token, "{\"api_key\":\"k\",\"api_secret\":\"" + secret + "x".repeat(5000) + "\"}").raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/credentials/binance", token, "{\"api_key\":\"k\",\"api_secret\":" + secret + "}").raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/credentials/binance", token, "{\"api_key\":\"k\",\"api_secret\":\"" + secret + "\",\"api_secret\":\"" + secret + "\"}").raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/credentials/okx", token, "{\"api_key\":\"k\",\"api_secret\":\"s\",\"passphrase\":" + planted.get("passphrase") + "}").raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/credentials/okx", token, "{\"api_key\":\"k\",\"api_secret\":\"s\",\"passphrase\":[\"" + planted.get("passphrase") + "\"]}").raw());
            bodies.add(http.send("PUT", "/api/v1/users/bob/credentials/binance", token, "{\"api_key\":\"k\",\"api_secret\":\"" + secret + "\"}").raw());
            bodies.add(http.get("/api/v1/orders", token + "x").raw());
            bodies.add(http.get("/api/v1/orders", token.substring(0, token.length() - 1)).raw());
            bodies.add(http.get("/api/v1/orders", secret).raw());
            bodies.add(http.post("/api/v1/users", token, "{\"user_id\":\"" + token + "\"}").raw());
            bodies.add(http.post("/api/v1/signals", token, "{\"pair\":\"" + token + "\",\"side\":\"buy\",\"size_usd\":\"1\",\"signal_type\":\"entry\"}").raw());
            bodies.add(http.post("/api/v1/signals", token, "{\"idempotency_key\":\"" + secret + " \",\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"1\",\"signal_type\":\"entry\"}").raw());

            bodies.add(http.post("/api/v1/strategies", admin, "{\"strategy\":\"leaky\",\"secret\":\"" + webhook + "\"}").raw());
            bodies.add(http.post("/api/v1/strategies", admin, "{\"strategy\":\"leaky\",\"secret\":\"" + webhook + "\"}").raw());
            bodies.add(http.post("/api/v1/strategies", admin, "{\"strategy\":\"le aky\",\"secret\":\"" + webhook + "\"}").raw());
            bodies.add(http.post("/api/v1/strategies", admin, "{\"strategy\":\"leaky2\",\"secret\":\"" + webhook + "x".repeat(300) + "\"}").raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/subscriptions/leaky", token, "{\"fixed_usd\":\"20\"}").raw());
            String alert = ",\"ticker\":\"BTCUSD\",\"action\":\"buy\",\"alert_id\":\"leak-1\"}";
            bodies.add(http.post("/webhooks/tradingview/leaky", null, "{\"secret\":\"" + webhook + "x\"" + alert).raw());
            bodies.add(http.post("/webhooks/tradingview/leaky", null, "{\"secret\":" + webhook + alert).raw());
            bodies.add(http.post("/webhooks/tradingview/leaky", null, "{\"secret\":\"" + webhook + "\",\"ticker\":\"" + webhook + "\",\"action\":\"buy\"}").raw());
            bodies.add(http.post("/webhooks/tradingview/leaky", null, "{\"secret\":\"" + webhook + "\",\"ticker\":\"BTCUSD\",\"action\":\"" + webhook + "\"}").raw());
            bodies.add(http.post("/webhooks/tradingview/leaky", null, "{\"secret\":\"" + webhook + "\",\"ticker\":\"BTCUSD\",\"action\":\"buy\",\"alert_id\":\"" + webhook + " x\"}").raw());
            bodies.add(http.post("/webhooks/tradingview/nope", null, "{\"secret\":\"" + webhook + "\"" + alert).raw());
            bodies.add(http.post("/webhooks/tradingview/leaky", webhook, "{\"secret\":\"" + webhook + "\"" + alert).raw());
            bodies.add(http.post("/api/v1/strategies/leaky/signals", token, "{\"secret\":\"" + webhook + "\"" + alert).raw());
            // The user's own order-event webhook: its signing secret is sealed and never shown.
            String signing = planted.get("user webhook signing secret");
            bodies.add(http.send("PUT", "/api/v1/users/sierra/webhook", token, "{\"url\":\"http://127.0.0.1:9/sierra\",\"secret\":\"" + signing + "\"}").raw());
            bodies.add(http.get("/api/v1/users/sierra/webhook", token).raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/webhook", token, "{\"url\":\"javascript:" + signing + "\",\"secret\":\"" + signing + "\"}").raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/webhook", token, "{\"url\":\"http://127.0.0.1:9/x\",\"secret\":" + signing + "}").raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/webhook", token, "{\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"" + signing + "x".repeat(300) + "\"}").raw());
            bodies.add(http.post("/api/v1/signals", token, "{\"pair\":\"ETH-USD\",\"side\":\"buy\",\"size_usd\":\"30\",\"signal_type\":\"entry\"}").raw());
            // The per-token rate limit: the 429 must not name the token.
            for (int i = 0; i < 120; i++) {
                var r = http.get("/api/v1/cluster", token);
                if (r.status() == 429) {
                    bodies.add(r.raw());
                    break;
                }
            }
            bodies.add(http.get("/metrics", null).raw());
            app.store().recentAudit(100_000).forEach(e -> bodies.add(String.valueOf(e)));

            // Stored: the webhook secret only as a hash, credentials only sealed.
            assertThat(app.store().findStrategy("leaky").orElseThrow().secretHash()).doesNotContain(webhook);
            String sealed = new String(app.store().findCredential("sierra", "binance").orElseThrow(), StandardCharsets.ISO_8859_1);
            assertThat(sealed).doesNotContain(secret).doesNotContain(planted.get("api key"));

            // A store failure: every request now fails inside the server, which logs the exceptions.
            app.store().close();
            bodies.add(http.get("/api/v1/orders", token).raw());
            bodies.add(http.send("PUT", "/api/v1/users/sierra/credentials/binance", token, "{\"api_key\":\"k\",\"api_secret\":\"" + secret + "\"}").raw());
            bodies.add(http.post("/webhooks/tradingview/leaky", null, "{\"secret\":\"" + webhook + "\"" + alert).raw());
            bodies.add(http.post("/api/v1/signals", admin, "{\"user_id\":\"sierra\",\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"40\",\"signal_type\":\"entry\"}").raw());
        } finally {
            app.close();
        }

        for (String body : bodies) {
            for (Map.Entry<String, String> s : planted.entrySet()) {
                assertThat(body).as("a response or audit row holds the " + s.getKey()).doesNotContain(s.getValue());
            }
        }

        // The capture works: a canary logged now is found by the same scan.
        String canary = "canary-" + HexFormat.of().formatHex(RANDOM.generateSeed(8));
        LoggerFactory.getLogger(SecretsInLogsTest.class).debug("canary {}", canary);
        String output = allOutput();
        assertThat(output).contains(canary).contains("store open");

        List<String> leaks = new ArrayList<>();
        for (String s : PlantedSecrets.all()) {
            int at = output.indexOf(s);
            if (at >= 0) {
                leaks.add(s.substring(0, Math.min(12, s.length())) + "... in: "
                        + output.substring(Math.max(0, at - 200), Math.min(output.length(), at + 80)).replace(s, "<SECRET>"));
            }
        }
        System.out.printf("secrets scan: %d planted secrets, %d characters of test output scanned, %d hits%n",
                PlantedSecrets.all().size(), output.length(), leaks.size());
        assertThat(leaks).as("planted secrets found in the test output").isEmpty();
    }

    /** Everything captured in this JVM, plus whatever surefire has written to its reports directory so far. */
    private static String allOutput() throws IOException {
        StringBuilder all = new StringBuilder(LogCapture.captured());
        Path reports = Path.of("target", "surefire-reports");
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.list(reports)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    all.append('\n').append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                }
            }
        }
        return all.toString();
    }
}
