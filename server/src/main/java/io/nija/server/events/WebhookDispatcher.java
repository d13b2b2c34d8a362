package io.nija.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Delivers order events to users' webhooks from a durable outbox (the store's {@code webhook_outbox}), at least once.
 *
 * <h2>Accepting events</h2>
 * The engine's listener only {@link #enqueue}s: a bounded in-memory intake, never blocking the engine's lanes (an
 * event beyond its capacity is dropped and counted {@code dropped}). One writer thread takes what the intake holds in
 * batches, keeps the events of users who have a webhook, and adds them to the outbox in one transaction per batch. An
 * event is <b>accepted</b> when that transaction has committed: from then on it survives restarts and crashes and is
 * delivered or, after the last attempt, given up and recorded. Between {@code enqueue} and that commit (normally a
 * few milliseconds; longer only while the database is unreachable, when the writer keeps retrying the batch) the
 * event exists only in memory, while a graceful stop ({@link #close}) writes the intake out first. A crash of the
 * process in that window loses the event, but not the order, which the engine stored before making it: each outbox
 * row names the order state it describes, and at the next start the catch-up sweep ({@link #catchUp}) adds an event
 * for every recently updated order whose current state has none. So a receiver ends up with each order's latest
 * state; states the order passed through inside the crash window are not made again.
 *
 * <h2>Delivering</h2>
 * A poller claims due events from the outbox ({@link Store#claimWebhookEvents}): only each user's oldest pending event,
 * stamped with this instance's id and a lease, so events of one user go out in order and one at a time, and two
 * router instances sharing the database never deliver the same event at once. Each claimed event is delivered on its
 * own virtual thread, which then claims that user's next event; so a slow or failing receiver delays only its own
 * user's events. A delivery is a POST of the event JSON (the same bytes on every attempt) with {@code X-Nija-Event-Id},
 * {@code X-Nija-Event-Type}, {@code X-Nija-Signature: sha256=<hex HMAC-SHA256(secret, body)>}, {@code X-Nija-Timestamp}
 * (epoch seconds of the attempt), {@code X-Nija-Delivery-Attempt} and the correlation id. Before each attempt the
 * webhook's host is checked again by the {@link WebhookAddressGuard} (DNS may have changed since it was registered);
 * a refused address counts as a failed attempt and nothing is sent. Anything but a 2xx answer (or no answer) is
 * retried with exponential backoff and jitter, the next attempt's time stored as {@code next_attempt_at}; while a
 * user's oldest event waits for its retry, that user's later events wait behind it. After {@link
 * RetryPolicy#maxAttempts} the event is given up: status {@code gave_up}, counted, and reported to {@code onGiveUp}
 * (the audit log). An event whose user removed the webhook meanwhile is {@code discarded}.
 *
 * <h2>Restarts and several instances</h2>
 * Pending events are claimed again after a restart. A graceful stop releases this instance's claims so the events are
 * taken at once; the claims of a process that died expire after the lease ({@link Options#lease}) and are then taken
 * over, which may deliver an event its receiver already got: receivers de-duplicate by {@code X-Nija-Event-Id}. A
 * late outcome from an instance whose claim was taken over is not recorded. All timing (due times, backoff) comes
 * from the injected {@link Clock}; the poller wakes every {@link Options#pollInterval} of real time, or at once when
 * {@link #wake} is called or the writer has added events.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** How often and how patiently to deliver. */
    public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
        public RetryPolicy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }

        public static RetryPolicy defaults() {
            return new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10));
        }

        /**
         * The wait after attempt {@code attempt} failed: initial x 2^(attempt-1), capped at the maximum, then scaled by
         * a jitter factor of 0.8 to 1.2 ({@code random} is uniform in [0, 1)).
         */
        public Duration backoff(int attempt, double random) {
            long base = initialBackoff.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20);
            long capped = Math.min(base, maxBackoff.toMillis());
            double jitter = 0.8 + Math.min(Math.max(random, 0), 1) * 0.4;
            return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
        }
    }

    /**
     * @param retry          attempts and backoff
     * @param intakeCapacity events waiting to be written to the outbox before new ones are dropped
     * @param batchSize      events written to the outbox in one transaction at most
     * @param pollInterval   how often (real time) the outbox is polled for due events when nothing wakes the poller
     * @param maxInFlight    events being delivered at once by this instance (each of a different user)
     * @param retention      how long delivered, given-up and discarded events stay in the outbox
     * @param instanceId     this dispatcher's name on its claims; null = a random one
     * @param catchUpWindow  how far back from its start the catch-up sweep ({@link #catchUp}) looks at orders: it must
     *                       cover the time between a crash and the next start; zero = no sweep. Shorter than the
     *                       retention, so the rows it compares with are never pruned yet.
     */
    public record Options(RetryPolicy retry, int intakeCapacity, int batchSize, Duration pollInterval, int maxInFlight,
                          Duration retention, String instanceId, Duration catchUpWindow) {
        public Options {
            Objects.requireNonNull(retry, "retry");
            if (instanceId != null && instanceId.isBlank()) {
                instanceId = null;
            }
            Objects.requireNonNull(catchUpWindow, "catchUpWindow");
            if (catchUpWindow.isNegative() || catchUpWindow.compareTo(retention) >= 0) {
                throw new IllegalArgumentException("catchUpWindow must be zero or more and shorter than the retention ("
                        + retention + "), got " + catchUpWindow);
            }
        }

        public static Options defaults() {
            return new Options(RetryPolicy.defaults(), 100_000, 500, Duration.ofMillis(250), 1024, Duration.ofDays(7), null,
                    Duration.ofMinutes(15));
        }

        public Options withRetry(RetryPolicy r) {
            return new Options(r, intakeCapacity, batchSize, pollInterval, maxInFlight, retention, instanceId, catchUpWindow);
        }

        public Options withPollInterval(Duration d) {
            return new Options(retry, intakeCapacity, batchSize, d, maxInFlight, retention, instanceId, catchUpWindow);
        }

        public Options withIntakeCapacity(int n) {
            return new Options(retry, n, batchSize, pollInterval, maxInFlight, retention, instanceId, catchUpWindow);
        }

        public Options withInstanceId(String id) {
            return new Options(retry, intakeCapacity, batchSize, pollInterval, maxInFlight, retention, id, catchUpWindow);
        }

        public Options withCatchUpWindow(Duration d) {
            return new Options(retry, intakeCapacity, batchSize, pollInterval, maxInFlight, retention, instanceId, d);
        }

        /** How long a claim holds: longer than one attempt can take (address check, connect, request timeout). */
        public Duration lease() {
            return retry.requestTimeout().plus(CONNECT_TIMEOUT).plus(Duration.ofSeconds(60));
        }
    }

    /** An event given up after every attempt failed. */
    public record GiveUp(OrderEvent event, int attempts, String lastError) {
    }

    /** What the webhook of one user has done through this instance since it started. */
    public record Stats(long delivered, long failed, long dropped, String lastError, Instant lastAttemptAt) {
    }

    private final Store store;
    private final UserWebhooks webhooks;
    private final WebhookAddressGuard guard;
    private final Options options;
    private final RetryPolicy policy;
    private final Clock clock;
    private final DoubleSupplier jitter;
    private final Consumer<GiveUp> onGiveUp;
    private final String instanceId;
    private final ObjectMapper mapper = new ObjectMapper();
    private final BlockingQueue<OrderEvent> intake;
    /** Events taken from the intake and not yet committed to the outbox (for {@link #pending}). */
    private final AtomicInteger writing = new AtomicInteger();
    private final HttpClient http;
    private final Semaphore wakeups = new Semaphore(0);
    private final ConcurrentHashMap<String, UserStats> stats = new ConcurrentHashMap<>();
    /** Events being delivered by this instance (each of another user). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final AtomicLong pendingInOutbox = new AtomicLong();
    private final Thread writer;
    private final Thread poller;
    private final Counter delivered;
    private final Counter retried;
    private final Counter refused;
    private final Counter gaveUp;
    private final Counter dropped;
    private final Counter discarded;
    private final Counter retries;
    private final Counter accepted;
    private volatile boolean closed;
    private volatile long lastPruneNanos = System.nanoTime();

    /**
     * @param jitter   uniform random numbers in [0, 1) for the backoff's jitter (null = {@link ThreadLocalRandom})
     * @param onGiveUp told of every event given up (the audit log)
     */
    public WebhookDispatcher(Store store, UserWebhooks webhooks, WebhookAddressGuard guard, Options options, Clock clock,
                             DoubleSupplier jitter, MeterRegistry registry, Consumer<GiveUp> onGiveUp) {
        this.store = store;
        this.webhooks = webhooks;
        this.guard = guard;
        this.options = options;
        this.policy = options.retry();
        this.clock = clock;
        this.jitter = jitter != null ? jitter : () -> ThreadLocalRandom.current().nextDouble();
        this.onGiveUp = onGiveUp;
        this.instanceId = options.instanceId() != null ? options.instanceId()
                : "nija-" + UUID.randomUUID().toString().substring(0, 8);
        this.intake = new ArrayBlockingQueue<>(options.intakeCapacity());
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.delivered = deliveries(registry, "delivered");
        this.retried = deliveries(registry, "retried");
        this.refused = deliveries(registry, "refused");
        this.gaveUp = deliveries(registry, "gave_up");
        this.dropped = deliveries(registry, "dropped");
        this.discarded = deliveries(registry, "discarded");
        this.retries = Counter.builder("nija_webhook_retries")
                .description("Webhook delivery attempts that failed or were refused and will be tried again")
                .register(registry);
        this.accepted = Counter.builder("nija_webhook_outbox_accepted")
                .description("Order events committed to the webhook outbox (accepted for delivery)")
                .register(registry);
        Gauge.builder("nija_webhook_outbox_pending", pendingInOutbox, AtomicLong::get)
                .description("Events pending in the webhook outbox, over all users and all router instances sharing "
                        + "the database (use max, not sum, across instances)")
                .register(registry);
        try {
            // A restart under the same instance id: this id's claims are from a process that is gone.
            int released = store.releaseWebhookClaims(instanceId);
            if (released > 0) {
                LOG.info("webhook outbox: {} claims of a previous run of {} released", released, instanceId);
            }
        } catch (RuntimeException e) {
            LOG.warn("webhook outbox: releasing earlier claims failed: {}", e.toString());
        }
        this.writer = Thread.ofVirtual().name("nija-webhook-outbox-writer").start(this::writeLoop);
        this.poller = Thread.ofVirtual().name("nija-webhook-poller").start(this::pollLoop);
    }

    private static Counter deliveries(MeterRegistry registry, String outcome) {
        return Counter.builder("nija_webhook_deliveries").tag("outcome", outcome)
                .description("Webhook deliveries by outcome. Per attempt: delivered (2xx), retried (failed, tried again "
                        + "later), refused (address guard refused the host, tried again later), gave_up (the last attempt "
                        + "failed or was refused). Per event, without an attempt: dropped (intake full, never accepted), "
                        + "discarded (the user's webhook was removed)")
                .register(registry);
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * From the engine's lanes: never blocks. False (and counted {@code dropped}) when the intake is full or the
     * dispatcher is closed; true means the event will be written to the outbox (accepted) unless the process dies first.
     */
    public boolean enqueue(OrderEvent e) {
        if (closed || !intake.offer(e)) {
            dropped.increment();
            userStats(e.userId()).dropped.incrementAndGet();
            LOG.warn("webhook intake {}: event {} of order {} not delivered", closed ? "closed" : "full", e.eventId(),
                    e.orderId());
            return false;
        }
        return true;
    }

    /** Polls the outbox now (after new events were added elsewhere, or a test moved the clock). */
    public void wake() {
        wakeups.release();
    }

    /** What a user's webhook did through this instance since it started (for GET /users/{id}/webhook). */
    public Stats stats(String userId) {
        UserStats s = stats.get(userId);
        return s == null ? new Stats(0, 0, 0, null, null) : s.snapshot();
    }

    /** Events not yet accepted plus events pending in the outbox (all users; tests wait for zero). */
    public long pending() {
        long n = intake.size() + writing.get();
        try {
            long inOutbox = store.countPendingWebhookEvents();
            pendingInOutbox.set(inOutbox);
            n += inOutbox;
        } catch (RuntimeException e) {
            n += pendingInOutbox.get();
        }
        return n;
    }

    // --- accepting: intake -> outbox ------------------------------------------------------------------

    private void writeLoop() {
        List<OrderEvent> batch = new ArrayList<>(options.batchSize());
        while (!closed || !intake.isEmpty()) {
            try {
                OrderEvent first = intake.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                intake.drainTo(batch, options.batchSize() - 1);
                writing.set(batch.size());
                write(batch);
            } catch (InterruptedException e) {
                if (!closed) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                batch.clear();
                writing.set(0);
            }
        }
    }

    /** Adds a batch to the outbox, trying again while the store fails (and a little longer once closing). */
    private void write(List<OrderEvent> batch) throws InterruptedException {
        List<WebhookOutboxEvent> rows = new ArrayList<>(batch.size());
        for (OrderEvent e : batch) {
            if (hasWebhook(e.userId())) {
                rows.add(row(e));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        long waitMs = 50;
        int failuresWhileClosing = 0;
        while (true) {
            try {
                int added = store.addWebhookEvents(rows);
                accepted.increment(added);
                wake();
                return;
            } catch (RuntimeException ex) {
                if (closed && ++failuresWhileClosing >= 3) {
                    LOG.error("webhook outbox: {} events could not be stored before stopping and are lost: {}",
                            rows.size(), ex.toString());
                    return;
                }
                LOG.warn("webhook outbox: storing {} events failed, trying again in {} ms: {}", rows.size(), waitMs,
                        ex.toString());
                Thread.sleep(waitMs);
                waitMs = Math.min(waitMs * 2, 5_000);
            }
        }
    }

    /** The outbox row of an event, naming the order state it describes when the event says which. */
    private static WebhookOutboxEvent row(OrderEvent e) {
        WebhookOutboxEvent.OrderState state = null;
        if (e.orderId() != null && e.status() != null && e.orderUpdatedAt() != null) {
            try {
                state = new WebhookOutboxEvent.OrderState(e.orderId(), OrderStatus.parse(e.status()), e.orderUpdatedAt());
            } catch (IllegalArgumentException unknownStatus) {
                state = null;
            }
        }
        return WebhookOutboxEvent.of(e.eventId(), e.userId(), e.json(), e.createdAt(), state);
    }

    // --- catching up after a crash --------------------------------------------------------------------

    /**
     * The catch-up sweep, run once when the router starts (by {@link Notifications}, before the engine resumes
     * orders). For the users who have a webhook, it finds the orders updated within {@link Options#catchUpWindow}
     * before now whose current state (status and updated-at) no outbox row describes: their event was lost in a crash
     * between the order's commit and the outbox's. For each it adds one event built by {@code eventOf} from the stored
     * order, exactly as the engine's events are built (a new event id), and the poller delivers it as usual.
     *
     * <p>Only each order's latest state is made again: states an order passed through inside the crash window are not.
     * So a receiver always ends up with each order's latest state. Router instances sweeping at the same time add one
     * event per order state between them (the store's unique index on catch-up rows). Not covered: an outage longer
     * than the window; and an instance already running whose event for the same state is not yet committed when
     * another instance starts and sweeps (milliseconds) gives its receiver that state twice, under two event ids.
     *
     * @return how many events were added
     */
    public int catchUp(java.util.function.Function<Order, OrderEvent> eventOf) {
        Duration window = options.catchUpWindow();
        if (window.isZero() || closed) {
            return 0;
        }
        Instant until = clock.now();
        Instant since = until.minus(window);
        int pageSize = Math.max(1, options.batchSize());
        String after = null;
        int added = 0;
        int found = 0;
        while (true) {
            List<Order> page = store.findOrdersMissingWebhookEvent(since, until, after, pageSize);
            if (page.isEmpty()) {
                break;
            }
            found += page.size();
            List<WebhookOutboxEvent> rows = new ArrayList<>(page.size());
            for (Order o : page) {
                try {
                    WebhookOutboxEvent row = row(eventOf.apply(o));
                    if (row.order() != null) {
                        rows.add(row);
                    }
                } catch (RuntimeException ex) {
                    LOG.warn("webhook outbox catch-up: the event of order {} was not built: {}", o.orderId(), ex.toString());
                }
            }
            added += store.addWebhookCatchUpEvents(rows);
            if (page.size() < pageSize) {
                break;
            }
            after = page.get(page.size() - 1).orderId();
        }
        if (found > 0) {
            accepted.increment(added);
            LOG.info("webhook outbox catch-up: {} orders updated since {} had no event for their current state; {} "
                    + "events added{}", found, since, added, added < found
                    ? " (the others were added by another instance meanwhile, or the order moved on)" : "");
            wake();
        }
        return added;
    }

    private boolean hasWebhook(String userId) {
        try {
            return webhooks.find(userId).isPresent();
        } catch (RuntimeException ex) {
            // Unknown: keep the event; the delivery looks again and discards it if there is no webhook.
            LOG.warn("webhook of user {} could not be looked up; event kept for the outbox: {}", userId, ex.toString());
            return true;
        }
    }

    // --- delivering: outbox -> receivers --------------------------------------------------------------

    private void pollLoop() {
        while (!closed) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                LOG.warn("webhook outbox poll failed: {}", e.toString());
            }
            try {
                if (wakeups.tryAcquire(options.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One poll from the calling thread (tests): how many events it claimed and started delivering. */
    int pollNow() {
        return pollOnce();
    }

    private int pollOnce() {
        int started = 0;
        int free = options.maxInFlight() - inFlight.get();
        if (free > 0 && !closed) {
            Instant now = clock.now();
            for (WebhookOutboxEvent row : store.claimWebhookEvents(instanceId, now, now.plus(options.lease()), free, null)) {
                if (closed) {
                    break;
                }
                startWorker(row);
                started++;
            }
        }
        pendingInOutbox.set(store.countPendingWebhookEvents());
        if (System.nanoTime() - lastPruneNanos > Duration.ofHours(1).toNanos()) {
            lastPruneNanos = System.nanoTime();
            int pruned = store.pruneWebhookEvents(clock.now().minus(options.retention()));
            if (pruned > 0) {
                LOG.info("webhook outbox: {} finished events older than {} pruned", pruned, options.retention());
            }
        }
        return started;
    }

    private void startWorker(WebhookOutboxEvent first) {
        inFlight.incrementAndGet();
        Thread t = Thread.ofVirtual().name("nija-webhook-" + first.userId()).unstarted(() -> {
            try {
                drain(first);
            } finally {
                inFlight.decrementAndGet();
                workers.remove(Thread.currentThread());
            }
        });
        workers.add(t);
        t.start();
    }

    /** Delivers a claimed event; after a final outcome, claims and delivers the user's next one. */
    private void drain(WebhookOutboxEvent first) {
        WebhookOutboxEvent row = first;
        while (row != null && !closed) {
            boolean finalOutcome;
            try {
                finalOutcome = deliver(row);
            } catch (InterruptedException e) {
                return; // closing: the claim is released by close()
            } catch (RuntimeException e) {
                LOG.warn("webhook event {}: recording the attempt failed; it is tried again when its claim expires: {}",
                        row.eventId(), e.toString());
                return;
            }
            if (!finalOutcome || closed) {
                return;
            }
            try {
                Instant now = clock.now();
                List<WebhookOutboxEvent> next = store.claimWebhookEvents(instanceId, now, now.plus(options.lease()), 1,
                        row.userId());
                row = next.isEmpty() ? null : next.get(0);
            } catch (RuntimeException e) {
                LOG.warn("webhook outbox: claiming the next event of user {} failed: {}", row.userId(), e.toString());
                return;
            }
        }
    }

    /** One attempt on a claimed event; true when the event reached a final status (delivered, gave up, discarded). */
    private boolean deliver(WebhookOutboxEvent row) throws InterruptedException {
        OrderEvent e = event(row);
        UserStats us = userStats(row.userId());
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
                    discarded.increment();
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
                    delivered.increment();
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
                    (wasRefused ? refused : retried).increment();
                    retries.increment();
                    LOG.info("webhook event {} to {} failed (attempt {}/{}: {}); next attempt at {}", e.eventId(),
                            settings.get().origin(), attempt, policy.maxAttempts(), error, next);
                }
                return false;
            }
            if (store.finishWebhookAttempt(row.eventId(), instanceId, WebhookAttempt.gaveUp(attempt, error, at))) {
                gaveUp.increment();
                us.failed.incrementAndGet();
                LOG.warn("webhook event {} of order {} given up after {} attempts: {}", e.eventId(), e.orderId(), attempt,
                        error);
                try {
                    onGiveUp.accept(new GiveUp(e, attempt, error));
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
        try {
            HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (IOException ex) {
            return ex.getClass().getSimpleName();
        } catch (IllegalArgumentException ex) {
            return "bad request: " + ex.getClass().getSimpleName();
        }
    }

    private UserStats userStats(String userId) {
        return stats.computeIfAbsent(userId, u -> new UserStats());
    }

    private static final class UserStats {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        volatile String lastError;
        volatile Instant lastAttemptAt;

        Stats snapshot() {
            return new Stats(delivered.get(), failed.get(), dropped.get(), lastError, lastAttemptAt);
        }
    }

    /**
     * Stops: writes what the intake holds to the outbox, stops polling, interrupts attempts under way (their events
     * stay pending and are delivered again) and releases this instance's claims. Call before the store closes.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        poller.interrupt();
        try {
            writer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Thread t : workers) {
            t.interrupt();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Thread t : workers) {
            try {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            poller.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.releaseWebhookClaims(instanceId);
        } catch (RuntimeException e) {
            LOG.warn("webhook outbox: releasing claims of {} failed; they expire after {}: {}", instanceId,
                    options.lease(), e.toString());
        }
        http.close();
    }
}
