package io.nija.server.events;

import io.nija.core.store.Store;
import io.nija.core.store.WebhookOutboxEvent;
import io.nija.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivering loop of the {@link WebhookDispatcher}: claims due events from the outbox (each user's oldest, under a
 * lease) and hands each to its own virtual thread, which has the {@link WebhookSender} try it and, after a final
 * outcome, claims and sends that user's next event; so a slow receiver delays only its own user. Also keeps the
 * pending-events gauge current and prunes finished events past their retention.
 */
final class OutboxPoller {
    /** Under the dispatcher's name, as before the split: operators' log filters keep working. */
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final Store store;
    private final WebhookDispatcher.Options options;
    private final Clock clock;
    private final String instanceId;
    private final WebhookSender sender;
    /** The nija_webhook_outbox_pending gauge's value. */
    private final AtomicLong pendingInOutbox;
    /** True from the start of the dispatcher's stop: nothing new is claimed. */
    private final BooleanSupplier closed;
    private final Semaphore wakeups = new Semaphore(0);
    /** Events being delivered by this instance (each of another user). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private volatile long lastPruneNanos = System.nanoTime();
    private Thread thread;

    OutboxPoller(Store store, WebhookDispatcher.Options options, Clock clock, String instanceId, WebhookSender sender,
                 AtomicLong pendingInOutbox, BooleanSupplier closed) {
        this.store = store;
        this.options = options;
        this.clock = clock;
        this.instanceId = instanceId;
        this.sender = sender;
        this.pendingInOutbox = pendingInOutbox;
        this.closed = closed;
    }

    void start() {
        thread = Thread.ofVirtual().name("nija-webhook-poller").start(this::pollLoop);
    }

    /** Polls now instead of at the next interval. */
    void wake() {
        wakeups.release();
    }

    private void pollLoop() {
        while (!closed.getAsBoolean()) {
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

    /** One poll: how many events it claimed and started delivering. */
    int pollOnce() {
        int started = 0;
        int free = options.maxInFlight() - inFlight.get();
        if (free > 0 && !closed.getAsBoolean()) {
            Instant now = clock.now();
            for (WebhookOutboxEvent row : store.claimWebhookEvents(instanceId, now, now.plus(options.lease()), free, null)) {
                if (closed.getAsBoolean()) {
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
        while (row != null && !closed.getAsBoolean()) {
            boolean finalOutcome;
            try {
                finalOutcome = sender.deliver(row);
            } catch (InterruptedException e) {
                return; // closing: the claim is released by the dispatcher's close()
            } catch (RuntimeException e) {
                LOG.warn("webhook event {}: recording the attempt failed; it is tried again when its claim expires: {}",
                        row.eventId(), e.toString());
                return;
            }
            if (!finalOutcome || closed.getAsBoolean()) {
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

    /**
     * First step of a stop (the dispatcher is already closed): the loop ends without waiting for its next poll. Woken,
     * not interrupted: an interrupt inside a store call would break the database connection (and log it).
     */
    void stopPolling() {
        wake();
    }

    /**
     * Interrupts the attempts waiting for a receiver (their events stay pending) and waits for every delivery thread,
     * then for the loop, each for a bounded time.
     */
    void stopDeliveries() {
        sender.interruptSends();
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
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
