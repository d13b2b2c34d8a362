package io.nija.core.execution;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.nija.core.routing.ExecutionStats;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.venue.CallKind;
import io.nija.core.venue.RequestBudget;
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
 * Works one venue's queue: takes tasks in fair priority order, reserves each call's cost from the venue's request
 * budget ({@link Venue#budget()}, the one authority on what may be sent), asks the circuit breaker, and performs each
 * venue call on its own virtual thread (at most {@code maxInFlight} at once). Results go back to the task's sink; the
 * executor never changes an order itself.
 *
 * <p>A task the budget refuses goes back to the queue after the budget's delay and holds nothing meanwhile: no key
 * slot, no in-flight permit, no budget. When the refusing limit is the key's own, only that key's tasks wait; when it is
 * shared by every user (a per-IP weight), the whole venue waits. A venue's rate-limit answer is recorded in the budget
 * (by the adapter, against the limits it hit), so the next reservation carries the wait: there is no pause list here.
 *
 * <p>Where a venue's place answer is only an acknowledgement, the executor reads the order back once, within the
 * budget; a read-back that has no budget or fails is skipped and the engine's follow-ups learn the rest. It is also
 * skipped while the account's private stream at the venue is healthy ({@link #readBackUnlessStreamed}): the stream
 * pushes the order's state, and the engine's REST safety net still asks about a resting order at the stream's pace.
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
    private final RequestBudget budget;
    private final CircuitBreaker breaker;
    private final Semaphore inFlight;
    private final AtomicInteger active = new AtomicInteger();
    private final Thread dispatcher;
    private final SendJournal journal;
    private final ExecutorConfig config;
    /** Breakers for user-side failures (bad key, no funds), one per user: they stop that user only. */
    private final java.util.concurrent.ConcurrentHashMap<String, CircuitBreaker> userBreakers = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Calls running per API key, and the key's tasks set aside while it is at {@link Venue#maxConcurrentCallsPerKey}.
     * Set-aside tasks hold no permit: one user's calls queued behind their own key never stall another user's.
     */
    private final java.util.Map<String, Integer> callsPerKey = new java.util.HashMap<>();
    private final java.util.Map<String, java.util.ArrayDeque<ExecutionTask>> waitingForKey = new java.util.HashMap<>();
    private final int perKeyCap;
    private final AtomicInteger setAside = new AtomicInteger();
    /**
     * Tasks of a key waiting out a refusal of its budget, released together when the wait is over so the fair queue
     * serves them by priority. A timer per task would let them out in the order they were refused: an entry refused a
     * moment before the same user's stop loss would leave first. Guarded by {@link #callsPerKey}'s lock.
     */
    private final java.util.Map<String, java.util.List<ExecutionTask>> waitingForBudget = new java.util.HashMap<>();
    /**
     * When the budget's last refusals end, for routing to see which venues have no budget now: per key (its own
     * limit) and for the whole venue (a shared limit). Only written on refusals, so reading them costs nothing.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> keyRefusedUntilNanos = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long venueRefusedUntilNanos = Long.MIN_VALUE;
    private volatile boolean running = true;
    /** Whether an account's private stream at this venue is healthy now; never, until the engine has streams. */
    private volatile java.util.function.Predicate<io.nija.core.venue.VenueAccount> streamHealthy = a -> false;
    /** Inline mode: the one thread driving the simulation is already running the queue (submits only enqueue). */
    private boolean pumping;

    public VenueExecutor(Venue venue, ExecutorConfig config, Clock clock, Scheduler scheduler, ExecutionStats stats) {
        this(venue, config, clock, scheduler, stats, SendJournal.NONE);
    }

    public VenueExecutor(Venue venue, ExecutorConfig config, Clock clock, Scheduler scheduler, ExecutionStats stats,
                         SendJournal journal) {
        this.venue = venue;
        this.journal = journal;
        this.config = config;
        this.clock = clock;
        this.scheduler = scheduler;
        this.stats = stats;
        // The exchange's own budget where the adapter has one; the configured generic rates otherwise.
        this.budget = venue.budget().orElseGet(() -> new ConfiguredRateBudget(clock, config));
        this.inFlight = new Semaphore(config.maxInFlight());
        this.perKeyCap = Math.max(1, Math.min(venue.maxConcurrentCallsPerKey(), config.maxInFlight()));
        this.breaker = CircuitBreaker.of(venue.name(), CircuitBreakerConfig.custom()
                .failureRateThreshold(config.breakerFailureRate())
                .slidingWindowSize(config.breakerWindow())
                .minimumNumberOfCalls(Math.min(10, config.breakerWindow()))
                .waitDurationInOpenState(config.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                // The router stops sending to an open venue, so no call would ever move the breaker on: let time do it.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        this.dispatcher = config.inlineCalls() ? null
                : Thread.ofVirtual().name("executor-" + venue.name()).start(this::dispatchLoop);
    }

    public String venueName() {
        return venue.name();
    }

    /**
     * The venue itself, for the few calls made outside the queue on a person's request (checking a key before it is
     * stored, reading balances): they are rare, and a person waits for their answer.
     */
    public Venue venue() {
        return venue;
    }

    /**
     * Skips the read-back after an acknowledgement-only place answer while {@code streamHealthy} says the account's
     * private stream is delivering: the stream pushes the order's state, so the read would only repeat it. With the
     * stream down or unknown the order is read back as before.
     */
    public void readBackUnlessStreamed(java.util.function.Predicate<io.nija.core.venue.VenueAccount> streamHealthy) {
        this.streamHealthy = streamHealthy == null ? a -> false : streamHealthy;
    }

    public void submit(ExecutionTask task) {
        queue.add(task);
        if (config.inlineCalls()) {
            pump();
        }
    }

    /**
     * Inline mode: runs the queue to empty on this thread. A submit made while it runs (a lane reacting to a report)
     * only enqueues; this loop picks it up, so calls never nest.
     */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            ExecutionTask task;
            while (running && (task = queue.poll(0, TimeUnit.NANOSECONDS)) != null) {
                try {
                    dispatch(task);
                } catch (RuntimeException e) {
                    LOG.error("executor {} dispatch error", venue.name(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pumping = false;
        }
    }

    /** Tasks waiting plus calls in flight: the load the router weighs. */
    public int queueDepth() {
        return queue.size() + active.get() + setAside.get();
    }

    /** See {@link Venue#sharesOpenOrdersRead()}. */
    public boolean sharesOpenOrdersRead() {
        return venue.sharesOpenOrdersRead();
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

    /** Venue calls running right now (not queued, not waiting for a rate-limit permit). */
    public int callsInFlight() {
        return active.get();
    }

    public long sharedRateHeadroom() {
        return budget.sharedHeadroom();
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
            } catch (Throwable e) {
                // The dispatcher must outlive any single task: a dead dispatcher would strand the whole venue.
                LOG.error("executor {} dispatcher error", venue.name(), e);
            }
        }
    }

    private void dispatch(ExecutionTask task) throws InterruptedException {
        if (joinsKeyWaitingForBudget(task)) {
            return; // its key waits out a refusal: it leaves with the key's other tasks, by priority
        }
        if (!claimKeySlot(task)) {
            return; // set aside until one of this key's calls comes back
        }
        RequestBudget.Permit permit = budget.reserve(task.account(), callKind(task.kind()), task.request());
        while (!permit.granted()) {
            noteRefusal(task.account().apiKey(), permit);
            // Out of budget, or told to back off: the task holds no key slot and no budget while it waits.
            releaseKeySlot(task.account().apiKey());
            if (!permit.sharedLimit() || config.inlineCalls()) {
                // Only this key is out of budget (or, inline, nothing may block the thread that drives virtual time):
                // hold the task with the key's others until the wait is over and serve other users now.
                waitForBudget(task, permit.delay());
                return;
            }
            // Every user shares this limit: the whole venue waits (this dispatcher), and the task keeps its turn. Put
            // back in the queue, it would lose its turn to whichever task is polled first when budget returns, for
            // ever if that is always another user's.
            awaitScheduled(permit.delay());
            if (!running) {
                return;
            }
            if (!claimKeySlot(task)) {
                return; // its key filled up meanwhile: set aside until one of its calls comes back
            }
            permit = budget.reserve(task.account(), callKind(task.kind()), task.request());
        }
        RequestBudget.Permit paid = permit;
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            budget.refund(paid);
            releaseKeySlot(task.account().apiKey());
            throw e;
        }
        active.incrementAndGet();
        Runnable call = () -> {
            ExecutionReport report;
            try {
                report = perform(task, paid);
            } catch (Throwable e) {
                // Whatever went wrong, the lane must hear about this task, or the leg would wait forever.
                LOG.error("venue call for order {} failed unexpectedly", task.orderId(), e);
                report = task.kind() == TaskKind.PLACE ? new ExecutionReport.Unknown(task, "internal error: " + e)
                        : new ExecutionReport.QueryFailed(task, VenueErrorKind.UNKNOWN, "internal error: " + e);
            }
            try {
                task.sink().accept(report);
            } catch (Throwable e) {
                LOG.error("delivering report for order {} failed", task.orderId(), e);
            } finally {
                active.decrementAndGet();
                inFlight.release();
                releaseKeySlot(task.account().apiKey());
            }
        };
        if (config.inlineCalls()) {
            call.run();
        } else {
            Thread.ofVirtual().start(call);
        }
    }

    /** Holds the task with its key's others waiting out a refusal, if there are any. */
    private void noteRefusal(String apiKey, RequestBudget.Permit permit) {
        long until = clock.nanoTime() + permit.delay().toNanos();
        if (permit.sharedLimit()) {
            venueRefusedUntilNanos = Math.max(venueRefusedUntilNanos, until);
        } else {
            keyRefusedUntilNanos.merge(apiKey, until, Math::max);
        }
    }

    /**
     * How long until this key may send again as far as the budget's last refusals say (zero when nothing was
     * refused or the wait is over): routing gives a venue without budget now no share while another venue has one.
     */
    public Duration budgetWait(String apiKey) {
        long now = clock.nanoTime();
        long until = Math.max(venueRefusedUntilNanos, keyRefusedUntilNanos.getOrDefault(apiKey, Long.MIN_VALUE));
        if (until <= now) {
            keyRefusedUntilNanos.remove(apiKey, until);
            return Duration.ZERO;
        }
        return Duration.ofNanos(until - now);
    }

    private boolean joinsKeyWaitingForBudget(ExecutionTask task) {
        synchronized (callsPerKey) {
            java.util.List<ExecutionTask> waiting = waitingForBudget.get(task.account().apiKey());
            if (waiting == null) {
                return false;
            }
            waiting.add(task);
            setAside.incrementAndGet();
            return true;
        }
    }

    /** Holds a refused task; the first one held for a key sets when the key's tasks go back to the queue. */
    private void waitForBudget(ExecutionTask task, Duration delay) {
        String key = task.account().apiKey();
        boolean first;
        synchronized (callsPerKey) {
            java.util.List<ExecutionTask> waiting = waitingForBudget.get(key);
            first = waiting == null;
            if (first) {
                waiting = new java.util.ArrayList<>();
                waitingForBudget.put(key, waiting);
            }
            waiting.add(task);
            setAside.incrementAndGet();
        }
        if (first) {
            scheduler.schedule(delay, () -> releaseWaitingForBudget(key));
        }
    }

    /** The key's wait is over: all its held tasks go back to the fair queue together (which orders them). */
    private void releaseWaitingForBudget(String key) {
        java.util.List<ExecutionTask> waiting;
        synchronized (callsPerKey) {
            waiting = waitingForBudget.remove(key);
        }
        if (waiting == null) {
            return;
        }
        setAside.addAndGet(-waiting.size());
        waiting.forEach(queue::add);
        if (config.inlineCalls()) {
            pump();
        }
    }

    /** Takes one of the task's key slots, or sets the task aside for that key when all are taken. */
    private boolean claimKeySlot(ExecutionTask task) {
        String key = task.account().apiKey();
        synchronized (callsPerKey) {
            int running = callsPerKey.getOrDefault(key, 0);
            if (running >= perKeyCap) {
                waitingForKey.computeIfAbsent(key, k -> new java.util.ArrayDeque<>()).add(task);
                setAside.incrementAndGet();
                return false;
            }
            callsPerKey.put(key, running + 1);
            return true;
        }
    }

    /** Gives a key slot back and returns the key's oldest set-aside task, if any, to the fair queue. */
    private void releaseKeySlot(String key) {
        ExecutionTask next = null;
        synchronized (callsPerKey) {
            int running = callsPerKey.getOrDefault(key, 1) - 1;
            if (running <= 0) {
                callsPerKey.remove(key);
            } else {
                callsPerKey.put(key, running);
            }
            java.util.ArrayDeque<ExecutionTask> waiting = waitingForKey.get(key);
            if (waiting != null) {
                next = waiting.poll();
                if (waiting.isEmpty()) {
                    waitingForKey.remove(key);
                }
            }
        }
        if (next != null) {
            setAside.decrementAndGet();
            // Inline, the pump that ran this call is still looping and picks the task up.
            queue.add(next);
        }
    }

    /** Waits through the scheduler, so a simulation with a manual clock decides when the wait is over. */
    private void awaitScheduled(Duration wait) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        scheduler.schedule(wait, done::countDown);
        while (running && !done.await(100, TimeUnit.MILLISECONDS)) {
            // re-check running so close() is not held up by a long wait
        }
    }

    private static CallKind callKind(TaskKind kind) {
        return switch (kind) {
            case PLACE -> CallKind.PLACE;
            case QUERY -> CallKind.QUERY;
            case CANCEL -> CallKind.CANCEL;
            case OPEN_ORDERS -> CallKind.OPEN_ORDERS;
        };
    }

    /** Performs the task's call, paid by {@code permit} (given back when the call is not made). */
    ExecutionReport perform(ExecutionTask task, RequestBudget.Permit permit) {
        return switch (task.kind()) {
            case PLACE -> place(task, permit);
            case QUERY -> query(task, permit);
            case CANCEL -> cancel(task, permit);
            case OPEN_ORDERS -> openOrders(task, permit);
        };
    }

    private ExecutionReport place(ExecutionTask task, RequestBudget.Permit permit) {
        if (task.withdrawn().getAsBoolean()) {
            budget.refund(permit);
            return new ExecutionReport.NotSent(task, VenueErrorKind.UNKNOWN, "withdrawn before sending", null);
        }
        CircuitBreaker userBreaker = userBreaker(task.userId());
        if (!userBreaker.tryAcquirePermission()) {
            budget.refund(permit);
            return new ExecutionReport.Refused(task, VenueErrorKind.AUTH_FAILED,
                    "this user's account on " + venue.name() + " keeps failing (bad key or no funds); paused");
        }
        if (!breaker.tryAcquirePermission()) {
            budget.refund(permit);
            userBreaker.releasePermission();
            return new ExecutionReport.NotSent(task, VenueErrorKind.VENUE_UNAVAILABLE, "circuit breaker " + breakerState(), null);
        }
        long intent;
        try {
            intent = journal.intent(task);
        } catch (RuntimeException e) {
            // Without the intent on record a crash could hide this send: do not send.
            budget.refund(permit);
            breaker.releasePermission();
            userBreaker.releasePermission();
            return new ExecutionReport.NotSent(task, VenueErrorKind.UNKNOWN, "could not record the send intent: " + e, null);
        }
        long start = clock.nanoTime();
        try {
            VenueOrderState placed = budget.spend(permit, () -> venue.placeOrder(task.account(), task.request()));
            long latency = clock.nanoTime() - start;
            breaker.onSuccess(latency, TimeUnit.NANOSECONDS);
            userBreaker.onSuccess(latency, TimeUnit.NANOSECONDS);
            stats.record(venue.name(), task.pair(), true, latency);
            recordOutcome(intent, "accepted", placed.status().name());
            VenueOrderState known = venue.placeAnswerIsAcknowledgement() && !streamed(task) ? readBack(task, placed) : placed;
            return new ExecutionReport.VenueState(task, fillsIfReadable(task, known), latency);
        } catch (VenueException e) {
            long latency = clock.nanoTime() - start;
            ExecutionReport r = placeFailed(task, e, latency, userBreaker);
            recordOutcome(intent, outcomeOf(r), e.kind().wire());
            return r;
        } catch (RuntimeException e) {
            long latency = clock.nanoTime() - start;
            breaker.onError(latency, TimeUnit.NANOSECONDS, e);
            userBreaker.releasePermission();
            stats.record(venue.name(), task.pair(), false, latency);
            recordOutcome(intent, "unknown", e.getClass().getSimpleName());
            return new ExecutionReport.Unknown(task, "unexpected error while sending: " + e);
        }
    }

    private ExecutionReport placeFailed(ExecutionTask task, VenueException e, long latency, CircuitBreaker userBreaker) {
        VenueErrorKind kind = e.kind();
        if (kind.isUserSide()) {
            // The venue is fine; the user's account is not. Only that user's breaker counts it.
            breaker.onSuccess(latency, TimeUnit.NANOSECONDS);
            if (kind == VenueErrorKind.AUTH_FAILED || kind == VenueErrorKind.PERMISSION_DENIED
                    || kind == VenueErrorKind.INSUFFICIENT_FUNDS) {
                userBreaker.onError(latency, TimeUnit.NANOSECONDS, e);
            } else {
                userBreaker.onSuccess(latency, TimeUnit.NANOSECONDS);
            }
            return new ExecutionReport.Refused(task, kind, e.getMessage());
        }
        userBreaker.releasePermission();
        if (kind == VenueErrorKind.RATE_LIMITED) {
            breaker.releasePermission();
            budget.rateLimited(task.account(), e.retryAfter());
            return new ExecutionReport.NotSent(task, kind, e.getMessage(), e.retryAfter());
        }
        breaker.onError(latency, TimeUnit.NANOSECONDS, e);
        stats.record(venue.name(), task.pair(), false, latency);
        // Timeouts, 5xx, resets and duplicate-id answers all leave the order's existence open.
        return new ExecutionReport.Unknown(task, kind.wire() + ": " + e.getMessage());
    }

    private static String outcomeOf(ExecutionReport r) {
        return switch (r) {
            case ExecutionReport.Refused x -> "refused";
            case ExecutionReport.NotSent x -> "not_sent";
            case ExecutionReport.Unknown x -> "unknown";
            default -> "answered";
        };
    }

    private void recordOutcome(long intent, String outcome, String detail) {
        try {
            journal.outcome(intent, outcome, detail);
        } catch (RuntimeException e) {
            // The intent stays open; reconciliation will ask the venue. Nothing is lost, only re-checked.
            LOG.warn("could not record the outcome of venue request {}: {}", intent, e.toString());
        }
    }

    /** Whether the account's stream will push this order's state; a failing health check counts as no stream. */
    private boolean streamed(ExecutionTask task) {
        try {
            return streamHealthy.test(task.account());
        } catch (RuntimeException e) {
            LOG.debug("{}: stream health of {} unknown, reading the order back: {}", venue.name(),
                    task.account().userId(), e.toString());
            return false;
        }
    }

    /**
     * After an acknowledgement-only place answer: the order as the venue now lists it, read once through the same
     * budget, or the acknowledged state when there is no budget for the read, the venue does not list the order yet, or
     * the read fails in any way (a key that may trade but not read, a rate limit, a 5xx, a timeout). The order was
     * accepted: nothing the read runs into may make it look refused or unsent, or it would be recorded rejected (and
     * untracked) or sent again under the same client order id. The engine's follow-up queries learn the rest.
     */
    private VenueOrderState readBack(ExecutionTask task, VenueOrderState accepted) {
        RequestBudget.Permit permit = budget.reserve(task.account(), CallKind.QUERY, task.request());
        if (!permit.granted()) {
            LOG.debug("{} accepted order {}; no budget to read it back now", venue.name(), accepted.clientOrderId());
            return accepted;
        }
        try {
            Optional<VenueOrderState> read = budget.spend(permit, () -> venue.queryOrder(task.account(),
                    task.request().instrument(), task.request().clientOrderId()));
            if (read.isPresent()) {
                return read.get();
            }
            LOG.debug("{} accepted order {} ({}) but does not list it yet", venue.name(), accepted.clientOrderId(),
                    accepted.venueOrderId());
        } catch (VenueException e) {
            LOG.info("{} accepted order {} ({}); reading it back failed ({}), reporting it {}: {}", venue.name(),
                    accepted.clientOrderId(), accepted.venueOrderId(), e.kind().wire(), accepted.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} accepted order {} ({}); reading it back failed unexpectedly, reporting it {}", venue.name(),
                    accepted.clientOrderId(), accepted.venueOrderId(), accepted.status(), e);
        }
        return accepted;
    }

    private CircuitBreaker userBreaker(String userId) {
        return userBreakers.computeIfAbsent(userId, u -> CircuitBreaker.of(venue.name() + "/" + u,
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(50f)
                        .slidingWindowSize(10)
                        .minimumNumberOfCalls(3)
                        .waitDurationInOpenState(config.breakerOpenFor())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .build()));
    }

    /** True while this user's account on this venue is paused after repeated user-side failures. */
    public boolean isUserBreakerOpen(String userId) {
        CircuitBreaker b = userBreakers.get(userId);
        return b != null && (b.getState() == CircuitBreaker.State.OPEN || b.getState() == CircuitBreaker.State.FORCED_OPEN);
    }

    private ExecutionReport query(ExecutionTask task, RequestBudget.Permit permit) {
        long start = clock.nanoTime();
        try {
            Optional<VenueOrderState> state = budget.spend(permit, () -> venue.queryOrder(task.account(),
                    task.request().instrument(), task.request().clientOrderId()));
            return ExecutionReport.ofQuery(task, state.map(st -> withFills(task, st)), clock.nanoTime() - start);
        } catch (VenueException e) {
            return queryFailed(task, e);
        } catch (RuntimeException e) {
            return new ExecutionReport.QueryFailed(task, VenueErrorKind.UNKNOWN, e.toString());
        }
    }

    private ExecutionReport openOrders(ExecutionTask task, RequestBudget.Permit permit) {
        long start = clock.nanoTime();
        try {
            return new ExecutionReport.OpenOrders(task, budget.spend(permit, () -> venue.openOrders(task.account())),
                    clock.nanoTime() - start);
        } catch (VenueException e) {
            return queryFailed(task, e);
        } catch (RuntimeException e) {
            return new ExecutionReport.QueryFailed(task, VenueErrorKind.UNKNOWN, e.toString());
        }
    }

    private ExecutionReport cancel(ExecutionTask task, RequestBudget.Permit permit) {
        long start = clock.nanoTime();
        try {
            VenueOrderState state = withFills(task, budget.spend(permit, () -> venue.cancelOrder(task.account(),
                    task.request().instrument(), task.request().clientOrderId())));
            return new ExecutionReport.VenueState(task, state, clock.nanoTime() - start);
        } catch (VenueException e) {
            return queryFailed(task, e);
        } catch (RuntimeException e) {
            return new ExecutionReport.QueryFailed(task, VenueErrorKind.UNKNOWN, e.toString());
        }
    }

    /**
     * A read or cancel that failed. An adapter's budget has already recorded a rate-limit answer against the limits it
     * hit; the generic budget pauses a key on place answers only, as the engine re-asks reads on its own schedule.
     */
    private static ExecutionReport queryFailed(ExecutionTask task, VenueException e) {
        return new ExecutionReport.QueryFailed(task, e.kind(), e.getMessage());
    }

    /**
     * After the venue accepted an order: its fills if they can be read now, else the accepted state as it is. A
     * failed read (a rate limit, say) must never make an accepted order look unsent or refused: it would be sent
     * again under the same client order id, which some venues accept once the first order has closed. The engine
     * asks for the fills again (a filled state without them, or an open one, is followed up).
     */
    private VenueOrderState fillsIfReadable(ExecutionTask task, VenueOrderState placed) {
        try {
            return withFills(task, placed);
        } catch (RuntimeException e) {
            LOG.debug("fills of accepted order {} on {} not readable yet: {}", task.request().clientOrderId(),
                    venue.name(), e.toString());
            return placed;
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

    /** Stops taking tasks from the queue and waits (bounded) for the calls in flight to come back. */
    @Override
    public void close() {
        running = false;
        if (dispatcher == null) {
            return;
        }
        dispatcher.interrupt();
        try {
            if (inFlight.tryAcquire(config.maxInFlight(), 5, TimeUnit.SECONDS)) {
                inFlight.release(config.maxInFlight());
            } else {
                LOG.warn("executor {} closed with calls still in flight", venue.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            dispatcher.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
