package io.nija.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.store.Store;
import io.nija.core.store.WebhookAttempt;
import io.nija.core.store.WebhookOutboxEvent;
import io.nija.core.time.Clock;
import io.nija.server.logging.Correlation;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The sending part of the {@link WebhookDispatcher}: one attempt on one claimed outbox event (the address check, the
 * signed POST) and its outcome recorded in the outbox: delivered, retried after a backoff, given up, or discarded when
 * the user's webhook is gone.
 */
final class WebhookSender implements AutoCloseable {
    /** Under the dispatcher's name, as before the split: operators' log filters keep working. */
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Store store;
    private final UserWebhooks webhooks;
    private final WebhookAddressGuard guard;
    private final WebhookDispatcher.RetryPolicy policy;
    private final Clock clock;
    private final DoubleSupplier jitter;
    private final Consumer<WebhookDispatcher.GiveUp> onGiveUp;
    private final String instanceId;
    private final WebhookMeters meters;
    private final WebhookUserStats stats;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http;
    /** Threads waiting for a receiver's answer now; guarded by itself, as is {@link #stopping}. */
    private final java.util.Set<Thread> sending = new java.util.HashSet<>();
    private boolean stopping;

    WebhookSender(Store store, UserWebhooks webhooks, WebhookAddressGuard guard, WebhookDispatcher.RetryPolicy policy,
                  Clock clock, DoubleSupplier jitter, Consumer<WebhookDispatcher.GiveUp> onGiveUp, String instanceId,
                  WebhookMeters meters, WebhookUserStats stats) {
        this.store = store;
        this.webhooks = webhooks;
        this.guard = guard;
        this.policy = policy;
        this.clock = clock;
        this.jitter = jitter;
        this.onGiveUp = onGiveUp;
        this.instanceId = instanceId;
        this.meters = meters;
        this.stats = stats;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** One attempt on a claimed event; true when the event reached a final status (delivered, gave up, discarded). */
    boolean deliver(WebhookOutboxEvent row) throws InterruptedException {
        OrderEvent e = event(row);
        WebhookUserStats.Entry us = stats.of(row.userId());
        MDC.put(Correlation.MDC_KEY, e.correlationId());
        MDC.put("event_id", e.eventId());
        MDC.put("order_id", e.orderId());
        MDC.put("user_id", e.userId());
        try {
            Optional<UserWebhooks.Settings> settings = webhooks.find(row.userId());
            Instant at = clock.now();
            if (settings.isEmpty()) {
                if (store.finishWebhookAttempt(row.eventId(), instanceId,
                        WebhookAttempt.discarded(row.attempts(), "webhook removed", at))) {
                    meters.discarded().increment();
                    LOG.info("webhook of user {} removed; event {} discarded", row.userId(), row.eventId());
                }
                return true;
            }
            int attempt = row.attempts() + 1;
            us.lastAttemptAt = at;
            boolean wasRefused = false;
            String error;
            Optional<WebhookAddressGuard.Refusal> refusal = guard.check(settings.get().url());
            if (refusal.isPresent()) {
                wasRefused = true;
                error = "refused: " + refusal.get().message();
            } else {
                error = attempt(settings.get(), e, row.payload(), attempt, at);
            }
            if (error == null) {
                if (store.finishWebhookAttempt(row.eventId(), instanceId, WebhookAttempt.delivered(attempt, clock.now()))) {
                    meters.delivered().increment();
                    us.delivered.incrementAndGet();
                    LOG.debug("webhook event {} delivered to {} (attempt {})", e.eventId(), settings.get().origin(), attempt);
                } else {
                    LOG.info("webhook event {} delivered, but its claim had been taken over: it may be delivered again",
                            e.eventId());
                }
                return true;
            }
            us.lastError = error;
            if (attempt < policy.maxAttempts()) {
                Duration wait = policy.backoff(attempt, jitter.getAsDouble());
                Instant next = at.plus(wait);
                if (store.finishWebhookAttempt(row.eventId(), instanceId, WebhookAttempt.retryAt(attempt, next, error, at))) {
                    (wasRefused ? meters.refused() : meters.retried()).increment();
                    meters.retries().increment();
                    LOG.info("webhook event {} to {} failed (attempt {}/{}: {}); next attempt at {}", e.eventId(),
                            settings.get().origin(), attempt, policy.maxAttempts(), error, next);
                }
                return false;
            }
            if (store.finishWebhookAttempt(row.eventId(), instanceId, WebhookAttempt.gaveUp(attempt, error, at))) {
                meters.gaveUp().increment();
                us.failed.incrementAndGet();
                LOG.warn("webhook event {} of order {} given up after {} attempts: {}", e.eventId(), e.orderId(), attempt,
                        error);
                try {
                    onGiveUp.accept(new WebhookDispatcher.GiveUp(e, attempt, error));
                } catch (RuntimeException ex) {
                    LOG.warn("recording the failed webhook delivery of event {} failed: {}", e.eventId(), ex.toString());
                }
            }
            return true;
        } finally {
            MDC.remove(Correlation.MDC_KEY);
            MDC.remove("event_id");
            MDC.remove("order_id");
            MDC.remove("user_id");
        }
    }

    /** The event's headers and audit fields, read back from its stored JSON. */
    private OrderEvent event(WebhookOutboxEvent row) {
        String type = OrderEvent.ORDER_UPDATED;
        String orderId = null;
        String signalId = null;
        String status = null;
        String correlationId = null;
        try {
            JsonNode n = mapper.readTree(row.payload());
            type = text(n, "type", type);
            orderId = text(n, "order_id", null);
            signalId = text(n, "signal_id", null);
            status = text(n, "status", null);
            correlationId = text(n, "correlation_id", null);
        } catch (IOException | RuntimeException ex) {
            LOG.warn("webhook event {}: stored payload is not readable JSON; sent as stored", row.eventId());
        }
        return new OrderEvent(row.eventId(), type, row.userId(), orderId, signalId, status, correlationId,
                row.createdAt(), row.payload(), row.order() == null ? null : row.order().updatedAt());
    }

    private static String text(JsonNode n, String field, String otherwise) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.textValue() : otherwise;
    }

