package io.nija.server.events;

import static io.nija.server.events.DispatcherFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nija.core.instrument.Pair;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.store.WebhookOutboxEvent;
import io.nija.core.store.WebhookOutboxStatus;
import io.nija.store.JdbcStore;
import io.nija.server.auth.CredentialVault;
import io.nija.store.Stores;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox on PostgreSQL (embedded): events accepted by one dispatcher are delivered by another after a stop or a
 * crash (restart redelivery), and two dispatchers sharing the database deliver every event exactly once between them
 * while each user's events keep their order; an order state whose event a crash lost before the outbox accepted it is
 * delivered once after the next start (the catch-up sweep), however many instances start.
 */
class WebhookOutboxRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static JdbcStore store;

    @BeforeAll
    static void open() throws Exception {
        store = Stores.embedded(Files.createTempDirectory("nija-outbox"));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    private static WebhookOutboxEvent row(OrderEvent e) {
        return store.findWebhookEvent(e.eventId()).orElseThrow();
    }

    @Test
    void pendingEventsOfAStoppedDispatcherAreDeliveredInOrderByTheNextOne() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture(store); WebhookReceiver receiver = new WebhookReceiver()) {
            f.user("rita", receiver.url("/rita"));
            receiver.failAlways("/rita");
            WebhookDispatcher first = f.dispatcher("first", policy(5, Duration.ofSeconds(1)));
            List<OrderEvent> events = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                events.add(f.event("rita"));
                first.enqueue(events.get(i));
            }
            await().atMost(WAIT).until(() -> store.findWebhookEvent(events.get(0).eventId())
                    .filter(r -> r.attempts() == 1 && r.claimedBy() == null).isPresent());
            // Many more accepted right before a graceful stop: the stop writes them all to the outbox first.
            List<OrderEvent> late = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                late.add(f.event("rita"));
                first.enqueue(late.get(i));
            }
            first.close();
            for (OrderEvent e : events.subList(1, 3)) {
                assertThat(row(e).attempts()).isZero();
            }
            assertThat(late).allSatisfy(e -> assertThat(row(e).status()).isEqualTo(WebhookOutboxStatus.PENDING));
            assertThat(row(events.get(0)).claimedBy()).isNull();

            // "Restart": a new dispatcher over the same database; the receiver is back.
            receiver.answerOk("/rita");
            WebhookDispatcher second = f.dispatcher("second", policy(5, Duration.ofSeconds(1)));
            f.clock.advance(Duration.ofSeconds(1));
            second.wake();
            List<OrderEvent> all = new ArrayList<>(events);
            all.addAll(late);
            await().atMost(WAIT).until(() -> all.stream().allMatch(e -> row(e).status() == WebhookOutboxStatus.DELIVERED));
            List<String> delivered = receiver.at("/rita").stream().filter(d -> d.attempt() > 1 || !d.eventId().equals(
                    events.get(0).eventId())).map(WebhookReceiver.Delivery::eventId).toList();
            assertThat(delivered).containsExactlyElementsOf(all.stream().map(OrderEvent::eventId).toList());
            assertThat(receiver.at("/rita").get(1).attempt()).as("the first event's second attempt").isEqualTo(2);
            assertThat(second.pending()).isZero();
        }
    }

    @Test
    void anEventClaimedByADispatcherThatDiedIsTakenOverWhenTheClaimExpires() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture(store); WebhookReceiver receiver = new WebhookReceiver()) {
            f.user("sam", receiver.url("/sam"));
            OrderEvent e = f.event("sam");
            store.addWebhookEvents(List.of(WebhookOutboxEvent.of(e.eventId(), "sam", e.json(), e.createdAt())));
            // A dispatcher claimed it for 60 s and was killed before recording anything.
            assertThat(store.claimWebhookEvents("dead", f.clock.now(), f.clock.now().plusSeconds(60), 10, "sam")).hasSize(1);

            WebhookDispatcher survivor = f.dispatcher("survivor", policy(5, Duration.ofSeconds(1)));
            f.clock.advance(Duration.ofSeconds(59));
            assertThat(survivor.pollNow()).isZero();
            assertThat(receiver.at("/sam")).isEmpty();
            f.clock.advance(Duration.ofSeconds(1));
            survivor.wake();
            await().atMost(WAIT).until(() -> row(e).status() == WebhookOutboxStatus.DELIVERED);
            assertThat(receiver.at("/sam")).singleElement().satisfies(d -> assertThat(d.eventId()).isEqualTo(e.eventId()));
            // The dead dispatcher's late answer changes nothing.
            assertThat(store.finishWebhookAttempt(e.eventId(), "dead",
                    io.nija.core.store.WebhookAttempt.gaveUp(1, "late", f.clock.now()))).isFalse();
        }
    }

    @Test
    void twoDispatchersOnOneDatabaseDeliverEveryEventOnceAndInOrderPerUser() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture(store); WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookDispatcher a = f.dispatcher("instance-a", policy(5, Duration.ofSeconds(1)));
            WebhookDispatcher b = f.dispatcher("instance-b", policy(5, Duration.ofSeconds(1)));
            Map<String, List<String>> expected = new HashMap<>();
            List<String> users = new ArrayList<>();
            for (int u = 0; u < 12; u++) {
                users.add(f.user("multi-" + u, receiver.url("/multi-" + u)));
            }
            for (int i = 0; i < 10; i++) {
                for (int u = 0; u < users.size(); u++) {
                    OrderEvent e = f.event(users.get(u));
                    // Each user's events are produced by one instance (its shard owner); either may deliver them.
                    (u % 2 == 0 ? a : b).enqueue(e);
                    expected.computeIfAbsent("/" + users.get(u), k -> new ArrayList<>()).add(e.eventId());
                }
            }
            await().atMost(WAIT).until(() -> receiver.all().size() >= 120 && a.pending() == 0);
            Map<String, Long> perEvent = receiver.all().stream()
                    .collect(Collectors.groupingBy(WebhookReceiver.Delivery::eventId, Collectors.counting()));
            assertThat(perEvent).hasSize(120).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
            for (var entry : expected.entrySet()) {
                assertThat(receiver.at(entry.getKey())).extracting(WebhookReceiver.Delivery::eventId)
                        .as(entry.getKey()).containsExactlyElementsOf(entry.getValue());
            }
            long byA = users.stream().map(a::stats).mapToLong(WebhookDispatcher.Stats::delivered).sum();
            long byB = users.stream().map(b::stats).mapToLong(WebhookDispatcher.Stats::delivered).sum();
            assertThat(byA + byB).isEqualTo(120);
            assertThat(f.count("delivered")).isEqualTo(120);
        }
    }

    // --- the catch-up sweep at start ------------------------------------------------------------------

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Notifications as RouterApp makes them (the sweep runs in the constructor), over the fixture's store and clock. */
    private static Notifications notifications(DispatcherFixture f, String instanceId) {
        WebhookDispatcher.Options webhooks = WebhookDispatcher.Options.defaults().withRetry(policy(5, Duration.ofSeconds(1)))
                .withPollInterval(Duration.ofMillis(10)).withInstanceId(instanceId);
        return new Notifications(store, new CredentialVault(new byte[32]), f.clock, new SimpleMeterRegistry(),
                Notifications.Options.defaults().withWebhooks(webhooks), WebhookAddressGuard.of(true));
    }

    /** A new order of {@code userId}, stored as queued (created a minute before the clock's now). */
    private static Order queuedOrder(DispatcherFixture f, String userId) {
        String n = UUID.randomUUID().toString().substring(0, 8);
        Instant t = f.clock.now().minusSeconds(60);
        Order o = new Order("ord_cu_" + n, "sig_cu_" + n, userId, Pair.parse("BTC-USD"), Side.BUY, SignalType.ENTRY,
                new BigDecimal("250"), t);
        o.moveTo(OrderStatus.ROUTING, t.plusMillis(1), null);
        o.moveTo(OrderStatus.QUEUED, t.plusMillis(2), null);
        store.saveOrder(o);
        return o;
    }

    private static JsonNode json(WebhookReceiver.Delivery d) throws Exception {
        return JSON.readTree(d.body());
    }

    private static List<WebhookReceiver.Delivery> deliveriesOf(WebhookReceiver receiver, String path, Order o) {
        return receiver.at(path).stream().filter(d -> {
            try {
                return json(d).path("order_id").asText().equals(o.orderId());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Waits until the outbox has nothing pending and every delivery is recorded. */
    private static void drained(Notifications n) {
        n.dispatcher().wake();
        await().atMost(WAIT).until(() -> n.dispatcher().pending() == 0);
    }

    @Test
    void anOrderStateWhoseEventACrashLostIsDeliveredOnceAtTheNextStart() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture(store); WebhookReceiver receiver = new WebhookReceiver()) {
            f.user("cora", receiver.url("/cora"));
            // The router runs; an order is stored and its event accepted and delivered.
            Notifications before = notifications(f, "cora-before");
            Order order = queuedOrder(f, "cora");
            before.orderUpdated(order);
            await().atMost(WAIT).until(() -> deliveriesOf(receiver, "/cora", order).size() == 1);
            drained(before);
            // The order fills and is stored; the process is killed before the fill's event reaches the outbox.
            order.moveTo(OrderStatus.EXECUTING, f.clock.now().minusSeconds(2), null);
            order.moveTo(OrderStatus.FILLED, f.clock.now().minusSeconds(1), "filled");
            store.saveOrder(order);
            before.close();

            f.clock.advance(Duration.ofSeconds(20));
            try (Notifications after = notifications(f, "cora-after")) {
                await().atMost(WAIT).until(() -> deliveriesOf(receiver, "/cora", order).size() == 2);
                drained(after);
                f.clock.advance(Duration.ofMinutes(5));
                drained(after);
                List<WebhookReceiver.Delivery> got = deliveriesOf(receiver, "/cora", order);
                assertThat(got).hasSize(2);
                assertThat(json(got.get(0)).path("status").asText()).isEqualTo("queued");
                JsonNode caughtUp = json(got.get(1));
                // The same shape as the engine's events, with a new event id and the order's latest stored state.
                assertThat(caughtUp.path("type").asText()).isEqualTo(OrderEvent.ORDER_UPDATED);
                assertThat(caughtUp.path("status").asText()).isEqualTo("filled");
                assertThat(caughtUp.path("order").path("status").asText()).isEqualTo("filled");
                assertThat(caughtUp.path("user_id").asText()).isEqualTo("cora");
                assertThat(caughtUp.path("signal_id").asText()).isEqualTo(order.signalId());
                assertThat(caughtUp.path("correlation_id").asText()).isNotBlank();
                assertThat(caughtUp.path("created_at").asText()).isEqualTo(f.clock.now().minus(Duration.ofMinutes(5)).toString());
                assertThat(got.get(1).eventId()).isEqualTo(caughtUp.path("event_id").asText())
                        .isNotEqualTo(got.get(0).eventId());
                assertThat(got.get(1).signature()).isEqualTo(WebhookReceiver.hmac(DispatcherFixture.secret("cora"),
                        got.get(1).body()));
                WebhookOutboxEvent row = store.findWebhookEvent(got.get(1).eventId()).orElseThrow();
                assertThat(row.order()).isEqualTo(new WebhookOutboxEvent.OrderState(order.orderId(), OrderStatus.FILLED,
                        order.updatedAt()));
                assertThat(row.status()).isEqualTo(WebhookOutboxStatus.DELIVERED);
            }
            // Another start finds the filled state described: nothing more.
            try (Notifications again = notifications(f, "cora-again")) {
                drained(again);
                assertThat(deliveriesOf(receiver, "/cora", order)).hasSize(2);
            }
        }
    }

    @Test
    void anOrderWhoseLatestStateIsInTheOutboxGetsNoCatchUpEvent() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture(store); WebhookReceiver receiver = new WebhookReceiver()) {
            f.user("dora", receiver.url("/dora"));
            Order delivered;
            Order stillPending;
            try (Notifications before = notifications(f, "dora-before")) {
                delivered = queuedOrder(f, "dora");
                before.orderUpdated(delivered);
                await().atMost(WAIT).until(() -> deliveriesOf(receiver, "/dora", delivered).size() == 1);
                drained(before);
            }
            // Accepted but not delivered yet when the process stopped: the outbox already describes that state.
            receiver.failAlways("/dora");
            try (Notifications before = notifications(f, "dora-before-2")) {
                stillPending = queuedOrder(f, "dora");
                before.orderUpdated(stillPending);
                await().atMost(WAIT).until(() -> deliveriesOf(receiver, "/dora", stillPending).size() == 1);
            }
            receiver.answerOk("/dora");
            f.clock.advance(Duration.ofSeconds(30));
            try (Notifications after = notifications(f, "dora-after")) {
                f.clock.advance(Duration.ofMinutes(1));
                drained(after);
                assertThat(deliveriesOf(receiver, "/dora", delivered)).hasSize(1);
                assertThat(deliveriesOf(receiver, "/dora", stillPending)).extracting(WebhookReceiver.Delivery::eventId)
                        .as("the accepted event, retried; no second event").hasSize(2).containsOnly(
                                receiver.at("/dora").get(1).eventId());
            }
        }
    }

    @Test
    void twoInstancesStartingTogetherAddOneCatchUpEvent() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture(store); WebhookReceiver receiver = new WebhookReceiver()) {
            f.user("ezra", receiver.url("/ezra"));
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Order o = queuedOrder(f, "ezra");
                o.moveTo(OrderStatus.EXECUTING, f.clock.now().minusSeconds(5), null);
                store.saveOrder(o);   // stored, and its events lost in a crash
                orders.add(o);
            }
            f.clock.advance(Duration.ofSeconds(10));
            var a = CompletableFuture.supplyAsync(() -> notifications(f, "ezra-a"));
            var b = CompletableFuture.supplyAsync(() -> notifications(f, "ezra-b"));
            try (Notifications first = a.get(); Notifications second = b.get()) {
                drained(first);
                drained(second);
                for (Order o : orders) {
                    assertThat(deliveriesOf(receiver, "/ezra", o)).as(o.orderId()).singleElement()
                            .satisfies(d -> assertThat(json(d).path("status").asText()).isEqualTo("executing"));
                }
                assertThat(receiver.at("/ezra")).hasSize(orders.size());
                // And a sweep run again by either finds nothing left to add.
                assertThat(first.dispatcher().catchUp(o -> {
                    throw new AssertionError("no order should be missing an event: " + o.orderId());
                })).isZero();
            }
        }
    }
}
