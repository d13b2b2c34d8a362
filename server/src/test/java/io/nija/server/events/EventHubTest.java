package io.nija.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The SSE side without HTTP: per-user scoping, a slow client's bounded queue, Last-Event-ID replay. */
class EventHubTest {
    private static OrderEvent event(int n, String user) {
        return new OrderEvent("evt_" + n, OrderEvent.ORDER_UPDATED, user, "ord_" + n, "sig_" + n, "filled", "sig_" + n,
                Instant.EPOCH, "{}", null);
    }

    @Test
    void aClientSeesOnlyItsUsersEventsAndTheAdminSeesAll() throws Exception {
        try (EventHub hub = new EventHub(10, 10)) {
            EventSubscription alice = hub.subscribe("alice", null);
            EventSubscription admin = hub.subscribe(null, null);
            hub.publish(event(1, "alice"));
            hub.publish(event(2, "bob"));
            assertThat(alice.next(100).eventId()).isEqualTo("evt_1");
            assertThat(alice.next(20)).isNull();
            assertThat(admin.next(100).eventId()).isEqualTo("evt_1");
            assertThat(admin.next(100).eventId()).isEqualTo("evt_2");
            assertThat(hub.clients()).isEqualTo(2);
            hub.unsubscribe(alice);
            assertThat(hub.clients()).isEqualTo(1);
        }
    }

    @Test
    void aSlowClientLosesTheOldestEventsAndIsToldHowMany() throws Exception {
        try (EventHub hub = new EventHub(3, 10)) {
            EventSubscription slow = hub.subscribe("alice", null);
            for (int i = 1; i <= 5; i++) {
                hub.publish(event(i, "alice"));   // never blocks, however slow the reader
            }
            assertThat(slow.next(100)).as("the drop is reported before the next event").isNull();
            assertThat(slow.takeDropped()).isEqualTo(2);
            assertThat(slow.next(100).eventId()).isEqualTo("evt_3");
            assertThat(slow.next(100).eventId()).isEqualTo("evt_4");
            assertThat(slow.next(100).eventId()).isEqualTo("evt_5");
            assertThat(slow.takeDropped()).isZero();
            assertThat(hub.droppedEvents()).isEqualTo(2);
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsTheEventsAfterIt() throws Exception {
        try (EventHub hub = new EventHub(10, 3)) {
            for (int i = 1; i <= 4; i++) {
                hub.publish(event(i, i % 2 == 0 ? "bob" : "alice"));
            }
            EventSubscription admin = hub.subscribe(null, "evt_2");
            assertThat(admin.next(50).eventId()).isEqualTo("evt_3");
            assertThat(admin.next(50).eventId()).isEqualTo("evt_4");
            assertThat(hub.subscribe("bob", "evt_2").next(50).eventId()).isEqualTo("evt_4");
            assertThat(hub.subscribe(null, "evt_1").next(20)).as("evt_1 is no longer remembered").isNull();
        }
    }

    @Test
    void closingTheHubEndsEveryStream() throws Exception {
        EventHub hub = new EventHub(3, 3);
        EventSubscription s = hub.subscribe(null, null);
        hub.close();
        assertThat(s.isClosed()).isTrue();
        assertThat(s.next(1000)).isNull();
    }
}
