package io.nija.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.cluster.Shards;
import io.nija.server.cli.NijaRouterCli;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster as real processes (what {@code bench/cluster-proof.py} does, as a test): the simulator and three
 * {@code serve --cluster} JVMs on the local PostgreSQL (a fresh schema, dropped after). Signals go through every
 * instance; one instance is killed with SIGKILL right after it acknowledged orders of users it drives; then:
 * its shards are held by the two others, every acknowledged order (and every stored one) ends final, no client
 * order id reached a venue twice (the simulator's own order list), and every user's positions equal the fills the
 * venues report for the user's keys.
 *
 * <p>Nothing here is timed: every wait is a generous bound on a condition (a loaded 2-core machine starts four
 * JVMs slowly); the takeover time is measured by the bench script, not asserted here.
 */
class ClusterProcessesTest {
    private static final String URL = System.getProperty("nija.test.pg.url",
            System.getenv().getOrDefault("NIJA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    private static final List<String> VENUES = List.of("binance", "bybit");
    private static final Set<String> OPEN = Set.of("pending", "routing", "queued", "executing", "partial_fill", "unknown");
    private static final Duration START = Duration.ofSeconds(100);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String schema = "procs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String admin = "procs-admin-" + UUID.randomUUID();
    private final String masterKey = Base64.getEncoder().encodeToString(random(32));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    /** Under target/, kept after the run: the four processes' logs are what explains a failure. */
    private final Path work = Path.of("target", "cluster-processes", schema).toAbsolutePath();

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(reachable(), "no PostgreSQL at " + URL);
        Files.createDirectories(work);
    }

    @AfterEach
    void tearDown() throws SQLException, InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (reachable()) {
            try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void killNineOfOneInstanceLosesNoOrderAndPlacesNoneTwice() throws Exception {
        Map<String, String> venues = startSimulator();
        List<Instance> instances = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            instances.add(new Instance(name, venues));
        }
        for (Instance i : instances) {
            i.awaitReady();
        }
        Instance a = instances.get(0);
        Instance b = instances.get(1);
        Instance c = instances.get(2);
        // The shards are shared out among the three: all 64 held, none above its share (so, until c dies, no
        // shard moves and the users picked below stay with their instance).
        int share = (Shards.COUNT + 2) / 3;
        await("shards shared out").atMost(START).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, Set<Integer>> held = a.shards();
            return instances.stream().allMatch(i -> held.getOrDefault(i.id, Set.of()).size() <= share)
                    && instances.stream().mapToInt(i -> held.getOrDefault(i.id, Set.of()).size()).sum() == Shards.COUNT;
        });
        Map<String, Set<Integer>> before = a.shards();
        // Two users driven by each instance, so c dies with orders of its own in flight.
        List<String> users = new ArrayList<>();
        for (Instance i : instances) {
            Set<Integer> own = before.get(i.id);
            for (int n = 0, found = 0; found < 2; n++) {
                String u = "pu-" + i.name + "-" + n;
                if (own.contains(Shards.of(u))) {
                    users.add(u);
                    found++;
                }
            }
        }
        Map<String, String> tokens = new HashMap<>();
        for (String u : users) {
            tokens.put(u, createUser(a, u, venues));
        }

        Map<String, String> acked = new LinkedHashMap<>(); // order id -> user
        int n = 0;
        for (int round = 0; round < 4; round++) {
            for (String u : users) {
                signal(instances.get(n % 3), u, tokens.get(u), "w1-" + n++, acked);
            }
        }
        // The last orders c acknowledges are its own users': in flight when it dies.
        List<String> cUsers = users.subList(4, 6);
        for (String u : cUsers) {
            signal(c, u, tokens.get(u), "c-last-" + u, acked);
        }
        c.process.destroyForcibly(); // SIGKILL: no hand-over, the leases must run out
        c.process.waitFor(30, TimeUnit.SECONDS);

        for (int round = 0; round < 3; round++) {
            for (String u : users) {
                signal(n % 2 == 0 ? a : b, u, tokens.get(u), "w2-" + n++, acked);
            }
        }

        await("c's shards held by a and b").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Map<String, Set<Integer>> held = a.shards();
                    return held.getOrDefault(c.id, Set.of()).isEmpty()
                            && held.getOrDefault(a.id, Set.of()).size() + held.getOrDefault(b.id, Set.of()).size()
                            == Shards.COUNT;
                });
        assertThat(a.takeovers() + b.takeovers()).as("shards taken over from c").isGreaterThan(0);

        await("every acknowledged order final").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> openOrders(a, acked.keySet()).isEmpty());
        // Also the orders whose 202 was lost (none expected, but stored means the router owes them an end).
        await("every stored order final").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> storedOpen(a, users).isEmpty());

        Map<String, BigDecimal> venueFills = new HashMap<>();
        for (String v : VENUES) {
            JsonNode orders = get(venues.get(v) + "/__sim/orders", null);
            Set<String> seen = new HashSet<>();
            for (JsonNode o : orders) {
                assertThat(seen.add(o.path("client_order_id").asText()))
                        .as("client order id %s placed twice at %s", o.path("client_order_id").asText(), v).isTrue();
                String user = o.path("api_key").asText().replace("-" + v + "-key", "");
                BigDecimal qty = new BigDecimal(o.path("filled_qty").asText("0"));
                venueFills.merge(user + "@" + v, o.path("side").asText().equalsIgnoreCase("buy") ? qty : qty.negate(),
                        BigDecimal::add);
            }
        }
        assertThat(venueFills.values().stream().anyMatch(q -> q.signum() != 0)).as("something filled").isTrue();
        for (String u : users) {
            Map<String, BigDecimal> held = new HashMap<>();
            for (JsonNode p : get(a.url + "/positions?user_id=" + u, admin)) {
                held.merge(u + "@" + p.path("venue").asText(), new BigDecimal(p.path("qty").asText()), BigDecimal::add);
            }
            for (String v : VENUES) {
                String k = u + "@" + v;
                assertThat(held.getOrDefault(k, BigDecimal.ZERO))
                        .as("position of %s vs the venue's fills", k)
                        .isEqualByComparingTo(venueFills.getOrDefault(k, BigDecimal.ZERO));
            }
        }
    }

    private Map<String, String> startSimulator() throws IOException {
        Path venuesFile = work.resolve("venues.json");
        processes.add(start("sim", List.of("sim", "--port-base", "0", "--venues-out", venuesFile.toString())));
        await("simulator up").atMost(START).pollInterval(Duration.ofMillis(300))
                .until(() -> Files.exists(venuesFile) && Files.size(venuesFile) > 0
                        && JSON.readTree(venuesFile.toFile()).size() >= VENUES.size());
        JsonNode all = JSON.readTree(venuesFile.toFile());
        Map<String, String> venues = new LinkedHashMap<>();
        ObjectNode only = JSON.createObjectNode();
        for (String v : VENUES) {
            venues.put(v, all.path(v).asText());
            only.put(v, all.path(v).asText());
        }
        JSON.writeValue(work.resolve("two-venues.json").toFile(), only);
        return venues;
    }

    private String createUser(Instance via, String user, Map<String, String> venues) throws Exception {
        JsonNode created = send("POST", via.url + "/users", admin, Map.of("user_id", user), 201);
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("max_order_usd", "25000");
        limits.put("max_position_usd", "10000000");
        limits.put("daily_loss_usd", "100000");
        limits.put("trades_per_second", 20);
        limits.put("allowed_venues", List.of());
        limits.put("allowed_pairs", List.of());
        limits.put("enabled", true);
        send("PUT", via.url + "/users/" + user + "/limits", admin, limits, -1);
        for (Map.Entry<String, String> v : venues.entrySet()) {
            String key = user + "-" + v.getKey() + "-key";
            String secret = UUID.randomUUID().toString().replace("-", "");
            send("POST", v.getValue() + "/__sim/accounts", null, Map.of("api_key", key, "api_secret", secret,
                    "balances", Map.of("USD", "10000000", "USDT", "10000000", "USDC", "10000000", "BTC", "0")), -1);
            send("PUT", via.url + "/users/" + user + "/credentials/" + v.getKey(), admin,
                    Map.of("api_key", key, "api_secret", secret), 204);
        }
        return created.path("token").asText();
    }

    /** Sends one entry signal; a 202's orders are acknowledged. No answer (or another status) acknowledges none. */
    private void signal(Instance via, String user, String token, String key, Map<String, String> acked) {
        Map<String, Object> body = Map.of("user_id", user, "pair", "BTC-USD", "side", "buy", "size_usd", "50",
                "signal_type", "entry", "strategy", "proof", "idempotency_key", key);
        try {
            HttpResponse<String> r = http.send(request("POST", via.url + "/signals", token, body),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
                JSON.readTree(r.body()).path("order_ids").forEach(id -> acked.put(id.asText(), user));
            }
        } catch (IOException e) {
            // not acknowledged: nothing is owed (it may still be stored; the stored-orders check covers that)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> openOrders(Instance via, Set<String> orderIds) throws Exception {
        List<String> open = new ArrayList<>();
        for (String id : orderIds) {
            JsonNode o = get(via.url + "/orders/" + id, admin);
            if (OPEN.contains(o.path("status").asText())) {
                open.add(id);
            }
        }
        return open;
    }

    private List<String> storedOpen(Instance via, List<String> users) throws Exception {
        List<String> open = new ArrayList<>();
        for (String u : users) {
            JsonNode page = get(via.url + "/orders?user_id=" + u + "&limit=1000", admin);
            for (JsonNode o : page.isArray() ? page : page.path("orders")) {
                if (OPEN.contains(o.path("status").asText())) {
                    open.add(o.path("order_id").asText());
                }
            }
        }
        return open;
    }

    private JsonNode get(String url, String token) throws Exception {
        return send("GET", url, token, null, 200);
    }

    private JsonNode send(String method, String url, String token, Object body, int expect) throws Exception {
        HttpResponse<String> r = http.send(request(method, url, token, body), HttpResponse.BodyHandlers.ofString());
        if (expect > 0) {
            assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isEqualTo(expect);
        } else {
            assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isBetween(200, 299);
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static HttpRequest request(String method, String url, String token, Object body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    /** A JVM of this module's test classpath running the CLI (as the shipped jar would), logging to a file. */
    private Process start(String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                NijaRouterCli.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        pb.environment().put("NIJA_ADMIN_TOKEN", admin);
        pb.environment().put("NIJA_MASTER_KEY", masterKey);
        return pb.start();
    }

    private final class Instance {
        final String name;
        final int port;
        final String url;
        final Path data;
        final Process process;
        String id;

        Instance(String name, Map<String, String> venues) throws IOException {
            this.name = name;
            this.port = freePort();
            this.url = "http://127.0.0.1:" + port + "/api/v1";
            this.data = work.resolve("data-" + name);
            this.process = start(name, List.of("serve", "--cluster", "--db-url", URL, "--db-schema", schema,
                    "--venues-from", work.resolve("two-venues.json").toString(), "--port", String.valueOf(port),
                    "--data-dir", data.toString(),
                    // The simulator runs without faults, so its reads show an accepted order at once: a short window
                    // lets an order c sent without an answer be re-sent (same client order id) in seconds, not 30.
                    "--visibility-window", "5s"));
            processes.add(process);
        }

        void awaitReady() throws IOException {
            await("instance " + name + " up").atMost(START).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(process.isAlive()).as("instance " + name + " exited; see " + work.resolve(name + ".log"))
                        .isTrue();
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
            id = Files.readString(data.resolve("instance-id")).trim();
        }

        Map<String, Set<Integer>> shards() throws Exception {
            Map<String, Set<Integer>> held = new HashMap<>();
            for (JsonNode i : get(url + "/cluster", admin).path("instances")) {
                Set<Integer> s = new HashSet<>();
                i.path("shards").forEach(x -> s.add(x.asInt()));
                held.put(i.path("instance_id").asText(), s);
            }
            return held;
        }

        long takeovers() throws Exception {
            return get(url + "/cluster", admin).path("takeovers").asLong();
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
