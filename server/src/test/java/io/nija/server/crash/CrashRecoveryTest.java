package io.nija.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test. The simulator and the router run as separate processes; the venues hide new orders from their
 * reads for 1 s, as exchanges do; while users stream signals
 * the router is killed with SIGKILL at random moments (seeded) and restarted, {@code nija.crash.kills} times
 * (20 by default, 100 in the long setting). Afterwards: every signal that got a 2xx is final, no client order
 * id was accepted twice by a venue, and every position equals the venue's fills for that user. A report is
 * written to target/crash-report.md.
 */
class CrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VENUES = List.of("binance", "okx");
    private static final int USERS = 12;
    private static final String PG_URL = System.getenv().getOrDefault("NIJA_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String admin = "nja_crash_admin_" + UUID.randomUUID().toString().replace("-", "");
    private int routerPort;
    private Path routerLog;
    private List<String> routerArgs;

    @Test
    void killNineTheRouterRepeatedlyAndNothingAcknowledgedIsLostOrPlacedTwice() throws Exception {
        int kills = Integer.getInteger("nija.crash.kills", 20);
        Random random = new Random(Long.getLong("nija.crash.seed", 20261125L));
        routerLog = Path.of("target", "crash-router.log");
        Files.deleteIfExists(routerLog);
        try (ChildProcess sim = ChildProcess.start(List.of("sim", "--port-base", "0", "--state-dir", dir.resolve("sim").toString()),
                Map.of(), Path.of("target", "crash-sim.log"), line -> line.startsWith("venue=bybit")).awaitReady(60)) {
            Map<String, String> urls = new LinkedHashMap<>();
            for (String line : sim.lines()) {
                String[] kv = line.split(" ");
                String venue = kv[0].substring("venue=".length());
                if (VENUES.contains(venue)) {
                    urls.put(venue, kv[1].substring("url=".length()));
                }
            }
            Path venuesFile = dir.resolve("venues.json");
            Files.writeString(venuesFile, JSON.writeValueAsString(urls));
            routerPort = freePort();
            String schema = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            routerArgs = List.of("serve", "--host", "127.0.0.1", "--port", String.valueOf(routerPort), "--data-dir",
                    dir.resolve("router").toString(), "--db-url", PG_URL, "--db-schema", schema,
                    "--venues-from", venuesFile.toString(), "--visibility-window", "2s");
            ChildProcess router = startRouter();
            Map<String, String> tokens = createUsers(urls);
            // As exchanges' reads do: an order is invisible for 1 s after it was placed (the router waits 2 s before
            // it trusts "no such order"), through every kill and restart.
            for (String url : urls.values()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/__sim/faults"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"visibility_lag_ms\":1000}"))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }

            ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
            AtomicInteger signals = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> drivers = new ArrayList<>();
            for (int d = 0; d < 6; d++) {
                drivers.add(Thread.ofVirtual().start(() -> drive(tokens, signals, acked, stop)));
            }
            for (int k = 1; k <= kills; k++) {
                Thread.sleep(300 + random.nextInt(1200));
                router.kill();
                router = startRouter();
            }
            Thread.sleep(1000);
            stop.set(true);
            for (Thread t : drivers) {
                t.join(Duration.ofSeconds(120));
            }

            Map<String, JsonNode> finals = awaitFinal(new ArrayList<>(acked));
            long lost = finals.values().stream().filter(o -> o == null || !isFinal(o.get("status").asText())).count();
            Map<String, Long> duplicates = duplicates(urls);
            Map<String, String> positionMismatches = positionMismatches(urls);
            String report = "# Crash test\n\n| kills | signals acknowledged | orders | filled | not final (lost) | duplicate client ids | position mismatches |\n"
                    + "|---|---|---|---|---|---|---|\n| " + kills + " | " + acked.size() + " | " + finals.size() + " | "
                    + finals.values().stream().filter(o -> o != null && o.get("status").asText().equals("filled")).count()
                    + " | " + lost + " | " + duplicates.size() + " | " + positionMismatches.size() + " |\n\n"
                    + "Duplicates: " + duplicates + "\n\nPosition mismatches: " + positionMismatches + "\n";
            Files.writeString(Path.of("target", "crash-report.md"), report);
            router.close();

            assertThat(acked).as("signals acknowledged").hasSizeGreaterThan(kills * 5);
            assertThat(lost).as("acknowledged orders not final").isZero();
            assertThat(duplicates).as("client order ids accepted twice by a venue").isEmpty();
            assertThat(positionMismatches).as("positions that differ from the venue's fills").isEmpty();
        }
    }

    private ChildProcess startRouter() throws Exception {
        return ChildProcess.start(routerArgs, Map.of("NIJA_ADMIN_TOKEN", admin), routerLog,
                line -> line.contains("listening on")).awaitReady(90);
    }

    private Map<String, String> createUsers(Map<String, String> urls) throws Exception {
        Map<String, String> tokens = new HashMap<>();
        for (int u = 0; u < USERS; u++) {
            String user = "crash-user-" + u;
            JsonNode created = send("POST", router("/api/v1/users"), admin,
                    "{\"user_id\":\"" + user + "\",\"limits\":{\"trades_per_second\":1000,\"max_position_usd\":\"100000000\"}}").body;
            tokens.put(user, created.get("token").asText());
            for (String venue : VENUES) {
                String key = "key-" + user + "-" + venue;
                String secret = UUID.randomUUID().toString().replace("-", "");
                send("POST", urls.get(venue) + "/__sim/accounts", null, "{\"api_key\":\"" + key + "\",\"api_secret\":\"" + secret
                        + "\",\"passphrase\":\"Pass-1\",\"balances\":{\"USDT\":\"10000000\",\"USD\":\"10000000\",\"BTC\":\"100\",\"ETH\":\"1000\"}}");
                Reply r = send("PUT", router("/api/v1/users/" + user + "/credentials/" + venue), admin,
                        "{\"api_key\":\"" + key + "\",\"api_secret\":\"" + secret + "\",\"passphrase\":\"Pass-1\"}");
                assertThat(r.status).isEqualTo(204);
            }
        }
        return tokens;
    }

    /** Streams signals; a signal counts as acknowledged only once the router answered 2xx (retried with its key). */
    private void drive(Map<String, String> tokens, AtomicInteger counter, ConcurrentLinkedQueue<String> acked, AtomicBoolean stop) {
        while (!stop.get()) {
            int n = counter.incrementAndGet();
            String user = "crash-user-" + (n % USERS);
            String side = n % 3 == 0 ? "sell" : "buy";
            String body = "{\"pair\":\"" + (n % 2 == 0 ? "BTC-USD" : "ETH-USD") + "\",\"side\":\"" + side + "\",\"size_usd\":\""
                    + (40 + n % 9 * 10) + "\",\"signal_type\":\"" + (side.equals("sell") ? "exit" : "entry")
                    + "\",\"strategy\":\"crash\",\"idempotency_key\":\"crash-" + n + "\"}";
            for (int attempt = 0; attempt < 600; attempt++) {
                try {
                    Reply r = send("POST", router("/api/v1/signals"), tokens.get(user), body);
                    if (r.status == 202) {
                        r.body.get("order_ids").forEach(id -> acked.add(id.asText()));
                        break;
                    }
                    if (r.status == 422 && r.body.path("error").path("code").asText().equals("no_position")) {
                        break; // an exit only reduces a position; with none open it is refused and nothing happens
                    }
                    if (r.status < 500) {
                        throw new AssertionError("signal refused: " + r.status + " " + r.body);
                    }
                } catch (IOException e) {
                    // the router is down: retry the same signal (same idempotency key) until it is back
                }
                sleepQuietly(50);
            }
        }
    }

    private Map<String, JsonNode> awaitFinal(List<String> orderIds) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        for (String id : orderIds) {
            JsonNode o = null;
            while (System.nanoTime() < deadline) {
                try {
                    Reply r = send("GET", router("/api/v1/orders/" + id), admin, null);
                    o = r.status == 200 ? r.body : null;
                    if (o != null && isFinal(o.get("status").asText())) {
                        break;
                    }
                } catch (IOException e) {
                    // keep asking
                }
                sleepQuietly(100);
            }
            out.put(id, o);
        }
        return out;
    }

    private Map<String, Long> duplicates(Map<String, String> urls) throws Exception {
        Map<String, Long> dup = new HashMap<>();
        for (String venue : VENUES) {
            Map<String, Long> count = new HashMap<>();
            for (JsonNode o : send("GET", urls.get(venue) + "/__sim/orders", null, null).body) {
                count.merge(venue + "/" + o.get("api_key").asText() + "/" + o.get("client_order_id").asText(), 1L, Long::sum);
            }
            count.forEach((k, n) -> {
                if (n > 1) {
                    dup.put(k, n);
                }
            });
        }
        return dup;
    }

    /** Router positions against the signed sum of each user's fills at each venue, per base asset. */
    private Map<String, String> positionMismatches(Map<String, String> urls) throws Exception {
        Map<String, BigDecimal> venueQty = new HashMap<>();
        for (String venue : VENUES) {
            for (JsonNode o : send("GET", urls.get(venue) + "/__sim/orders", null, null).body) {
                String user = o.get("api_key").asText().replace("key-", "").replace("-" + venue, "");
                String base = o.get("symbol").asText().startsWith("BTC") ? "BTC" : "ETH";
                BigDecimal filled = new BigDecimal(o.get("filled_qty").asText());
                venueQty.merge(user + "/" + venue + "/" + base + "-USD",
                        o.get("side").asText().equals("buy") ? filled : filled.negate(), BigDecimal::add);
            }
        }
        Map<String, BigDecimal> routerQty = new HashMap<>();
        for (JsonNode p : send("GET", router("/api/v1/positions"), admin, null).body) {
            routerQty.put(p.get("user_id").asText() + "/" + p.get("venue").asText() + "/" + p.get("pair").asText(),
                    new BigDecimal(p.get("qty").asText()));
        }
        Map<String, String> mismatches = new HashMap<>();
        venueQty.forEach((k, q) -> {
            BigDecimal r = routerQty.getOrDefault(k, BigDecimal.ZERO);
            if (r.compareTo(q) != 0) {
                mismatches.put(k, "router " + r.toPlainString() + " venue " + q.toPlainString());
            }
        });
        return mismatches;
    }

    private static boolean isFinal(String status) {
        return List.of("filled", "rejected", "failed", "cancelled").contains(status);
    }

    private String router(String path) {
        return "http://127.0.0.1:" + routerPort + path;
    }

    private record Reply(int status, JsonNode body) { }

    private Reply send(String method, String url, String token, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body().isBlank() ? null : JSON.readTree(r.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
