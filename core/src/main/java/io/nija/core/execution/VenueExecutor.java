package io.nija.core.execution;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.nija.core.routing.ExecutionStats;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works one venue's queue: takes tasks in fair priority order, spends request budget, asks the circuit
 * breaker, and performs each venue call on its own virtual thread (at most {@code maxInFlight} at once).
 * Results go back to the task's sink; the executor never changes an order itself.
 *
 * <p>Only venue-side failures count against the breaker: a user's bad key or empty account says nothing
 * about the venue's health.
 */
public final class VenueExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VenueExecutor.class);

    private final Venue venue;
    private final Clock clock;
    private final Scheduler scheduler;
    private final ExecutionStats stats;
    private final FairOrderQueue queue = new FairOrderQueue();
    private final VenueRateLimiter limiter;
    private final CircuitBreaker breaker;
    private final Semaphore inFlight;
    private final AtomicInteger active = new AtomicInteger();
    private final Thread dispatcher;
    private volatile boolean running = true;

    public VenueExecutor(Venue venue, ExecutorConfig config, Clock clock, Scheduler scheduler, ExecutionStats stats) {
        this.venue = venue;
        this.clock = clock;
        this.scheduler = scheduler;
        this.stats = stats;
        this.limiter = new VenueRateLimiter(clock, config.venueRequestsPerSecond(), config.perKeyRequestsPerSecond());
        this.inFlight = new Semaphore(config.maxInFlight());
        this.breaker = CircuitBreaker.of(venue.name(), CircuitBreakerConfig.custom()
                .failureRateThreshold(config.breakerFailureRate())
                .slidingWindowSize(config.breakerWindow())
                .minimumNumberOfCalls(Math.min(10, config.breakerWindow()))
                .waitDurationInOpenState(config.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .build());
        this.dispatcher = Thread.ofVirtual().name("executor-" + venue.name()).start(this::dispatchLoop);
    }

    public String venueName() {
        return venue.name();
    }

    public void submit(ExecutionTask task) {
        queue.add(task);
    }

    /** Tasks waiting plus calls in flight: the load the router weighs. */
    public int queueDepth() {
        return queue.size() + active.get();
    }

    public boolean isBreakerOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
    }

    public String breakerState() {
        return breaker.getState().name().toLowerCase(java.util.Locale.ROOT);
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public long sharedRateHeadroom() {
        return limiter.sharedHeadroom();
    }

    private void dispatchLoop() {
        while (running) {
            try {
                ExecutionTask task = queue.poll(200, TimeUnit.MILLISECONDS);
                if (task != null) {
                    dispatch(task);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("executor {} dispatcher error", venue.name(), e);
            }
        }
    }

    private void dispatch(ExecutionTask task) throws InterruptedException {
        VenueRateLimiter.Permit permit = limiter.tryAcquire(task.account().apiKey());
        while (!permit.granted()) {
            if (!permit.sharedLimit()) {
                // Only this user's key is out of budget: put the task back later, serve other users now.
                scheduler.schedule(permit.delay(), () -> queue.add(task));
                return;
            }
            awaitScheduled(permit.delay());
            permit = limiter.tryAcquire(task.account().apiKey());
        }
        inFlight.acquire();
        active.incrementAndGet();
        Thread.ofVirtual().start(() -> {
            try {
                task.sink().accept(perform(task));
            } catch (RuntimeException e) {
                LOG.error("delivering report for order {} failed", task.orderId(), e);
            } finally {
                active.decrementAndGet();
                inFlight.release();
            }
        });
    }

    /** Waits through the scheduler, so a simulation with a manual clock decides when the wait is over. */
    private void awaitScheduled(Duration wait) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        scheduler.schedule(wait, done::countDown);
        while (running && !done.await(100, TimeUnit.MILLISECONDS)) {
            // re-check running so close() is not held up by a long wait
        }
    }

    ExecutionReport perform(ExecutionTask task) {
        return switch (task.kind()) {
            case PLACE -> place(task);
            case QUERY -> query(task);
            case CANCEL -> cancel(task);
        };
    }

    private ExecutionReport place(ExecutionTask task) {
        if (task.withdrawn().getAsBoolean()) {
            return new ExecutionReport.NotSent(task, VenueErrorKind.UNKNOWN, "withdrawn before sending", null);
        }
        if (!breaker.tryAcquirePermission()) {
            return new ExecutionReport.NotSent(task, VenueErrorKind.VENUE_UNAVAILABLE, "circuit breaker " + breakerState(), null);
        }
        long start = clock.nanoTime();
        try {
            VenueOrderState state = withFills(task, venue.placeOrder(task.account(), task.request()));
            long latency = clock.nanoTime() - start;
            breaker.onSuccess(latency, TimeUnit.NANOSECONDS);
            stats.record(venue.name(), task.pair(), true, latency);
            return new ExecutionReport.VenueState(task, state, latency);
        } catch (VenueException e) {
            long latency = clock.nanoTime() - start;
            return placeFailed(task, e, latency);
        } catch (RuntimeException e) {
            long latency = clock.nanoTime() - start;
            breaker.onError(latency, TimeUnit.NANOSECONDS, e);
            stats.record(venue.name(), task.pair(), false, latency);
            return new ExecutionReport.Unknown(task, "unexpected error while sending: " + e);
        }
    }

    private ExecutionReport placeFailed(ExecutionTask task, VenueException e, long latency) {
        VenueErrorKind kind = e.kind();
        if (kind.isUserSide()) {
            breaker.onSuccess(latency, TimeUnit.NANOSECONDS);
            return new ExecutionReport.Refused(task, kind, e.getMessage());
        }
        if (kind == VenueErrorKind.RATE_LIMITED) {
            breaker.releasePermission();
            return new ExecutionReport.NotSent(task, kind, e.getMessage(), e.retryAfter());
        }
        breaker.onError(latency, TimeUnit.NANOSECONDS, e);
        stats.record(venue.name(), task.pair(), false, latency);
        // Timeouts, 5xx, resets and duplicate-id answers all leave the order's existence open.
        return new ExecutionReport.Unknown(task, kind.wire() + ": " + e.getMessage());
    }

    private ExecutionReport query(ExecutionTask task) {
        long start = clock.nanoTime();
        try {
            Optional<VenueOrderState> state = venue.queryOrder(task.account(), task.request().instrument(),
                    task.request().clientOrderId());
            return ExecutionReport.ofQuery(task, state.map(st -> withFills(task, st)), clock.nanoTime() - start);
        } catch (VenueException e) {
            return new ExecutionReport.QueryFailed(task, e.kind(), e.getMessage());
        } catch (RuntimeException e) {
            return new ExecutionReport.QueryFailed(task, VenueErrorKind.UNKNOWN, e.toString());
        }
    }

    private ExecutionReport cancel(ExecutionTask task) {
        long start = clock.nanoTime();
        try {
            VenueOrderState state = withFills(task,
                    venue.cancelOrder(task.account(), task.request().instrument(), task.request().clientOrderId()));
            return new ExecutionReport.VenueState(task, state, clock.nanoTime() - start);
        } catch (VenueException e) {
            return new ExecutionReport.QueryFailed(task, e.kind(), e.getMessage());
        } catch (RuntimeException e) {
            return new ExecutionReport.QueryFailed(task, VenueErrorKind.UNKNOWN, e.toString());
        }
    }

    /** Some venues answer with cumulative quantities only; then the fills are fetched so none is missed. */
    private VenueOrderState withFills(ExecutionTask task, VenueOrderState state) {
        if (state.filledQty() == null || state.filledQty().signum() == 0 || !state.fills().isEmpty()) {
            return state;
        }
        var fills = venue.fills(task.account(), task.request().instrument(), task.request().clientOrderId());
        return new VenueOrderState(state.venueOrderId(), state.clientOrderId(), state.symbol(), state.status(),
                state.quantity(), state.filledQty(), state.averagePrice(), fills, state.reason());
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        try {
            dispatcher.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
