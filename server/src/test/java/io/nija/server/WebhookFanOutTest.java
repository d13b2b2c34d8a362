package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.store.OrderQuery;
import io.nija.core.store.Subscription;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.server.app.RouterApp;
import io.nija.server.auth.Principal;
import io.nija.server.auth.Tokens;
import io.nija.server.http.RateLimit;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One TradingView alert fanned out to 1 000 subscribers: exactly one order per eligible subscriber, each of the
 * size its subscription gives, and none for subscribers that are disabled, over a limit, kill-switched, not
 * allowed the pair, or whose subscription is off. A repeated delivery creates nothing new.
 *
 * <p>Users and subscriptions are written straight to the store to keep the set-up fast; the few "paper" users
 * are created through the service (with funded simulator accounts) so their orders really fill.
 */
class WebhookFanOutTest {
    static final int SUBSCRIBERS = 1000;
    static final int PAPER_USERS = 10;
    private static final String STRATEGY = "trend-1000";

    private static RouterApp app;
    private static HttpClientSupport http;
    private static String secret;
    /** user -> expected USD size, for subscribers that must get exactly one order. */
    private static final Map<String, BigDecimal> ELIGIBLE = new HashMap<>();
    /** user -> refusal code, for enabled subscribers that must get no order. */
    private static final Map<String, String> REFUSED = new HashMap<>();
    /** Users whose subscription is off: not part of the fan-out at all. */
    private static final Set<String> UNSUBSCRIBED = new HashSet<>();

