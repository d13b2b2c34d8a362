package io.nija.server.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nija.core.store.Store;
import io.nija.core.time.ManualClock;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.server.auth.CredentialVault;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A store, a manual clock, users' webhooks and dispatchers over them, for the dispatcher tests. */
final class DispatcherFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    private static final AtomicInteger EVENTS = new AtomicInteger();

    final Store store;
    final ManualClock clock = new ManualClock(T0);
    final UserWebhooks webhooks;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<WebhookDispatcher.GiveUp> gaveUp = new CopyOnWriteArrayList<>();
    private final List<WebhookDispatcher> dispatchers = new ArrayList<>();
    private final ObjectMapper mapper = new ObjectMapper();

    DispatcherFixture(Store store) {
        this.store = store;
        this.webhooks = new UserWebhooks(store, new CredentialVault(new byte[32]), clock);
    }

    /** A dispatcher polling every 10 ms of real time, with a jitter factor of exactly 1 (random 0.5). */
    WebhookDispatcher dispatcher(String instanceId, WebhookDispatcher.RetryPolicy retry, WebhookAddressGuard guard) {
        WebhookDispatcher.Options options = WebhookDispatcher.Options.defaults().withRetry(retry)
                .withPollInterval(Duration.ofMillis(10)).withInstanceId(instanceId);
        WebhookDispatcher d = new WebhookDispatcher(store, webhooks, guard, options, clock, () -> 0.5, registry, gaveUp::add);
        dispatchers.add(d);
        return d;
    }

    WebhookDispatcher dispatcher(String instanceId, WebhookDispatcher.RetryPolicy retry) {
        return dispatcher(instanceId, retry, WebhookAddressGuard.of(true));
    }

    static WebhookDispatcher.RetryPolicy policy(int maxAttempts, Duration initial) {
        return new WebhookDispatcher.RetryPolicy(maxAttempts, initial, Duration.ofMinutes(10), Duration.ofSeconds(5));
    }

    /** A user with a webhook at {@code url}; the secret is "{user}-signing-secret". */
    String user(String userId, URI url) {
        if (store.findUser(userId).isEmpty()) {
            store.createUser(new User(userId, Role.USER, UserLimits.defaults(), T0), null);
        }
        webhooks.put("test", userId, url, secret(userId));
        return userId;
    }

    static String secret(String userId) {
        return userId + "-signing-secret";
    }

    /** An order event of {@code userId} as Notifications makes them, created now. */
    OrderEvent event(String userId) {
        int n = EVENTS.incrementAndGet();
        String id = "evt_" + userId + "_" + n + "_" + System.nanoTime();
        ObjectNode json = mapper.createObjectNode();
        json.put("event_id", id);
        json.put("type", OrderEvent.ORDER_UPDATED);
        json.put("status", "filled");
        json.put("user_id", userId);
        json.put("order_id", "ord_" + n);
        json.put("signal_id", "sig_" + n);
        json.put("correlation_id", "cor_" + n);
        json.put("created_at", clock.now().toString());
        json.putObject("order").put("filled_qty", "0.00125").put("avg_price", "65000.5");
        return new OrderEvent(id, OrderEvent.ORDER_UPDATED, userId, "ord_" + n, "sig_" + n, "filled", "cor_" + n,
                clock.now(), json.toString(), null);
    }

    double count(String outcome) {
        var c = registry.find("nija_webhook_deliveries").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        dispatchers.forEach(WebhookDispatcher::close);
    }
}
