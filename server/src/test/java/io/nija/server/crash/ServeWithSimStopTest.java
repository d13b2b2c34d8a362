package io.nija.server.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `nija-router serve --with-sim` as its own process, as an operator runs it: one command starts the simulator over
 * HTTP and the router on it, a signal fills through the HTTP adapters, and SIGTERM stops everything in order (intake,
 * lanes, webhook dispatcher, executors, store last) with nothing at ERROR and no stack trace in the log. Before the
 * ordered stop, the embedded PostgreSQL's own JVM hook stopped the database while the dispatcher still released its
 * claims, and every stop logged a PSQLException.
 */
class ServeWithSimStopTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern LISTENING = Pattern.compile("listening on \\S+?:(\\d+)(\\s|$)");

    @Test
    void oneCommandTradesOverHttpAndStopsCleanlyOnSigterm() throws Exception {
        Path dir = Files.createTempDirectory("nija-with-sim");
        Path log = Path.of("target", "serve-with-sim-" + ProcessHandle.current().pid() + ".log");
        Files.deleteIfExists(log);
        String admin = "nja_admin-with-sim-test-token-0123456789";
        ChildProcess serve = ChildProcess.start(List.of("serve", "--with-sim", "--port", "0", "--host", "127.0.0.1",
                        "--data-dir", dir.toString(), "--static-books"), Map.of("NIJA_ADMIN_TOKEN", admin), log,
                line -> LISTENING.matcher(line).find());
        try {
            serve.awaitReady(120);
            int port = serve.lines().stream().map(LISTENING::matcher).filter(Matcher::find)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).findFirst().orElseThrow();
            assertThat(serve.lines()).as("the simulator's URLs are printed")
                    .anyMatch(l -> l.startsWith("simulator venue=binance url=http://127.0.0.1:"));
            String base = "http://127.0.0.1:" + port;

            JsonNode created = send("POST", base + "/api/v1/users", admin, "{\"user_id\":\"sim-alice\"}");
            String token = created.get("token").asText();
            JsonNode ack = send("POST", base + "/api/v1/signals", token, "{\"pair\":\"BTC-USD\",\"side\":\"buy\","
                    + "\"size_usd\":\"100\",\"signal_type\":\"entry\",\"strategy\":\"manual\"}");
            String orderId = ack.get("order_ids").get(0).asText();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(send("GET", base + "/api/v1/orders/" + orderId, token, null).get("status").asText())
                            .isEqualTo("filled"));
        } finally {
            serve.terminate(90);
        }

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).as("log lines at ERROR").noneMatch(l -> l.contains(" ERROR "));
        assertThat(lines).as("stack traces").noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
        assertThat(indexes(lines, "stopping: intake closed", "stopping: lanes drained",
                "webhook dispatcher stopped and released its outbox claims", "venue executors closed", "store closed",
                "stopped in")).as("the stop's steps, in order").isSorted().doesNotContain(-1);
    }

    private static List<Integer> indexes(List<String> lines, String... steps) {
        List<Integer> at = new ArrayList<>();
        for (String step : steps) {
            int found = -1;
            for (int i = 0; i < lines.size() && found < 0; i++) {
                if (lines.get(i).contains(step)) {
                    found = i;
                }
            }
            at.add(found);
        }
        return at;
    }

    private static JsonNode send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }
}
