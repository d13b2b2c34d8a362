package io.nija.server.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nija.server.logging.Correlation;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Delivers order events to users' webhooks, off the engine's lanes. The engine's listener only {@link #enqueue}s
 * (a bounded, non-blocking intake); one virtual thread looks up whose webhook an event is for and hands it to that
 * user's queue; each user with pending events has one virtual thread delivering them in order, so a slow or failing
 * receiver only delays its own user's events.
 *
 * <p>A delivery is a POST of the event JSON with {@code X-Nija-Event-Id}, {@code X-Nija-Signature: sha256=<hex
 * HMAC-SHA256(secret, body)>} and {@code X-Nija-Timestamp} (epoch seconds of the attempt). Anything but a 2xx
 * answer (or no answer) is retried with exponential backoff and jitter, up to {@link RetryPolicy#maxAttempts}; then
 * the event is given up, counted and reported to {@code onGiveUp} (the audit log). Receivers may see an event more
 * than once (a 2xx lost on the way back) and de-duplicate by its id. Pending deliveries live in memory: a restart
 * loses them (the orders themselves stay readable with GET /orders).
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    /** How often and how patiently to deliver. */
    public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
        public static RetryPolicy defaults() {
            return new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10));
        }

        /** The wait before attempt {@code attempt + 1}: initial x 2^(attempt-1), capped, with +-20 % jitter. */
        Duration backoff(int attempt) {
            long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
            long capped = Math.min(base, maxBackoff.toMillis());
            double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
            return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
        }
    }

    /** An event given up after every attempt failed. */
    public record GiveUp(OrderEvent event, int attempts, String lastError) {
    }

    /** What the webhook of one user has done since start. */
    public record Stats(long delivered, long failed, long dropped, String lastError, Instant lastAttemptAt) {
    }

    private final UserWebhooks webhooks;
    private final RetryPolicy policy;
    private final java.util.function.Consumer<GiveUp> onGiveUp;
    private final int userQueueCapacity;
    private final BlockingQueue<OrderEvent> intake;
    private final HttpClient http;
    private final ConcurrentHashMap<String, UserQueue> queues = new ConcurrentHashMap<>();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final Thread router;
    private final Counter delivered;
    private final Counter gaveUp;
    private final Counter dropped;
    private final Counter retries;
    private volatile boolean closed;

    public WebhookDispatcher(UserWebhooks webhooks, RetryPolicy policy, int intakeCapacity, int userQueueCapacity,
                             MeterRegistry registry, java.util.function.Consumer<GiveUp> onGiveUp) {
        this.webhooks = webhooks;
        this.policy = policy;
        this.onGiveUp = onGiveUp;
        this.userQueueCapacity = userQueueCapacity;
        this.intake = new ArrayBlockingQueue<>(intakeCapacity);
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.delivered = deliveries(registry, "delivered");
        this.gaveUp = deliveries(registry, "gave_up");
        this.dropped = deliveries(registry, "dropped");
        this.retries = Counter.builder("nija_webhook_retries").description("Webhook delivery attempts that failed and were retried")
                .register(registry);
        this.router = Thread.ofVirtual().name("nija-webhook-router").start(this::route);
    }

    private static Counter deliveries(MeterRegistry registry, String outcome) {
        return Counter.builder("nija_webhook_deliveries").tag("outcome", outcome)
                .description("Order events for users' webhooks by outcome: delivered, gave_up (every attempt failed), "
                        + "dropped (queue full)")
                .register(registry);
    }

    /** From the engine's lanes: never blocks. An event beyond the intake's capacity is dropped and counted. */
    public void enqueue(OrderEvent e) {
        if (closed) {
            return;
        }
        if (!intake.offer(e)) {
            dropped.increment();
            LOG.warn("webhook intake full: event {} of order {} not delivered", e.eventId(), e.orderId());
        }
    }

    /** What a user's webhook did since start (for GET /users/{id}/webhook). */
    public Stats stats(String userId) {
        UserQueue q = queues.get(userId);
        return q == null ? new Stats(0, 0, 0, null, null) : q.stats();
    }

    /** Events waiting or being delivered, over all users (tests wait for zero). */
    public long pending() {
        long n = intake.size();
        for (UserQueue q : queues.values()) {
            n += q.pending();
        }
        return n;
    }

    private void route() {
        while (!closed) {
            OrderEvent e;
            try {
                e = intake.take();
            } catch (InterruptedException ie) {
                return;
            }
            try {
                if (webhooks.find(e.userId()).isPresent()) {
                    queues.computeIfAbsent(e.userId(), UserQueue::new).offer(e);
                }
            } catch (RuntimeException ex) {
                LOG.warn("webhook of user {} could not be looked up; event {} not delivered: {}", e.userId(), e.eventId(),
                        ex.toString());
            }
        }
    }

    /** One user's pending events and the one worker (when running) that delivers them in order. */
    private final class UserQueue {
        private final String userId;
        private final ArrayDeque<OrderEvent> events = new ArrayDeque<>();
        private final ReentrantLock lock = new ReentrantLock();
        private boolean running;
        private final AtomicLong deliveredCount = new AtomicLong();
        private final AtomicLong failedCount = new AtomicLong();
        private final AtomicLong droppedCount = new AtomicLong();
        private volatile String lastError;
        private volatile Instant lastAttemptAt;

        UserQueue(String userId) {
            this.userId = userId;
        }

        void offer(OrderEvent e) {
            lock.lock();
            try {
                if (events.size() >= userQueueCapacity) {
                    OrderEvent oldest = events.pollFirst();
                    droppedCount.incrementAndGet();
                    dropped.increment();
                    LOG.warn("webhook queue of user {} full: event {} dropped", userId, oldest.eventId());
                }
                events.addLast(e);
                if (!running && !closed) {
                    running = true;
                    Thread t = Thread.ofVirtual().name("nija-webhook-" + userId).unstarted(this::drain);
                    workers.add(t);
                    t.start();
                }
            } finally {
                lock.unlock();
            }
        }

        int pending() {
            lock.lock();
            try {
                return events.size() + (running ? 1 : 0);
            } finally {
                lock.unlock();
            }
        }

        Stats stats() {
            return new Stats(deliveredCount.get(), failedCount.get(), droppedCount.get(), lastError, lastAttemptAt);
        }

        private void drain() {
            try {
                while (!closed) {
                    OrderEvent e;
                    lock.lock();
                    try {
                        e = events.pollFirst();
                        if (e == null) {
                            running = false;
                            return;
                        }
                    } finally {
                        lock.unlock();
                    }
                    deliver(e);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } finally {
                workers.remove(Thread.currentThread());
                lock.lock();
                try {
                    running = false;
                } finally {
                    lock.unlock();
                }
            }
        }

        private void deliver(OrderEvent e) throws InterruptedException {
            MDC.put(Correlation.MDC_KEY, e.correlationId());
            MDC.put("event_id", e.eventId());
            MDC.put("order_id", e.orderId());
            MDC.put("user_id", e.userId());
            try {
                byte[] body = e.json().getBytes(StandardCharsets.UTF_8);
                String error = null;
                for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
                    Optional<UserWebhooks.Settings> settings = webhooks.find(userId);
                    if (settings.isEmpty()) {
                        LOG.info("webhook of user {} removed; event {} not delivered", userId, e.eventId());
                        return;
                    }
                    lastAttemptAt = Instant.now();
                    error = attempt(settings.get(), e, body, attempt);
                    if (error == null) {
                        deliveredCount.incrementAndGet();
                        delivered.increment();
                        LOG.debug("webhook event {} delivered to {} (attempt {})", e.eventId(), settings.get().origin(), attempt);
                        return;
                    }
                    lastError = error;
                    if (attempt < policy.maxAttempts()) {
                        retries.increment();
                        Duration wait = policy.backoff(attempt);
                        LOG.info("webhook event {} to {} failed (attempt {}/{}: {}); retrying in {} ms", e.eventId(),
                                settings.get().origin(), attempt, policy.maxAttempts(), error, wait.toMillis());
                        Thread.sleep(wait);
                        if (closed) {
                            return;
                        }
                    }
                }
                failedCount.incrementAndGet();
                gaveUp.increment();
                LOG.warn("webhook event {} of order {} given up after {} attempts: {}", e.eventId(), e.orderId(),
                        policy.maxAttempts(), error);
                try {
                    onGiveUp.accept(new GiveUp(e, policy.maxAttempts(), error));
                } catch (RuntimeException ex) {
                    LOG.warn("recording the failed webhook delivery of event {} failed: {}", e.eventId(), ex.toString());
                }
            } finally {
                MDC.remove(Correlation.MDC_KEY);
                MDC.remove("event_id");
                MDC.remove("order_id");
                MDC.remove("user_id");
            }
        }
    }

    /** One POST; null on a 2xx, else a short description of what went wrong (never the URL's path or query). */
    private String attempt(UserWebhooks.Settings s, OrderEvent e, byte[] body, int attempt) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(s.url())
                .timeout(policy.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "nija-router-webhooks/1")
                .header("X-Nija-Event-Id", e.eventId())
                .header("X-Nija-Event-Type", e.type())
                .header("X-Nija-Timestamp", Long.toString(Instant.now().getEpochSecond()))
                .header("X-Nija-Signature", WebhookSignature.sign(s.secret(), body))
                .header("X-Nija-Delivery-Attempt", Integer.toString(attempt))
                .header(Correlation.HEADER, e.correlationId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (IOException ex) {
            return ex.getClass().getSimpleName();
        } catch (IllegalArgumentException ex) {
            return "bad request: " + ex.getClass().getSimpleName();
        }
    }

    @Override
    public void close() {
        closed = true;
        router.interrupt();
        for (Thread t : workers) {
            t.interrupt();
        }
        http.close();
    }
}
