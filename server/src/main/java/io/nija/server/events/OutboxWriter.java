package io.nija.server.events;

import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.store.Store;
import io.nija.core.store.WebhookOutboxEvent;
import io.nija.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting half of the {@link WebhookDispatcher}: a bounded in-memory intake the engine's lanes offer events to
 * without ever blocking, and one writer thread that adds what the intake holds to the store's outbox in batches (an
 * event is accepted when its batch has committed). Also the catch-up sweep after a crash ({@link #catchUp}).
 */
final class OutboxWriter {
    /** Under the dispatcher's name, as before the split: operators' log filters keep working. */
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final Store store;
    private final UserWebhooks webhooks;
    private final WebhookDispatcher.Options options;
    private final Clock clock;
    private final WebhookMeters meters;
    private final WebhookUserStats stats;
    /** True from the start of the dispatcher's stop: no new events; the intake is written out, then the thread ends. */
    private final BooleanSupplier closed;
    /** Tells the poller that events were added. */
    private final Runnable added;
    private final BlockingQueue<OrderEvent> intake;
    /** Events taken from the intake and not yet committed to the outbox (for {@link #held}). */
    private final AtomicInteger writing = new AtomicInteger();
    private Thread thread;

    OutboxWriter(Store store, UserWebhooks webhooks, WebhookDispatcher.Options options, Clock clock, WebhookMeters meters,
                 WebhookUserStats stats, BooleanSupplier closed, Runnable added) {
        this.store = store;
        this.webhooks = webhooks;
        this.options = options;
        this.clock = clock;
        this.meters = meters;
        this.stats = stats;
        this.closed = closed;
        this.added = added;
        this.intake = new ArrayBlockingQueue<>(options.intakeCapacity());
    }

    void start() {
        thread = Thread.ofVirtual().name("nija-webhook-outbox-writer").start(this::writeLoop);
    }

    /** See {@link WebhookDispatcher#enqueue}. */
    boolean enqueue(OrderEvent e) {
        if (closed.getAsBoolean() || !intake.offer(e)) {
            meters.dropped().increment();
            stats.of(e.userId()).dropped.incrementAndGet();
            LOG.warn("webhook intake {}: event {} of order {} not delivered", closed.getAsBoolean() ? "closed" : "full",
                    e.eventId(), e.orderId());
            return false;
        }
        return true;
    }

    /** Events offered and not yet committed to the outbox. */
    long held() {
        return intake.size() + writing.get();
    }

    /** Once the dispatcher is closed: waits (up to {@code patience}) for the intake to be written out. */
    void awaitWrittenOut(Duration patience) throws InterruptedException {
        thread.join(patience);
    }

    private void writeLoop() {
        List<OrderEvent> batch = new ArrayList<>(options.batchSize());
        while (!closed.getAsBoolean() || !intake.isEmpty()) {
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
                if (!closed.getAsBoolean()) {
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
                int n = store.addWebhookEvents(rows);
                meters.accepted().increment(n);
                added.run();
                return;
            } catch (RuntimeException ex) {
                if (closed.getAsBoolean() && ++failuresWhileClosing >= 3) {
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

    /** See {@link WebhookDispatcher#catchUp}. */
    int catchUp(java.util.function.Function<Order, OrderEvent> eventOf) {
        Duration window = options.catchUpWindow();
        if (window.isZero() || closed.getAsBoolean()) {
            return 0;
        }
        Instant until = clock.now();
        Instant since = until.minus(window);
        int pageSize = Math.max(1, options.batchSize());
        String after = null;
        int addedRows = 0;
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
            addedRows += store.addWebhookCatchUpEvents(rows);
            if (page.size() < pageSize) {
                break;
            }
            after = page.get(page.size() - 1).orderId();
        }
        if (found > 0) {
            meters.accepted().increment(addedRows);
            LOG.info("webhook outbox catch-up: {} orders updated since {} had no event for their current state; {} "
                    + "events added{}", found, since, addedRows, addedRows < found
                    ? " (the others were added by another instance meanwhile, or the order moved on)" : "");
            added.run();
        }
        return addedRows;
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
}
