package io.nija.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.order.OrderStatus;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The service started in-process once for all deploy tests (embedded PostgreSQL, simulated exchanges), with one
 * signal routed and filled so that every counter and histogram has been written at least once.
 * Tests get it as a parameter: {@code @ExtendWith(RunningService.Extension.class)}.
 */
final class RunningService implements AutoCloseable {
    record Reply(int status, String contentType, String body) { }

    private final Path dataDir;
    private final RouterApp app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningService() throws IOException {
        dataDir = Files.createTempDirectory("nija-deploy-test");
        app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dataDir, null, null, null, 1, false));
    }

    static RunningService startWithOneFilledOrder() throws Exception {
        RunningService s = new RunningService();
        try {
            s.routeOneSignal();
            return s;
        } catch (Exception | AssertionError e) {
            s.close();
            throw e;
        }
    }

    private void routeOneSignal() throws InterruptedException {
        Reply user = send("POST", "/api/v1/users", app.adminToken().token(), "{\"user_id\":\"deploy-check\"}");
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        String token = json(user.body()).get("token").asText();
        Reply ack = send("POST", "/api/v1/signals", token, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"100\","
                + "\"signal_type\":\"entry\",\"strategy\":\"deploy-check\",\"idempotency_key\":\"deploy-check-1\"}");
        assertThat(ack.status()).as(ack.body()).isEqualTo(202);
        String orderId = json(ack.body()).get("order_ids").get(0).asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Reply order;
        String status;
        do {
            order = send("GET", "/api/v1/orders/" + orderId, token, null);
            assertThat(order.status()).as(order.body()).isEqualTo(200);
            status = json(order.body()).get("status").asText();
            if (OrderStatus.parse(status).isTerminal()) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(status).as("status of the one paper order %s; venues: %s", order.body(),
                send("GET", "/api/v1/venues", token, null).body()).isEqualTo(OrderStatus.FILLED.wire());
    }

    Reply get(String path) {
        return send("GET", path, null, null);
    }

    /** Names of the metric samples GET /metrics exports (e.g. {@code nija_routing_latency_seconds_bucket}). */
    Set<String> exportedMetricNames() {
        Reply r = get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : r.body().split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
                end++;
            }
            names.add(l.substring(0, end));
        }
        return names;
    }

    private Reply send(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return DeployFiles.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            app.close();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Starts the service once per test run (JUnit's root store) and closes it when the run ends. */
    static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == RunningService.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return c.getRoot().getStore(ExtensionContext.Namespace.create(RunningService.class))
                    .getOrComputeIfAbsent(RunningService.class, k -> {
                        try {
                            return startWithOneFilledOrder();
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot start the service", e);
                        }
                    }, RunningService.class);
        }
    }
}