    /** One POST; null on a 2xx, else a short description of what went wrong (never the URL's path or query). */
    private String attempt(UserWebhooks.Settings s, OrderEvent e, String payload, int attempt, Instant at)
            throws InterruptedException {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(s.url())
                .timeout(policy.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "nija-router-webhooks/1")
                .header("X-Nija-Event-Id", e.eventId())
                .header("X-Nija-Event-Type", e.type())
                .header("X-Nija-Timestamp", Long.toString(at.getEpochSecond()))
                .header("X-Nija-Signature", WebhookSignature.sign(s.secret(), body))
                .header("X-Nija-Delivery-Attempt", Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (e.correlationId() != null) {
            request.header(Correlation.HEADER, e.correlationId());
        }
        Thread me = Thread.currentThread();
        synchronized (sending) {
            if (stopping) {
                throw new InterruptedException("stopping");
            }
            sending.add(me);
        }
        try {
            HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (IOException ex) {
            return ex.getClass().getSimpleName();
        } catch (IllegalArgumentException ex) {
            return "bad request: " + ex.getClass().getSimpleName();
        } finally {
            synchronized (sending) {
                sending.remove(me);
            }
            // Interrupted by a stop just as the answer came: the interrupt must not reach the store's next call (the
            // driver would break its connection); the outcome goes unrecorded and the event is delivered again.
            if (Thread.interrupted()) {
                throw new InterruptedException("stopping");
            }
        }
    }

    /**
     * Stops the attempts under way: interrupts the threads waiting for a receiver's answer, and only those (a thread
     * interrupted inside a store call would break its database connection and log it); later attempts do not start.
     */
    void interruptSends() {
        synchronized (sending) {
            stopping = true;
            sending.forEach(Thread::interrupt);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
