package io.nija.server.events;

import static io.nija.server.events.DispatcherFixture.T0;
import static io.nija.server.events.DispatcherFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nija.core.store.WebhookOutboxEvent;
import io.nija.core.store.WebhookOutboxStatus;
import io.nija.core.store.memory.InMemoryStore;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher over the in-memory store and a manual clock: backoff persisted as the next attempt's time and
 * honoured to the millisecond, give-up, per-user order and isolation, discarded and refused deliveries. Real HTTP to
 * a loopback receiver (the guard allows private addresses here, as {@code --allow-private-webhooks} does); no test
 * sleeps: time moves only when the test moves the clock.
 */
class WebhookDispatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private DispatcherFixture f;
    private WebhookReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        f = new DispatcherFixture(new InMemoryStore());
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void tearDown() {
        f.close();
        receiver.close();
    }

    private WebhookOutboxEvent row(OrderEvent e) {
        return f.store.findWebhookEvent(e.eventId()).orElseThrow();
    }

    /** Waits until the event's row is in the outbox, unclaimed, and satisfies {@code p}. */
    private WebhookOutboxEvent awaitRow(OrderEvent e, Predicate<WebhookOutboxEvent> p) {
        await().atMost(WAIT).until(() -> f.store.findWebhookEvent(e.eventId())
                .filter(r -> r.claimedBy() == null && p.test(r)).isPresent());
        return row(e);
    }

    @Test
    void aFailedDeliveryIsRetriedAtItsStoredBackoffTimeAndNotBefore() {
        f.user("alice", receiver.url("/alice"));
        receiver.failNext("/alice", 2);
        WebhookDispatcher d = f.dispatcher("i1", policy(5, Duration.ofSeconds(1)));
        OrderEvent e = f.event("alice");
        assertThat(d.enqueue(e)).isTrue();

        WebhookOutboxEvent first = awaitRow(e, r -> r.attempts() == 1);
        assertThat(first.status()).isEqualTo(WebhookOutboxStatus.PENDING);
        assertThat(first.lastError()).isEqualTo("HTTP 500");
        assertThat(first.lastAttemptAt()).isEqualTo(T0);
        assertThat(first.nextAttemptAt()).as("1 s x jitter factor 1").isEqualTo(T0.plusSeconds(1));

        f.clock.advance(Duration.ofMillis(999));
        assertThat(d.pollNow()).as("not due 1 ms before its time").isZero();
        assertThat(receiver.at("/alice")).hasSize(1);

        f.clock.advance(Duration.ofMillis(1));
        d.wake();
        WebhookOutboxEvent second = awaitRow(e, r -> r.attempts() == 2);
        assertThat(second.nextAttemptAt()).as("doubled: 2 s after the second attempt").isEqualTo(T0.plusSeconds(3));

        f.clock.advance(Duration.ofMillis(1999));
        assertThat(d.pollNow()).isZero();
        f.clock.advance(Duration.ofMillis(1));
        d.wake();
        WebhookOutboxEvent done = awaitRow(e, r -> r.status() == WebhookOutboxStatus.DELIVERED);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.deliveredAt()).isEqualTo(T0.plusSeconds(3));

        List<WebhookReceiver.Delivery> got = receiver.at("/alice");
        assertThat(got).extracting(WebhookReceiver.Delivery::attempt).containsExactly(1, 2, 3);
        assertThat(got).extracting(WebhookReceiver.Delivery::eventId).containsOnly(e.eventId());
        assertThat(got).extracting(WebhookReceiver.Delivery::timestamp)
                .containsExactly(T0.getEpochSecond(), T0.getEpochSecond() + 1, T0.getEpochSecond() + 3);
        for (WebhookReceiver.Delivery g : got) {
            assertThat(g.text()).isEqualTo(e.json());
            assertThat(g.signature()).isEqualTo(WebhookReceiver.hmac(DispatcherFixture.secret("alice"),
                    e.json().getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(f.count("delivered")).isEqualTo(1);
        assertThat(f.count("retried")).isEqualTo(2);
        assertThat(f.count("gave_up")).isZero();
        assertThat(d.stats("alice").delivered()).isEqualTo(1);
        assertThat(d.stats("alice").lastError()).isEqualTo("HTTP 500");
        assertThat(f.registry.find("nija_webhook_outbox_accepted").counter().count()).isEqualTo(1);
    }

    @Test
    void afterTheLastAttemptTheEventIsGivenUpRecordedAndTheUsersNextEventGoesOut() {
        f.user("carol", receiver.url("/carol"));
        receiver.failAlways("/carol");
        WebhookDispatcher d = f.dispatcher("i1", policy(3, Duration.ofSeconds(1)));
        OrderEvent c1 = f.event("carol");
        OrderEvent c2 = f.event("carol");
        d.enqueue(c1);
        d.enqueue(c2);

        awaitRow(c1, r -> r.attempts() == 1);
        assertThat(row(c2).attempts()).as("waits behind carol's first event").isZero();
        f.clock.advance(Duration.ofSeconds(1));
        d.wake();
        awaitRow(c1, r -> r.attempts() == 2);
        assertThat(row(c2).attempts()).isZero();
        f.clock.advance(Duration.ofSeconds(2));
        d.wake();

        WebhookOutboxEvent gaveUp = awaitRow(c1, r -> r.status() == WebhookOutboxStatus.GAVE_UP);
        assertThat(gaveUp.attempts()).isEqualTo(3);
        assertThat(gaveUp.lastError()).isEqualTo("HTTP 500");
        assertThat(f.gaveUp).singleElement().satisfies(g -> {
            assertThat(g.event().eventId()).isEqualTo(c1.eventId());
            assertThat(g.event().orderId()).isEqualTo(c1.orderId());
            assertThat(g.attempts()).isEqualTo(3);
            assertThat(g.lastError()).isEqualTo("HTTP 500");
        });
        // Then carol's second event is tried, only after every attempt of the first.
        awaitRow(c2, r -> r.attempts() == 1);
        List<String> order = receiver.at("/carol").stream().map(WebhookReceiver.Delivery::eventId).toList();
        assertThat(order).containsExactly(c1.eventId(), c1.eventId(), c1.eventId(), c2.eventId());
        assertThat(f.count("gave_up")).isEqualTo(1);
        assertThat(f.count("retried")).isEqualTo(3);
        assertThat(d.stats("carol").failed()).isEqualTo(1);
    }

    @Test
    void aSlowOrFailingReceiverDelaysOnlyItsOwnUser() {
        f.user("slow", receiver.url("/slow"));
        f.user("failing", receiver.url("/failing"));
        f.user("fast", receiver.url("/fast"));
        CountDownLatch slowReceiver = receiver.hold("/slow");
        receiver.failAlways("/failing");
        WebhookDispatcher d = f.dispatcher("i1", new WebhookDispatcher.RetryPolicy(8, Duration.ofMinutes(1),
                Duration.ofMinutes(10), Duration.ofSeconds(30)));

        OrderEvent slow1 = f.event("slow");
        OrderEvent slow2 = f.event("slow");
        OrderEvent failing1 = f.event("failing");
        List<OrderEvent> fast = new ArrayList<>();
        d.enqueue(slow1);
        d.enqueue(failing1);
        d.enqueue(slow2);
        for (int i = 0; i < 5; i++) {
            OrderEvent e = f.event("fast");
            fast.add(e);
            d.enqueue(e);
        }
        await().atMost(WAIT).until(() -> receiver.at("/fast").size() == 5);
        assertThat(receiver.at("/fast")).extracting(WebhookReceiver.Delivery::eventId)
                .containsExactlyElementsOf(fast.stream().map(OrderEvent::eventId).toList());
        awaitRow(failing1, r -> r.attempts() == 1);
        assertThat(receiver.arrivedAt("/slow")).as("the slow receiver still holds the first request").isEqualTo(1);
        assertThat(row(slow2).attempts()).isZero();

        slowReceiver.countDown();
        awaitRow(slow2, r -> r.status() == WebhookOutboxStatus.DELIVERED);
        assertThat(receiver.at("/slow")).extracting(WebhookReceiver.Delivery::eventId)
                .containsExactly(slow1.eventId(), slow2.eventId());
        assertThat(row(failing1).status()).as("still waiting for its retry in a minute").isEqualTo(WebhookOutboxStatus.PENDING);
    }

    @Test
    void eventsOfAUserWhoRemovedTheWebhookAreDiscardedAndUsersWithoutOneAreNotStored() {
        f.user("dora", receiver.url("/dora"));
        receiver.failAlways("/dora");
        WebhookDispatcher d = f.dispatcher("i1", policy(5, Duration.ofSeconds(1)));
        OrderEvent e = f.event("dora");
        d.enqueue(e);
        awaitRow(e, r -> r.attempts() == 1);
        f.webhooks.delete("test", "dora");
        f.clock.advance(Duration.ofSeconds(1));
        d.wake();
        WebhookOutboxEvent discarded = awaitRow(e, r -> r.status() == WebhookOutboxStatus.DISCARDED);
        assertThat(discarded.lastError()).isEqualTo("webhook removed");
        assertThat(receiver.at("/dora")).hasSize(1);
        assertThat(f.count("discarded")).isEqualTo(1);

        OrderEvent nobody = f.event("no-webhook-user");
        OrderEvent marker = f.event("dora2");
        f.user("dora2", receiver.url("/dora2"));
        d.enqueue(nobody);
        d.enqueue(marker);
        awaitRow(marker, r -> r.status() == WebhookOutboxStatus.DELIVERED);
        assertThat(f.store.findWebhookEvent(nobody.eventId())).as("a user without a webhook gets no outbox row").isEmpty();
    }

    @Test
    void anAddressTheHostNoLongerMayReachIsRefusedAtDeliveryAndRecorded() {
        AtomicReference<String> dns = new AtomicReference<>("93.184.215.14");
        WebhookAddressGuard guard = new WebhookAddressGuard(false, host -> host.equals("hooks.example.test")
                ? new InetAddress[] {InetAddress.getByName(dns.get())} : InetAddress.getAllByName(host));
        URI url = URI.create("http://hooks.example.test:9/erin");
        assertThat(guard.check(url)).as("public when registered").isEmpty();
        f.user("erin", url);
        WebhookDispatcher d = f.dispatcher("i1", policy(2, Duration.ofSeconds(1)), guard);

        dns.set("10.1.2.3"); // the name now points into the private network
        OrderEvent e = f.event("erin");
        d.enqueue(e);
        WebhookOutboxEvent refused = awaitRow(e, r -> r.attempts() == 1);
        assertThat(refused.status()).isEqualTo(WebhookOutboxStatus.PENDING);
        assertThat(refused.lastError()).startsWith("refused: ").contains("private", "10.1.2.3").doesNotContain("/erin");
        assertThat(f.count("refused")).isEqualTo(1);

        dns.set("169.254.169.254");
        f.clock.advance(Duration.ofSeconds(1));
        d.wake();
        WebhookOutboxEvent gaveUp = awaitRow(e, r -> r.status() == WebhookOutboxStatus.GAVE_UP);
        assertThat(gaveUp.lastError()).contains("link-local");
        assertThat(f.count("gave_up")).isEqualTo(1);
        assertThat(f.gaveUp).hasSize(1);
        assertThat(d.stats("erin").lastError()).startsWith("refused: ");
    }

    @Test
    void aClosedDispatcherRefusesNewEventsAndCountsThemDropped() {
        f.user("fay", receiver.url("/fay"));
        WebhookDispatcher d = f.dispatcher("i1", policy(2, Duration.ofSeconds(1)));
        d.close();
        assertThat(d.enqueue(f.event("fay"))).isFalse();
        assertThat(f.count("dropped")).isEqualTo(1);
        assertThat(d.stats("fay").dropped()).isEqualTo(1);
    }
}
