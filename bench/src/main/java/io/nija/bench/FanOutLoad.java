package io.nija.bench;

import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.store.OrderCursor;
import io.nija.core.store.OrderQuery;
import io.nija.core.store.Subscription;
import io.nija.core.user.Role;
import io.nija.core.user.UserLimits;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.auth.Principal;
import io.nija.server.http.RateLimit;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One TradingView alert to {@code --subscribers} (10 000) paper subscribers of $10 each, through the real webhook
 * over HTTP, against a service started in-process (embedded PostgreSQL, the six simulated venues).
 *
 * <p>Subscribers are created in-process through the service (each with funded paper accounts) and subscribed in the
 * store; neither is timed. Measured: the webhook's answer time (the alert is stored durably before it), then, from
 * the POST, when every subscriber's order was stored and when the last one was filled (the service's
 * {@code updated_at}).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.nija.bench.FanOutLoad --subscribers 10000 --out FILE}
 */
public final class FanOutLoad {
    private static final String STRATEGY = "fanout-bench";
    private static final String SECRET = "fan-out-bench-secret-0123456789";

    private FanOutLoad() {
    }

    public static void main(String[] args) throws Exception {
        int subscribers = 10_000;
        Path out = null;
        int timeoutSeconds = 600;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--subscribers" -> subscribers = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--timeout-seconds" -> timeoutSeconds = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("usage: FanOutLoad [--subscribers 10000] [--timeout-seconds 600] [--out FILE]");
                    System.exit(64);
                }
            }
        }
        Path dir = Files.createTempDirectory("nija-fanout");
        String report;
        try (RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dir, null, null, null, 7, false, RateLimit.OFF))) {
            report = run(app, subscribers, Duration.ofSeconds(timeoutSeconds), args);
        } finally {
            LoadTest.deleteTree(dir);
        }
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report, StandardCharsets.UTF_8);
        }
        System.exit(0);
    }

    private static String run(RouterApp app, int n, Duration timeout, String[] args) throws Exception {
        long setup0 = System.nanoTime();
        app.service().createStrategy(Principal.ADMIN, STRATEGY, SECRET);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String user = String.format(Locale.ROOT, "fo-%05d", i);
                work.add(pool.submit(() -> {
                    app.service().createUser(Principal.ADMIN, user, Role.USER, UserLimits.defaults());
                    app.store().saveSubscription(new Subscription(user, STRATEGY, true, new BigDecimal("10"), null, null));
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        Duration setup = Duration.ofNanos(System.nanoTime() - setup0);

        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"secret\":\"" + SECRET + "\",\"ticker\":\"BTCUSD\",\"action\":\"buy\",\"alert_id\":\"bench-1\"}";
        Instant posted = Instant.now();
        long t0 = System.nanoTime();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                        + "/webhooks/tradingview/" + STRATEGY)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Duration answered = Duration.ofNanos(System.nanoTime() - t0);

        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Order> orders = new HashMap<>();
        Duration allStored = null;
        while (System.nanoTime() < deadline) {
            orders = orders(app);
            if (allStored == null && orders.size() >= n) {
                allStored = Duration.ofNanos(System.nanoTime() - t0);
            }
            if (orders.size() >= n && orders.values().stream().allMatch(o -> o.status().isTerminal())) {
                break;
            }
            Thread.sleep(200);
        }
        long filled = orders.values().stream().filter(o -> o.status() == OrderStatus.FILLED).count();
        Instant lastFill = orders.values().stream().filter(o -> o.status() == OrderStatus.FILLED).map(Order::updatedAt)
                .max(Instant::compareTo).orElse(posted);
        Instant lastCreated = orders.values().stream().map(Order::createdAt).max(Instant::compareTo).orElse(posted);

        StringBuilder s = new StringBuilder();
        s.append("# Fan-out: one TradingView alert to ").append(n).append(" subscribers\n\n");
        s.append("Command: `java -cp bench/target/benchmarks.jar io.nija.bench.FanOutLoad ").append(String.join(" ", args))
                .append("`\n\n");
        s.append("| measure | value |\n|---|---|\n");
        s.append("| set-up (users with paper accounts, subscriptions; not timed) | ").append(LoadTest.fmt(setup)).append(" |\n");
        s.append("| webhook answer | ").append(answer.statusCode()).append(" `").append(abbreviate(answer.body())).append("` |\n");
        s.append("| **webhook answered after** | **").append(LoadTest.fmt(answered)).append("** |\n");
        s.append("| orders stored | ").append(orders.size()).append(" |\n");
        s.append("| every subscriber's order stored (seen by polling every 200 ms) after | ").append(LoadTest.fmt(allStored)).append(" |\n");
        s.append("| last order created (service clock) after the POST | ").append(LoadTest.fmt(Duration.between(posted, lastCreated))).append(" |\n");
        s.append("| filled | ").append(filled).append(" |\n");
        s.append("| **last fill after the POST** (service clock) | **").append(LoadTest.fmt(Duration.between(posted, lastFill))).append("** |\n");
        return s.toString();
    }

    /** Every order of the strategy, paged newest first by cursor. */
    private static Map<String, Order> orders(RouterApp app) {
        Map<String, Order> all = new HashMap<>();
        OrderCursor after = null;
        while (true) {
            List<Order> page = app.store().findOrders(new OrderQuery(null, null, 1000, null, null, STRATEGY, after));
            page.forEach(o -> all.put(o.orderId(), o));
            if (page.size() < 1000) {
                return all;
            }
            Order last = page.get(page.size() - 1);
            after = new OrderCursor(last.createdAt(), last.orderId());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
