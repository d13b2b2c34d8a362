package io.nija.server.events;

import static io.nija.server.events.DispatcherFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nija.core.store.WebhookOutboxEvent;
import io.nija.core.store.WebhookOutboxStatus;
import io.nija.store.JdbcStore;
import io.nija.store.Stores;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox on PostgreSQL (embedded): events accepted by one dispatcher are delivered by another after a stop or a
 * crash (restart redelivery), and two dispatchers sharing the database deliver every event exactly once between them
 * while each user's events keep their order.
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
}
