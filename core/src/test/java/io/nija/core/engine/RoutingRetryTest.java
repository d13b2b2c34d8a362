package io.nija.core.engine;

import static io.nija.core.order.OrderStatus.CANCELLED;
import static io.nija.core.order.OrderStatus.FILLED;
import static io.nija.core.order.OrderStatus.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.testing.ScriptedVenue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Routing reads the store (a user's keys on their first order at a venue). Under a burst the store's pool can time
 * out; an order the service already acknowledged must not be refused for that when a later try routes it.
 */
class RoutingRetryTest {
    final EngineHarness h = new EngineHarness();
    final AtomicInteger failuresLeft = new AtomicInteger();

    @AfterEach
    void stop() {
        h.close();
    }

    private void keysReadFailing(int times) {
        failuresLeft.set(times);
        h.accounts = (user, venue) -> {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("connection is not available, request timed out after 30000ms");
            }
            return EngineHarness.account(user, venue);
        };
    }

    @Test
    void aStoreTimeoutWhileRoutingIsTriedAgainInsteadOfRefusingTheAcknowledgedOrder() {
        keysReadFailing(2);
        h.user("u1");
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        h.settle();
        assertThat(h.order(id).status()).as("not refused after the first failure").isNotEqualTo(REJECTED);
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).isEmpty();

        h.scheduler.advance(Duration.ofSeconds(1)); // second try: fails again
        h.settle();
        assertThat(h.order(id).status()).isNotEqualTo(REJECTED);
        h.scheduler.advance(Duration.ofSeconds(2)); // third try: routes
        Order o = h.awaitStatus(id, FILLED);
        assertThat(o.legs()).hasSize(1);
        assertThat(h.binance.placeCount(o.legs().get(0).clientOrderId())).isEqualTo(1);
    }

    @Test
    void aFailureThatNeverClearsIsRefusedAfterTheLastAttempt() {
        keysReadFailing(Integer.MAX_VALUE);
        h.user("u1");
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        for (int i = 0; i < OrderWorkflow.ROUTING_ATTEMPTS; i++) {
            h.settle();
            h.scheduler.advance(Duration.ofSeconds(60));
        }
        Order o = h.awaitStatus(id, REJECTED);
        assertThat(o.rejectCode()).isEqualTo("internal_error");
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).isEmpty();
    }

    @Test
    void anOrderCancelledWhileWaitingForItsNextTryIsNeverRouted() {
        keysReadFailing(1);
        h.user("u1");
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        h.settle();
        h.engine.cancel("u1", id);
        h.settle();
        h.scheduler.advance(Duration.ofSeconds(5));
        h.settle();
        assertThat(h.order(id).status()).isEqualTo(CANCELLED);
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).isEmpty();
        assertThat(h.order(id).status()).isNotEqualTo(OrderStatus.ROUTING);
    }
}