    @BeforeAll
    static void start() throws Exception {
        app = TestRouters.start("fanout", 31, RateLimit.OFF);
        http = new HttpClientSupport(app.port());
        String admin = app.adminToken().token();
        secret = PlantedSecrets.plant("tv-secret-" + Long.toHexString(Double.doubleToLongBits(Math.random())));
        assertThat(http.post("/api/v1/strategies", admin, "{\"strategy\":\"" + STRATEGY + "\",\"secret\":\"" + secret + "\"}").status())
                .isEqualTo(201);
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> work = new java.util.ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                int n = i;
                work.add(pool.submit(() -> subscribe(n)));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        System.out.printf("fan-out set-up: %d subscribers in %d ms%n", SUBSCRIBERS, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Subscriber n: 0-9 are paper users (real fills); then by n % 10: 0 disabled user, 1 max_order_usd below its
     * size, 2 subscription off, 3 fraction sizing (half of the alert's $200, capped at $60 for odd n), 4 only
     * ETH-USD allowed, 5 kill switch on when n % 20 == 5; otherwise a fixed size of $10 to $16.
     */
    private static void subscribe(int n) {
        String user = String.format("sub-%04d", n);
        UserLimits limits = UserLimits.defaults();
        boolean enabled = true;
        BigDecimal fixed = BigDecimal.valueOf(10 + n % 7);
        BigDecimal fraction = null;
        BigDecimal cap = null;
        String refusal = null;
        if (n < PAPER_USERS) {
            app.service().createUser(Principal.ADMIN, user, Role.USER, limits);
        } else {
            switch (n % 10) {
                case 0 -> {
                    limits = limits.withEnabled(false);
                    refusal = "user_disabled";
                }
                case 1 -> {
                    limits = new UserLimits(true, Set.of(), Set.of(), new BigDecimal("9.99"), limits.maxPositionUsd(),
                            limits.dailyLossUsd(), limits.maxOpenPositions(), 1);
                    refusal = "order_too_large";
                }
                case 2 -> enabled = false;
                case 3 -> {
                    fixed = null;
                    fraction = new BigDecimal("0.5");
                    cap = n % 2 == 1 ? new BigDecimal("60") : null;
                }
                case 4 -> {
                    limits = new UserLimits(true, Set.of(), Set.of("ETH-USD"), limits.maxOrderUsd(), limits.maxPositionUsd(),
                            limits.dailyLossUsd(), limits.maxOpenPositions(), 1);
                    refusal = "pair_not_allowed";
                }
                case 5 -> refusal = n % 20 == 5 ? "kill_switch" : null;
                default -> { }
            }
            app.store().createUser(new User(user, Role.USER, limits, app.engine().clock().now()), Tokens.hash(Tokens.newToken()));
            if ("kill_switch".equals(refusal)) {
                app.service().killSwitch(Principal.ADMIN, user, true);
            }
        }
        app.store().saveSubscription(new Subscription(user, STRATEGY, enabled, fixed, fraction, cap));
        synchronized (ELIGIBLE) {
            if (!enabled) {
                UNSUBSCRIBED.add(user);
            } else if (refusal != null) {
                REFUSED.put(user, refusal);
            } else {
                ELIGIBLE.put(user, fixed != null ? fixed : cap != null ? cap : new BigDecimal("100.00"));
            }
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void oneAlertGivesEachEligibleSubscriberExactlyOneOrderOfItsOwnSizeAndNobodyElseAny() {
        String alert = "{\"secret\":\"" + secret + "\",\"ticker\":\"BINANCE:BTCUSDT\",\"action\":\"buy\",\"size_usd\":200,"
                + "\"price\":\"65000.5\",\"comment\":\"breakout\"}";
        long t0 = System.nanoTime();
        var reply = http.post("/webhooks/tradingview/" + STRATEGY, null, alert);
        long fanOutMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("alert to %d subscribers answered in %d ms%n", SUBSCRIBERS, fanOutMs);
        // Answered once the alert is stored; its fan-out to this many subscribers runs after the answer.
        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        JsonNode body = reply.body();
        assertThat(body.get("fan_out").asText()).isEqualTo("in_progress");
        assertThat(body.get("subscribers").asInt()).isEqualTo(SUBSCRIBERS - UNSUBSCRIBED.size());
        String alertId = body.get("alert_id").asText();
        awaitFannedOut(alertId);

        Map<String, List<Order>> byUser = ordersByUser(STRATEGY);
        assertThat(byUser.keySet()).isEqualTo(ELIGIBLE.keySet());
        ELIGIBLE.forEach((user, size) -> {
            assertThat(byUser.get(user)).as(user).hasSize(1);
            Order o = byUser.get(user).get(0);
            assertThat(o.requestedUsd()).as(user).isEqualByComparingTo(size);
            assertThat(o.pair().toString()).isEqualTo("BTC-USD");
            assertThat(o.signalType().wire()).isEqualTo("entry");
        });
        // The refused subscribers got nothing, and the audit row of the alert counts them.
        assertThat(app.store().recentAudit(20_000)).filteredOn(e -> e.entityType().equals("strategy")
                        && e.entityId().equals(STRATEGY) && e.action().equals("alert"))
                .anySatisfy(e -> assertThat(e.detail()).contains(
                        ELIGIBLE.size() + " new signals, 0 repeats, " + REFUSED.size() + " refused"));

        // The same delivery again (TradingView retrying): the same alert, nothing new is created.
        var again = http.post("/webhooks/tradingview/" + STRATEGY, null, alert);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().get("alert_id").asText()).isEqualTo(alertId);
        assertThat(again.body().get("repeat").asBoolean()).isTrue();
        awaitFannedOut(alertId);
        assertThat(ordersByUser(STRATEGY).values().stream().mapToInt(List::size).sum()).isEqualTo(ELIGIBLE.size());

        // The paper users hold funded simulator accounts: their orders really fill.
        List<String> paperOrders = byUser.entrySet().stream()
                .filter(e -> Integer.parseInt(e.getKey().substring(4)) < PAPER_USERS)
                .map(e -> e.getValue().get(0).orderId()).toList();
        assertThat(paperOrders).hasSize(PAPER_USERS);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(paperOrders)
                .allSatisfy(id -> assertThat(app.store().findOrder(id).orElseThrow().status()).isEqualTo(OrderStatus.FILLED)));
        assertThat(app.store().verifyAuditChain()).isEmpty();
    }

    /**
     * The process stopped after answering an alert, with the fan-out part done: the start-up's resume gives every
     * eligible subscriber exactly one signal of that alert (those stored before the stop are not repeated), and a
     * second run adds none.
     */
    @Test
    void aCrashAfterTheAnswerStillGivesEachSubscriberExactlyOneSignal() {
        String strategy = "after-crash";
        app.store().createStrategy(new io.nija.core.store.Strategy(strategy, Tokens.hash("s3cret-after-crash"),
                app.engine().clock().now()));
        List<String> eligible = ELIGIBLE.keySet().stream().sorted().limit(60).toList();
        eligible.forEach(u -> app.store().saveSubscription(new Subscription(u, strategy, true, new BigDecimal("11"), null, null)));
        // The key the router gives an alert with this id (RouterService.alertKeys), so the delivery below is the same alert.
        String key = "tv-" + Tokens.hash(strategy + "\n" + "id\n" + "crash-1");
        io.nija.core.store.StoredAlert stored = new io.nija.core.store.StoredAlert(key, strategy, "webhook",
                io.nija.core.instrument.Pair.parse("BTC-USD"), io.nija.core.signal.Side.BUY,
                io.nija.core.signal.SignalType.ENTRY, null, false, null, List.of(key), app.engine().clock().now(), null);
        // What the answer left behind: the alert stored, and the first five subscribers' signals stored before the stop.
        assertThat(app.store().saveAlert(stored)).isTrue();
        String admin = app.adminToken().token();
        for (String user : eligible.subList(0, 5)) {
            var r = http.post("/api/v1/signals", admin, "{\"user_id\":\"" + user + "\",\"pair\":\"BTC-USD\",\"side\":\"buy\","
                    + "\"size_usd\":\"11\",\"signal_type\":\"entry\",\"strategy\":\"" + strategy + "\",\"idempotency_key\":\"" + key + "\"}");
            assertThat(r.status()).as(r.raw()).isEqualTo(202);
        }

        assertThat(app.service().resumeFanOuts()).isEqualTo(1);
        awaitFannedOut(key);
        assertOneSignalEach(strategy, eligible, key);

        // Run again (a second start, or the alert delivered again): nothing is added.
        assertThat(app.service().resumeFanOuts()).isZero();
        var again = http.post("/webhooks/tradingview/" + strategy, null, "{\"secret\":\"s3cret-after-crash\","
                + "\"ticker\":\"BTCUSD\",\"action\":\"buy\",\"alert_id\":\"crash-1\"}");
        assertThat(again.status()).as(again.raw()).isEqualTo(202);
        assertThat(again.body().get("alert_id").asText()).isEqualTo(key);
        awaitFannedOut(key);
        assertOneSignalEach(strategy, eligible, key);
    }

    private static void assertOneSignalEach(String strategy, List<String> users, String key) {
        Map<String, List<Order>> byUser = ordersByUser(strategy);
        assertThat(byUser.keySet()).containsExactlyInAnyOrderElementsOf(users);
        for (String user : users) {
            assertThat(byUser.get(user)).as(user).hasSize(1);
            assertThat(app.store().findSignal(user, key)).as(user).isPresent();
        }
    }

    private static void awaitFannedOut(String alertId) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> app.service().fanOutsIdle()
                && app.store().findAlert(alertId).map(a -> a.fannedOut() != null).orElse(false));
    }

    private static Map<String, List<Order>> ordersByUser(String strategy) {
        List<Order> orders = app.store().findOrders(new OrderQuery(null, null, 1000, null, null, strategy, null));
        assertThat(orders).as("all orders fit in one page").hasSizeLessThan(1000);
        Map<String, List<Order>> byUser = new HashMap<>();
        orders.forEach(o -> byUser.computeIfAbsent(o.userId(), u -> new java.util.ArrayList<>()).add(o));
        return byUser;
    }
}
