package io.nija.server.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nija.core.order.Order;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <h2>Parts</h2>
 * {@link OutboxWriter} (intake → outbox, and the catch-up sweep), {@link OutboxPoller} (outbox → one delivery thread
 * per user) and {@link WebhookSender} (one attempt and its recorded outcome); this class wires them, owns the shared
 * stop flag and stops them in order.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

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
            return retry.requestTimeout().plus(WebhookSender.CONNECT_TIMEOUT).plus(Duration.ofSeconds(60));
        }
    }

    /** An event given up after every attempt failed. */
    public record GiveUp(OrderEvent event, int attempts, String lastError) {
    }

    /** What the webhook of one user has done through this instance since it started. */
    public record Stats(long delivered, long failed, long dropped, String lastError, Instant lastAttemptAt) {
    }

    private final Store store;
    private final Options options;
    private final String instanceId;
    private final WebhookUserStats stats = new WebhookUserStats();
    private final AtomicLong pendingInOutbox = new AtomicLong();
    private final OutboxWriter writer;
    private final WebhookSender sender;
    private final OutboxPoller poller;
    private volatile boolean closed;

    /**
     * @param jitter   uniform random numbers in [0, 1) for the backoff's jitter (null = {@link ThreadLocalRandom})
     * @param onGiveUp told of every event given up (the audit log)
     */
    public WebhookDispatcher(Store store, UserWebhooks webhooks, WebhookAddressGuard guard, Options options, Clock clock,
                             DoubleSupplier jitter, MeterRegistry registry, Consumer<GiveUp> onGiveUp) {
        this.store = store;
        this.options = options;
        this.instanceId = options.instanceId() != null ? options.instanceId()
                : "nija-" + UUID.randomUUID().toString().substring(0, 8);
        WebhookMeters meters = WebhookMeters.register(registry);
        this.sender = new WebhookSender(store, webhooks, guard, options.retry(), clock,
                jitter != null ? jitter : () -> ThreadLocalRandom.current().nextDouble(), onGiveUp, instanceId, meters,
                stats);
        this.poller = new OutboxPoller(store, options, clock, instanceId, sender, pendingInOutbox, () -> closed);
        this.writer = new OutboxWriter(store, webhooks, options, clock, meters, stats, () -> closed, poller::wake);
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
        writer.start();
        poller.start();
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * From the engine's lanes: never blocks. False (and counted {@code dropped}) when the intake is full or the
     * dispatcher is closed; true means the event will be written to the outbox (accepted) unless the process dies first.
     */
    public boolean enqueue(OrderEvent e) {
        return writer.enqueue(e);
    }

    /** Polls the outbox now (after new events were added elsewhere, or a test moved the clock). */
    public void wake() {
        poller.wake();
    }

    /** What a user's webhook did through this instance since it started (for GET /users/{id}/webhook). */
    public Stats stats(String userId) {
        return stats.snapshot(userId);
    }

    /** Events not yet accepted plus events pending in the outbox (all users; tests wait for zero). */
    public long pending() {
        long n = writer.held();
        try {
            long inOutbox = store.countPendingWebhookEvents();
            pendingInOutbox.set(inOutbox);
            n += inOutbox;
        } catch (RuntimeException e) {
            n += pendingInOutbox.get();
        }
        return n;
    }

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
        return writer.catchUp(eventOf);
    }

    /** One poll from the calling thread (tests): how many events it claimed and started delivering. */
    int pollNow() {
        return poller.pollOnce();
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
        poller.stopPolling();
        try {
            writer.awaitWrittenOut(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller.stopDeliveries();
        try {
            store.releaseWebhookClaims(instanceId);
        } catch (RuntimeException e) {
            LOG.warn("webhook outbox: releasing claims of {} failed; they expire after {}: {}", instanceId,
                    options.lease(), e.toString());
        }
        sender.close();
    }
}
