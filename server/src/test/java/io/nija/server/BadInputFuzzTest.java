package io.nija.server;

import static io.nija.server.BadInputs.badFor;
import static io.nija.server.BadInputs.pick;
import static io.nija.server.BadInputs.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.store.OrderQuery;
import io.nija.server.BadInputs.Obj;
import io.nija.server.app.RouterApp;
import io.nija.server.http.RateLimit;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input against every endpoint: 12 000 generated requests with malformed JSON, oversized bodies, wrong types,
 * injection strings (SQL, script, template, path traversal), unicode and control characters and boundary numbers
 * (0, negative, 1e400, NaN, huge scale and exponents), hostile path segments and query parameters. Never a 5xx,
 * every 4xx carries error.code, no request to a signal-making endpoint is accepted, and at the end no order or
 * signal exists and the audit chain is intact.
 *
 * <p>Case {@code i} is generated from {@code new SplittableRandom(SEED + i)}, so a failure names the seed that
 * repeats it. One server, one pooled HTTP/1.1 client, virtual threads with at most {@value #CONCURRENCY} requests in
 * flight. No property-testing library is used (jqwik was removed from the project).
 */
class BadInputFuzzTest {
    static final int CASES = 12_000;
    static final long SEED = 0x5EC0_1D_F022L;
    static final int CONCURRENCY = 32;

    private static RouterApp app;
    private static String base;
    private static String admin;
    private static String alice;
    private static String pub;
    private static String aliceSecretOther;
    private static String pubSecret;
    private static final AtomicInteger TRANSPORT_RETRIES = new AtomicInteger();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    record Case(long seed, String route, String method, String path, String token, String contentType, byte[] body,
                boolean mustBeRefused) {
        String describe() {
            String text = body == null ? "<none>" : new String(body, StandardCharsets.UTF_8);
            return "seed " + seed + ": " + method + " " + path + " token=" + (token == null ? "none" : token.substring(0, Math.min(8, token.length())))
                    + " body=" + (text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + ")" : text);
        }
    }

    /** One generator per endpoint and method; a case is "must be refused" when it would make signals if accepted. */
    record Target(String route, Function<SplittableRandom, Case> generate) { }

    @BeforeAll
    static void start() {
        app = TestRouters.start("fuzz", 41, RateLimit.OFF, true);
        base = "http://127.0.0.1:" + app.port();
        HttpClientSupport http = new HttpClientSupport(app.port());
        admin = app.adminToken().token();
        alice = http.post("/api/v1/users", admin, "{\"user_id\":\"fz-alice\",\"limits\":{\"trades_per_second\":1000}}").body().get("token").asText();
        assertThat(http.post("/api/v1/users", admin, "{\"user_id\":\"fz-spare\"}").status()).isEqualTo(201);
        http.post("/api/v1/users", admin, "{\"user_id\":\"fz-bob\"}");
        pub = http.post("/api/v1/users", admin, "{\"user_id\":\"fz-pub\",\"role\":\"publisher\"}").body().get("token").asText();
        aliceSecretOther = PlantedSecrets.plant("fuzz-other-secret-" + System.nanoTime());
        pubSecret = PlantedSecrets.plant("fuzz-pub-secret-" + System.nanoTime());
        PlantedSecrets.plant(alice);
        PlantedSecrets.plant(pub);
        assertThat(http.post("/api/v1/strategies", admin, "{\"strategy\":\"fz-other\",\"secret\":\"" + aliceSecretOther + "\"}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/strategies", admin, "{\"strategy\":\"fz-pub:s1\",\"secret\":\"" + pubSecret + "\"}").status()).isEqualTo(201);
        // alice follows both strategies: an alert that slipped through would give her an order, and the test sees it.
        assertThat(http.send("PUT", "/api/v1/users/fz-alice/subscriptions/fz-other", alice, "{\"fixed_usd\":\"10\"}").status()).isEqualTo(204);
        assertThat(http.send("PUT", "/api/v1/users/fz-alice/subscriptions/fz-pub:s1", alice, "{\"fraction\":\"0.5\"}").status()).isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void noBadRequestCausesA5xxOrAnOrderAndEveryErrorHasACode() throws Exception {
        List<Target> targets = targets();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perRoute = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CASES; i++) {
                long seed = SEED + i;
                Target target = targets.get(i % targets.size());
                inFlight.acquire();
                pool.submit(() -> {
                    try {
                        Case c = target.generate().apply(new SplittableRandom(seed));
                        c = new Case(seed, c.route(), c.method(), c.path(), c.token(), c.contentType(), c.body(), c.mustBeRefused());
                        perRoute.computeIfAbsent(target.route(), k -> new AtomicInteger()).incrementAndGet();
                        check(c, statuses, failures);
                    } catch (RuntimeException e) {
                        failures.add("seed " + seed + " " + target.route() + ": " + e);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("fuzz: %d cases over %d endpoints in %d ms (%.0f/s); statuses %s; %d sent again after a stale connection%n",
                CASES, targets.size(), ms, CASES * 1000.0 / ms, new java.util.TreeMap<>(statuses), TRANSPORT_RETRIES.get());
        assertThat(failures).as("failing cases (first 30)").hasSizeLessThanOrEqualTo(0)
                .withFailMessage(() -> String.join("\n", failures.stream().limit(30).toList()));
        assertThat(perRoute.keySet()).as("every endpoint was fuzzed").hasSize(targets.size());
        assertThat(app.store().findOrders(new OrderQuery(null, null, 1000))).as("orders after the fuzz").isEmpty();
        assertThat(app.store().findSignal("fz-alice", "x")).isEmpty();
        assertThat(app.store().verifyAuditChain()).isEmpty();
        assertThat(new HttpClientSupport(app.port()).get("/health", null).status()).isEqualTo(200);
    }

    private static void check(Case c, Map<Integer, AtomicInteger> statuses, ConcurrentLinkedQueue<String> failures) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + c.path())).timeout(Duration.ofSeconds(30))
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        if (c.token() != null) {
            b.header("Authorization", "Bearer " + c.token());
        }
        HttpResponse<String> r;
        try {
            try {
                r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException stale) {
                // A pooled keep-alive connection the server had just closed: sent again once on a new one, and counted.
                TRANSPORT_RETRIES.incrementAndGet();
                r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (java.io.IOException e) {
            failures.add(c.describe() + " -> I/O error " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int status = r.statusCode();
        statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
        if (status >= 500) {
            failures.add(c.describe() + " -> " + status + " " + r.body());
            return;
        }
        if (c.mustBeRefused() && status < 300) {
            failures.add(c.describe() + " -> accepted " + status + " " + r.body());
            return;
        }
        if (status >= 400) {
            JsonNode body;
            try {
                body = HttpClientSupport.JSON.readTree(r.body());
            } catch (Exception e) {
                body = null;
            }
            if (body == null || !body.path("error").path("code").isTextual() || body.path("error").path("code").asText().isBlank()) {
                failures.add(c.describe() + " -> " + status + " without error.code: " + r.body());
            }
        }
    }

    // --- the endpoints -------------------------------------------------------------------------------------------

    static List<Target> targets() {
        List<Target> t = new ArrayList<>();
        t.add(new Target("GET /health", rnd -> get("/health" + query(rnd), null)));
        t.add(new Target("GET /ready", rnd -> get("/ready" + query(rnd), null)));
        t.add(new Target("GET /metrics", rnd -> get("/metrics" + query(rnd), null)));
        t.add(new Target("GET /openapi.json", rnd -> get("/openapi.json" + query(rnd), null)));
        t.add(new Target("POST /api/v1/users", BadInputFuzzTest::createUser));
        t.add(new Target("PUT credentials", BadInputFuzzTest::putCredentials));
        t.add(new Target("GET /api/v1/users", rnd -> get("/api/v1/users" + query(rnd), anyToken(rnd))));
        t.add(new Target("GET user", rnd -> get("/api/v1/users/" + userSegment(rnd) + query(rnd), anyToken(rnd))));
        t.add(new Target("PUT user", BadInputFuzzTest::putUser));
        // Revocation and token rotation only on users nobody else here needs: they end the token that made them.
        t.add(new Target("DELETE user", rnd -> new Case(0, "DELETE user", "DELETE", "/api/v1/users/" + spareUser(rnd),
                anyToken(rnd), null, null, false)));
        t.add(new Target("POST token", rnd -> post("POST token", "POST", "/api/v1/users/" + spareUser(rnd) + "/token",
                anyToken(rnd), rnd, "{}", false)));
        t.add(new Target("GET credentials", rnd -> get("/api/v1/users/" + userSegment(rnd) + "/credentials" + query(rnd), anyToken(rnd))));
        t.add(new Target("GET balances", rnd -> get("/api/v1/users/" + userSegment(rnd) + "/balances" + query(rnd), anyToken(rnd))));
        t.add(new Target("GET limits", rnd -> get("/api/v1/users/" + userSegment(rnd) + "/limits" + query(rnd), anyToken(rnd))));
        t.add(new Target("PUT limits", BadInputFuzzTest::putLimits));
        t.add(new Target("POST /api/v1/signals", BadInputFuzzTest::postSignal));
        t.add(new Target("GET /api/v1/orders", rnd -> get("/api/v1/orders?" + param(rnd, "status") + "&" + param(rnd, "limit") + "&"
                + param(rnd, "user_id"), anyToken(rnd))));
        t.add(new Target("GET /api/v1/orders history", rnd -> get("/api/v1/orders?" + param(rnd, "since") + "&" + param(rnd, "until")
                + "&" + param(rnd, "strategy") + "&" + param(rnd, "cursor") + "&" + param(rnd, "format"), anyToken(rnd))));
        t.add(new Target("GET pnl", rnd -> get("/api/v1/users/" + userSegment(rnd) + "/pnl?" + param(rnd, "from") + "&"
                + param(rnd, "to") + "&" + param(rnd, "interval"), anyToken(rnd))));
        t.add(new Target("GET order", rnd -> get("/api/v1/orders/" + hostileSegment(rnd), anyToken(rnd))));
        t.add(new Target("DELETE order", rnd -> new Case(0, "DELETE order", "DELETE", "/api/v1/orders/" + hostileSegment(rnd),
                anyToken(rnd), null, null, false)));
        t.add(new Target("GET /api/v1/positions", rnd -> get("/api/v1/positions?" + param(rnd, "user_id"), anyToken(rnd))));
        t.add(new Target("GET /api/v1/venues", rnd -> get("/api/v1/venues" + query(rnd), anyToken(rnd))));
        t.add(new Target("POST /api/v1/kill-switch", BadInputFuzzTest::killSwitch));
        t.add(new Target("GET /api/v1/cluster", rnd -> get("/api/v1/cluster" + query(rnd), anyToken(rnd))));
        t.add(new Target("POST /api/v1/strategies", BadInputFuzzTest::createStrategy));
        t.add(new Target("POST strategy signals", BadInputFuzzTest::publish));
        t.add(new Target("PUT subscription", BadInputFuzzTest::putSubscription));
        t.add(new Target("GET subscriptions", rnd -> get("/api/v1/users/" + userSegment(rnd) + "/subscriptions", anyToken(rnd))));
        t.add(new Target("POST webhook", BadInputFuzzTest::webhook));
        t.add(new Target("GET /api/v1/events", BadInputFuzzTest::events));
        t.add(new Target("PUT user webhook", BadInputFuzzTest::putUserWebhook));
        t.add(new Target("GET user webhook", rnd -> get("/api/v1/users/" + userSegment(rnd) + "/webhook" + query(rnd), anyToken(rnd))));
        t.add(new Target("DELETE user webhook", rnd -> new Case(0, "DELETE user webhook", "DELETE",
                "/api/v1/users/" + hostileSegment(rnd) + "/webhook", anyToken(rnd), null, null, false)));
        t.add(new Target("wrong method or path", BadInputFuzzTest::wrongMethod));
        return t;
    }

    private static Case get(String path, String token) {
        return new Case(0, path, "GET", path, token, null, null, false);
    }

    private static Case post(String route, String method, String path, String token, SplittableRandom rnd, String json,
                             boolean mustBeRefused) {
        byte[] body;
        int shape = rnd.nextInt(100);
        if (shape < 2) {
            body = oversized(rnd);
        } else if (shape < 14) {
            body = pick(rnd, BadInputs.MALFORMED).getBytes(StandardCharsets.UTF_8);
        } else if (shape < 18) {
            // A proper prefix of a JSON object is never valid JSON.
            body = json.substring(0, rnd.nextInt(json.length())).getBytes(StandardCharsets.UTF_8);
        } else if (shape < 21) {
            body = invalidUtf8(json, rnd);
        } else {
            body = json.getBytes(StandardCharsets.UTF_8);
        }
        String[] types = {"application/json", "application/json", "text/plain", "application/x-www-form-urlencoded",
                "application/json; charset=ISO-8859-1", null, "multipart/form-data; boundary=x"};
        return new Case(0, route, method, path, token, types[rnd.nextInt(types.length)], body, mustBeRefused);
    }

    private static byte[] oversized(SplittableRandom rnd) {
        String pad = rnd.nextBoolean() ? "x" : "\\u0000";
        return ("{\"pad\":\"" + pad.repeat(70_000 / pad.length() + rnd.nextInt(1000)) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] invalidUtf8(String json, SplittableRandom rnd) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] insert = bad[rnd.nextInt(bad.length)];
        int at = 1 + rnd.nextInt(Math.max(1, text.length - 2));
        byte[] out = new byte[text.length + insert.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(text, at, out, at + insert.length, text.length - at);
        return out;
    }

    private static String anyToken(SplittableRandom rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> null;
            case 1 -> "nja_" + "A".repeat(rnd.nextInt(60));
            case 2 -> admin;
            case 3 -> pub;
            default -> alice;
        };
    }

    /** A path segment: valid users, other users, or hostile text, percent-encoded as a client would. */
    private static String userSegment(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> "fz-alice";
            case 1 -> "fz-bob";
            default -> hostileSegment(rnd);
        };
    }

    private static final List<String> RAW_SEGMENTS = List.of("..", ".", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "%00", "a%00b",
            "%2F", "%5C..%5C", "%252e%252e", "%C0%AE%C0%AE", "%E2%80%AE", "%F0%9F%92%A5", ";", "a;b=c", "%3Bjsessionid=1",
            "~root", "%20", "+", "*", "%25", "a%0D%0ASet-Cookie:x", "x".repeat(3000));

    private static String hostileSegment(SplittableRandom rnd) {
        if (rnd.nextInt(3) == 0) {
            return pick(rnd, RAW_SEGMENTS);
        }
        String v = BadInputs.parse(pick(rnd, BadInputs.STRINGS)).asText();
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(SplittableRandom rnd) {
        return rnd.nextBoolean() ? "" : "?" + param(rnd, "x");
    }

    private static String param(SplittableRandom rnd, String name) {
        String v = switch (rnd.nextInt(3)) {
            case 0 -> BadInputs.parse(pick(rnd, BadInputs.STRINGS)).asText();
            case 1 -> pick(rnd, BadInputs.NUMBERS);
            default -> pick(rnd, List.of("pending", "filled", "0", "-1", "1001", "1e3", "fz-bob", "fz-alice", ""));
        };
        return name + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    /**
     * A valid template with at least one field replaced by a value certainly wrong for it (or removed when the
     * field is required), and sometimes a few more fields spoiled or hostile extra fields added.
     */
    private static String spoil(SplittableRandom rnd, Map<String, String> valid, Map<String, Predicate<JsonNode>> couldBeValid,
                                List<String> required) {
        Map<String, String> fields = new LinkedHashMap<>(valid);
        List<String> names = new ArrayList<>(couldBeValid.keySet());
        int spoiled = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(names.size()) : 0);
        for (int i = 0; i < spoiled; i++) {
            String name = names.get(rnd.nextInt(names.size()));
            if (required.contains(name) && rnd.nextInt(5) == 0) {
                fields.remove(name);
            } else {
                fields.put(name, badFor(rnd, couldBeValid.get(name)));
            }
        }
        if (rnd.nextInt(4) == 0) {
            fields.put("extra_" + rnd.nextInt(100), BadInputs.any(rnd));
        }
        Obj o = new Obj();
        fields.forEach(o::put);
        return o.json();
    }

    private static Case postSignal(SplittableRandom rnd) {
        boolean asAdmin = rnd.nextInt(4) == 0;
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("user_id", asAdmin || rnd.nextBoolean() ? q("fz-alice") : null);
        valid.put("pair", q("BTC-USD"));
        valid.put("side", q("buy"));
        valid.put("size_usd", q("25"));
        valid.put("signal_type", q("entry"));
        valid.put("strategy", q("fuzz"));
        valid.put("idempotency_key", q("k-" + rnd.nextInt(1_000_000)));
        valid.values().removeIf(java.util.Objects::isNull);
        Map<String, Predicate<JsonNode>> rules = new LinkedHashMap<>();
        // /signals reads its pair as the webhook reads a ticker (one parser)
        rules.put("pair", BadInputs::couldBeTicker);
        rules.put("side", BadInputs::couldBeSide);
        rules.put("size_usd", BadInputs::couldBeSize);
        rules.put("signal_type", BadInputs::couldBeSignalType);
        rules.put("strategy", BadInputs::couldBeStrategy);
        rules.put("idempotency_key", BadInputs::couldBeIdempotencyKey);
        rules.put("user_id", n -> n.isNull() || n.isTextual() && n.textValue().equals("fz-alice"));
        rules.put("signal_time", BadInputs::couldBeSignalTime);
        rules.put("close_all", n -> n.isNull() || n.isBoolean() && !n.booleanValue());
        String json = spoil(rnd, valid, rules, List.of("pair", "side", "size_usd", "signal_type"));
        return post("POST /api/v1/signals", "POST", "/api/v1/signals", asAdmin ? admin : alice, rnd, json, true);
    }

    private static Map<String, Predicate<JsonNode>> alertRules() {
        Map<String, Predicate<JsonNode>> rules = new LinkedHashMap<>();
        rules.put("ticker", BadInputs::couldBeTicker);
        rules.put("action", BadInputs::couldBeSide);
        rules.put("signal_type", BadInputs::couldBeOptionalSignalType);
        rules.put("size_usd", BadInputs::couldBeOptionalSize);
        rules.put("price", BadInputs::couldBeOptionalPrice);
        rules.put("comment", BadInputs::couldBeComment);
        rules.put("alert_id", BadInputs::couldBeAlertId);
        rules.put("signal_time", BadInputs::couldBeSignalTime);
        return rules;
    }

    private static Map<String, String> validAlert(SplittableRandom rnd) {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("ticker", q(pick(rnd, List.of("BTCUSD", "BTCUSDT", "BINANCE:BTCUSDT", "BTC-USD", "ETHUSD"))));
        valid.put("action", q(rnd.nextBoolean() ? "buy" : "sell"));
        valid.put("size_usd", rnd.nextBoolean() ? "100" : q("100.5"));
        valid.put("price", q("65000.5"));
        valid.put("comment", q("fuzz"));
        return valid;
    }

    private static Case webhook(SplittableRandom rnd) {
        String strategy = rnd.nextInt(5) == 0 ? hostileSegment(rnd) : "fz-other";
        Map<String, String> valid = validAlert(rnd);
        String secret = switch (rnd.nextInt(6)) {
            case 0 -> null;
            case 1 -> BadInputs.any(rnd);
            case 2 -> q(aliceSecretOther + "x");
            case 3 -> q(pubSecret);
            default -> q(aliceSecretOther);
        };
        String json;
        if (secret != null && secret.equals(q(aliceSecretOther)) && strategy.equals("fz-other")) {
            // The right secret: the alert itself must be wrong.
            Map<String, String> withSecret = new LinkedHashMap<>();
            withSecret.put("secret", secret);
            withSecret.putAll(valid);
            json = spoil(rnd, withSecret, alertRules(), List.of("ticker", "action"));
        } else {
            Obj o = new Obj().put("secret", secret);
            valid.forEach(o::put);
            json = o.json();
        }
        return post("POST webhook", "POST", "/webhooks/tradingview/" + strategy, rnd.nextInt(4) == 0 ? admin : null, rnd, json, true);
    }

    private static Case publish(SplittableRandom rnd) {
        String strategy = switch (rnd.nextInt(4)) {
            case 0 -> hostileSegment(rnd);
            case 1 -> "fz-other";
            default -> "fz-pub:s1";
        };
        String token = pick(rnd, java.util.Arrays.asList(pub, pub, admin, alice, null));
        // Only tokens that can never publish (alice's, none) may send a well-formed alert.
        boolean mayPublish = token == admin || token == pub;
        String json = mayPublish || rnd.nextBoolean() ? spoil(rnd, validAlert(rnd), alertRules(), List.of("ticker", "action"))
                : new Obj().put("ticker", q("BTCUSD")).put("action", q("buy")).put("size_usd", "10").json();
        return post("POST strategy signals", "POST", "/api/v1/strategies/" + strategy + "/signals", token, rnd, json, true);
    }

    private static Case createUser(SplittableRandom rnd) {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("user_id", q("new-" + rnd.nextInt(1_000_000)));
        valid.put("role", q("user"));
        valid.put("limits", "{\"max_order_usd\":\"100\"}");
        Map<String, Predicate<JsonNode>> rules = new LinkedHashMap<>();
        rules.put("user_id", BadInputs::couldBeUserId);
        rules.put("role", n -> n.isNull() || n.isTextual() && n.textValue().matches("user|publisher|strategy_publisher"));
        rules.put("limits", n -> n.isNull() || n.isObject());
        String json = spoil(rnd, valid, rules, List.of("user_id"));
        return post("POST /api/v1/users", "POST", "/api/v1/users", rnd.nextInt(5) == 0 ? anyToken(rnd) : admin, rnd, json, false);
    }

    private static Case putCredentials(SplittableRandom rnd) {
        String venue = pick(rnd, List.of("binance", "kraken", "nope", "BINANCE", "%2e%2e", "binance%00"));
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("api_key", q("k"));
        valid.put("api_secret", q("s"));
        valid.put("passphrase", q("p"));
        Map<String, Predicate<JsonNode>> rules = new LinkedHashMap<>();
        rules.put("api_key", n -> n.isTextual() && !n.textValue().isBlank() && n.textValue().length() <= 512);
        rules.put("api_secret", n -> n.isTextual() && !n.textValue().isBlank() && n.textValue().length() <= 4096);
        rules.put("passphrase", n -> n.isNull() || n.isTextual());
        String json = spoil(rnd, valid, rules, List.of("api_key", "api_secret"));
        return post("PUT credentials", "PUT", "/api/v1/users/" + userSegment(rnd) + "/credentials/" + venue, anyToken(rnd), rnd, json, false);
    }

    /** A user id that names no user the other targets rely on (a real one only for the fuzz's own spare). */
    private static String spareUser(SplittableRandom rnd) {
        return rnd.nextInt(3) == 0 ? "fz-spare" : hostileSegment(rnd);
    }

    private static Case putUser(SplittableRandom rnd) {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("mode", q(pick(rnd, List.of("paper", "live"))));
        valid.put("enabled", "true");
        Map<String, Predicate<JsonNode>> rules = new LinkedHashMap<>();
        rules.put("mode", n -> n.isTextual() && (n.textValue().equals("paper") || n.textValue().equals("live")));
        rules.put("enabled", n -> n.isNull() || n.isBoolean());
        String json = spoil(rnd, valid, rules, List.of("mode"));
        return post("PUT user", "PUT", "/api/v1/users/" + spareUser(rnd), anyToken(rnd), rnd, json, false);
    }

    private static Case putLimits(SplittableRandom rnd) {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("max_order_usd", q("1000"));
        valid.put("enabled", "true");
        Map<String, Predicate<JsonNode>> rules = new LinkedHashMap<>();
        for (String f : List.of("max_order_usd", "max_position_usd", "daily_loss_usd", "trades_per_second")) {
            rules.put(f, n -> n.isNull() || BadInputs.couldBeSize(n));
        }
        rules.put("enabled", n -> n.isNull() || n.isBoolean());
        rules.put("max_open_positions", n -> n.isNull() || n.isIntegralNumber() && n.canConvertToInt() && n.intValue() > 0);
        rules.put("max_signal_age_ms", BadInputs::couldBeSignalAge);
        rules.put("allowed_venues", n -> n.isNull() || n.isArray());
        rules.put("allowed_pairs", n -> n.isNull() || n.isArray());
        String json = rnd.nextInt(4) == 0
                ? new Obj().put(rnd.nextBoolean() ? "allowed_venues" : "allowed_pairs", "[" + BadInputs.pick(rnd, BadInputs.STRINGS) + "]").json()
                : spoil(rnd, valid, rules, List.of());
        return post("PUT limits", "PUT", "/api/v1/users/" + (rnd.nextBoolean() ? "fz-bob" : userSegment(rnd)) + "/limits",
                rnd.nextInt(5) == 0 ? anyToken(rnd) : admin, rnd, json, false);
    }

    private static Case killSwitch(SplittableRandom rnd) {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("user_id", q("fz-bob"));
        valid.put("enabled", "false");
        Map<String, Predicate<JsonNode>> rules = new LinkedHashMap<>();
        rules.put("user_id", n -> n.isNull() || n.isTextual() && n.textValue().startsWith("fz-"));
        rules.put("enabled", n -> n.isNull() || n.isBoolean());
        rules.put("mode", n -> n.isNull() || n.isTextual() && List.of("block_entries", "flatten").contains(n.textValue().trim().toLowerCase(java.util.Locale.ROOT)));
        String json = spoil(rnd, valid, rules, List.of());
        Case c = post("POST /api/v1/kill-switch", "POST", "/api/v1/kill-switch", rnd.nextInt(5) == 0 ? anyToken(rnd) : admin, rnd, json, false);
        // Malformed-but-parsable bodies such as {} would switch every user off: keep to the spoiled JSON here.
        return new Case(0, c.route(), c.method(), c.path(), c.token(), c.contentType(), json.getBytes(StandardCharsets.UTF_8), false);
    }

    private static Case createStrategy(SplittableRandom rnd) {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("strategy", q("fz-new-" + rnd.nextInt(1_000_000)));
        valid.put("secret", q("0123456789abcdef0123"));
        Map<String, Predicate<JsonNode>> rules = new LinkedHashMap<>();
        rules.put("strategy", n -> n.isTextual() && n.textValue().matches("[A-Za-z0-9_.:-]{1,64}"));
        rules.put("secret", n -> n.isTextual() && n.textValue().length() >= 16 && n.textValue().length() <= 256);
        String json = spoil(rnd, valid, rules, List.of("strategy", "secret"));
        return post("POST /api/v1/strategies", "POST", "/api/v1/strategies", rnd.nextInt(5) == 0 ? anyToken(rnd) : admin, rnd, json, false);
    }

    private static Case putSubscription(SplittableRandom rnd) {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("enabled", "true");
        valid.put(rnd.nextBoolean() ? "fixed_usd" : "fraction", q("0.25"));
        Map<String, Predicate<JsonNode>> rules = new LinkedHashMap<>();
        rules.put("enabled", n -> n.isNull() || n.isBoolean());
        rules.put("fixed_usd", n -> n.isNull() || BadInputs.couldBeSize(n));
        rules.put("fraction", n -> n.isNull() || BadInputs.couldBeSize(n));
        rules.put("cap_usd", n -> n.isNull() || BadInputs.couldBeSize(n));
        String json = spoil(rnd, valid, rules, List.of());
        String strategy = pick(rnd, List.of("fz-other", "fz-pub:s1", "nope", "%2e%2e", "a%00"));
        return post("PUT subscription", "PUT", "/api/v1/users/" + userSegment(rnd) + "/subscriptions/" + strategy, anyToken(rnd),
                rnd, json, false);
    }

    /** The event stream with tokens that are not valid (a valid one would open a stream that never ends). */
    private static Case events(SplittableRandom rnd) {
        String token = switch (rnd.nextInt(4)) {
            case 0 -> null;
            case 1 -> alice + "x";
            case 2 -> BadInputs.parse(pick(rnd, BadInputs.STRINGS)).asText().replaceAll("[\\x00-\\x20\\x7f-\\x{10ffff}]", "");
            default -> "nja_" + rnd.nextInt();
        };
        return get("/api/v1/events" + query(rnd), token == null || token.isEmpty() ? null : token);
    }

    private static Case putUserWebhook(SplittableRandom rnd) {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("url", q("http://127.0.0.1:9/fuzz"));
        valid.put("secret", q("0123456789abcdef-fuzz"));
        Map<String, Predicate<JsonNode>> rules = new LinkedHashMap<>();
        rules.put("url", n -> n.isTextual() && n.textValue().trim().matches("(?i)https?://.+"));
        rules.put("secret", n -> n.isTextual() && n.textValue().length() >= 16 && n.textValue().length() <= 256);
        String json = rnd.nextInt(3) == 0
                ? new Obj().put("url", q(pick(rnd, List.of("javascript:alert(1)", "file:///etc/passwd", "ftp://x/y", "http://", "//host/x",
                        "http://user:pw@host/x", "http://host/x#frag", "gopher://127.0.0.1:6379/_FLUSHALL", "h" + "t".repeat(3000)))))
                        .put("secret", q("0123456789abcdef-fuzz")).json()
                : spoil(rnd, valid, rules, List.of("url", "secret"));
        return post("PUT user webhook", "PUT", "/api/v1/users/" + userSegment(rnd) + "/webhook", anyToken(rnd), rnd, json, false);
    }

    private static Case wrongMethod(SplittableRandom rnd) {
        String path = pick(rnd, List.of("/api/v1/signals", "/api/v1/users", "/api/v1/orders", "/webhooks/tradingview/fz-other",
                "/api/v1/strategies", "/api/v1/kill-switch", "/api/v1/users/fz-alice/limits", "/api/v1", "/api", "/webhooks",
                "/api/v2/signals", "/api/v1/signals/", "//api/v1/signals", "/api/v1/./signals", "/api/v1/orders/../users",
                "/api/v1/%2e%2e/users", "/webhooks/tradingview/", "/webhooks/tradingview/fz-other/x"));
        String method = pick(rnd, List.of("PATCH", "PUT", "DELETE", "POST", "GET", "PROPFIND", "TRACE"));
        String token = pick(rnd, java.util.Arrays.asList(alice, admin, null));
        // A body no endpoint accepts: a signal without pair and with a bad side, a kill switch with a bad flag, ...
        return post("wrong method or path", method, path, token, rnd, "{\"side\":\"hold\",\"enabled\":\"maybe\",\"secret\":1}",
                !method.equals("GET"));
    }
}
