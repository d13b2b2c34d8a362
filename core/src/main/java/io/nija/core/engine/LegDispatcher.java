package io.nija.core.engine;

import io.nija.core.execution.ExecutionReport;
import io.nija.core.execution.ExecutionTask;
import io.nija.core.execution.TaskKind;
import io.nija.core.execution.VenueExecutor;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Hands a leg's tasks (send, question, cancel, open-orders read) to its venue's executor, at most one send and one
 * cancel of a leg on their way at a time, and asks again about a leg whose fate is open after a jittered, doubling
 * backoff. Runs on the user's lane only; the executor's answer comes back to the lane through {@link ReportSink}.
 */
final class LegDispatcher {
    /** Where an executor's answer goes: the report handler, run on the user's lane. */
    @FunctionalInterface
    interface ReportSink {
        void onReport(UserContext ctx, ExecutionReport report);
    }

    /** What happens to a leg that cannot be handed to any executor: the failover's fail-or-move. */
    @FunctionalInterface
    interface LegFailure {
        void failLeg(UserContext ctx, Order order, OrderLeg leg, String why);
    }

    /** A cancel answered within this long is not sent again; after it, a leg still open may be cancelled anew. */
    private static final Duration CANCEL_ANSWER_HOLD = Duration.ofSeconds(30);
    /** Seeded so a simulation's retry times repeat; shared by lanes, hence the lock around it. */
    private final java.util.Random jitter = new java.util.Random(0x6e696a61L);

    private final EngineConfig config;
    private final AccountDirectory accounts;
    private final Map<String, VenueExecutor> executors;
    private final Clock clock;
    private final Scheduler scheduler;
    private final ReportSink reports;
    private final LegFailure failure;

    LegDispatcher(EngineConfig config, AccountDirectory accounts, Map<String, VenueExecutor> executors, Clock clock,
                  Scheduler scheduler, ReportSink reports, LegFailure failure) {
        this.config = config;
        this.accounts = accounts;
        this.executors = executors;
        this.clock = clock;
        this.scheduler = scheduler;
        this.reports = reports;
        this.failure = failure;
    }

    void dispatch(UserContext ctx, Order order, OrderLeg leg, TaskKind kind) {
        dispatch(ctx, order, leg, kind, false);
    }

    /** A routine question about a resting leg: it waits behind new orders and cancels in the venue's queue. */
    void followUp(UserContext ctx, Order order, OrderLeg leg) {
        dispatch(ctx, order, leg, TaskKind.QUERY, true);
    }

    private void dispatch(UserContext ctx, Order order, OrderLeg leg, TaskKind kind, boolean routine) {
        Optional<VenueAccount> account = accounts.account(ctx.userId, leg.venue());
        VenueExecutor executor = executors.get(leg.venue());
        if (account.isEmpty() || executor == null) {
            failure.failLeg(ctx, order, leg, "no credentials or executor for venue " + leg.venue());
            return;
        }
        LegExecution exec = ctx.leg(leg.legId());
        if (exec.task == null) {
            exec.task = new ExecutionTask(TaskKind.PLACE,
                    ctx.userId, order.orderId(), leg.legId(), order.priority(), order.pair(), account.get(),
                    new VenueOrderRequest(leg.instrument(), leg.clientOrderId(), order.side(), leg.type(), leg.remainingQty(),
                            leg.limitPrice(), quoteBudget(order, leg), nativeTrigger(order, leg)),
                    report -> ctx.lane.execute(() -> reports.onReport(ctx, report)),
                    () -> exec.withdrawn);
        }
        ExecutionTask task = exec.task;
        if (kind == TaskKind.CANCEL && (exec.cancelInFlight || cancelAnsweredRecently(exec))) {
            // A cancel of this leg is on its way, or the venue answered one already (closed it, or knows no such
            // order): only ask now. A cancel sent again for a closed order is answered "unknown order" again, for ever.
            kind = TaskKind.QUERY;
        }
        if (kind == TaskKind.CANCEL) {
            exec.cancelInFlight = true;
        }
        if (kind == TaskKind.QUERY) {
            exec.lastQueryAt = clock.now();
        }
        ExecutionTask toRun = switch (kind) {
            case PLACE -> task;
            case QUERY -> routine ? task.asFollowUp() : task.asQuery();
            case CANCEL -> task.asCancel();
            case OPEN_ORDERS -> task.asOpenOrdersRead();
        };
        if (kind == TaskKind.PLACE && exec.placeInFlight) {
            // A send of this leg is already on its way; a second one could place the order twice.
            return;
        }
        if (kind == TaskKind.PLACE && waitsBehindBetter(ctx, order, leg)) {
            // A better send of this user (a stop loss, say) waits out the venue's rate limit, or has not left yet for
            // another reason (its fate is still being asked about after a restart): this one waits behind it.
            ctx.heldSends.holdBehind(order, leg);
            return;
        }
        if (kind == TaskKind.PLACE) {
            exec.placeInFlight = true;
        }
        Duration delay = Duration.between(clock.now(), leg.notBefore());
        if (kind == TaskKind.PLACE && delay.compareTo(Duration.ZERO) > 0 && guardsImbalance(order)) {
            // A later leg of a split order: whether it may go is decided in the lane when it is due.
            scheduler.schedule(delay, () -> ctx.lane.execute(() -> sendUnlessImbalanced(ctx, order, leg, executor, toRun)));
        } else if (kind == TaskKind.PLACE && guardsImbalance(order)) {
            // A leg of a split order due now (the first pieces, a failover's leg): the bound holds from the first fill.
            sendUnlessImbalanced(ctx, order, leg, executor, toRun);
        } else if (kind == TaskKind.PLACE && delay.compareTo(Duration.ZERO) > 0) {
            // Decided again in the lane when it is due: a stop loss of the user may have come since (swarm seed 5089).
            scheduler.schedule(delay, () -> ctx.lane.execute(() -> sendWhenDue(ctx, order, leg, executor, toRun)));
        } else {
            executor.submit(toRun);
        }
    }

    /**
     * Whether a send must wait behind a better send of the same user at its venue: one held there (a rate limit), or
     * one that has not left or not been answered yet (see {@link #betterSendNotOut}).
     */
    private boolean waitsBehindBetter(UserContext ctx, Order order, OrderLeg leg) {
        return ctx.heldSends.holdsAhead(leg.venue(), order.priority()) || betterSendNotOut(ctx, leg.venue(), order.priority());
    }

    /**
     * A later leg (a TWAP slice, a split order's later piece) that was let through when it was planned may find, when it
     * is due, a stop loss of the user submitted since and not out yet at the venue: then it is held behind it like any
     * new send, and leaves when that one is answered (swarm seed 5089: an entry's later leg left Kraken ahead of a stop
     * loss the rate-limit storm held back).
     */
    private boolean heldAtDue(UserContext ctx, Order order, OrderLeg leg) {
        LegExecution exec = ctx.existingLeg(leg.legId());
        if (leg.status() != OrderStatus.QUEUED || exec == null || exec.withdrawn || !waitsBehindBetter(ctx, order, leg)) {
            return false;
        }
        exec.placeInFlight = false;
        ctx.heldSends.holdBehind(order, leg);
        return true;
    }

    private void sendWhenDue(UserContext ctx, Order order, OrderLeg leg, VenueExecutor executor, ExecutionTask task) {
        if (!heldAtDue(ctx, order, leg)) {
            executor.submit(task);
        }
    }

    /** A due leg of a split order kept back because its venue filled too far ahead of the others. */
    record ImbalanceHold(Order order, OrderLeg leg, VenueExecutor executor, ExecutionTask task) { }

    private boolean guardsImbalance(Order order) {
        return config.routing().costs().maxLegImbalance() != null
                && order.legs().stream().map(OrderLeg::venue).distinct().count() > 1;
    }

    private void sendUnlessImbalanced(UserContext ctx, Order order, OrderLeg leg, VenueExecutor executor, ExecutionTask task) {
        if (leg.status().isTerminal()) {
            LegExecution exec = ctx.existingLeg(leg.legId()); // ended (cancelled with its order) before it was due
            if (exec != null) {
                exec.placeInFlight = false;
            }
            return;
        }
        if (heldAtDue(ctx, order, leg)) {
            return;
        }
        if (mayGo(ctx, order, leg)) {
            submitPiece(ctx, leg, executor, task);
        } else {
            ctx.imbalanceHeld.add(new ImbalanceHold(order, leg, executor, task));
        }
    }

    /**
     * After any change to the user's orders: sends the held legs whose venue is back within the bound (the others
     * caught up, or their legs ended), and forgets those that ended meanwhile.
     */
    void releaseBalanced(UserContext ctx) {
        if (ctx.imbalanceHeld.isEmpty()) {
            return;
        }
        java.util.Iterator<ImbalanceHold> it = ctx.imbalanceHeld.iterator();
        java.util.List<ImbalanceHold> due = new java.util.ArrayList<>();
        while (it.hasNext()) {
            ImbalanceHold h = it.next();
            if (h.leg().status().isTerminal()) {
                it.remove();
                LegExecution exec = ctx.existingLeg(h.leg().legId());
                if (exec != null) {
                    exec.placeInFlight = false;
                }
            } else if (heldAtDue(ctx, h.order(), h.leg())) {
                it.remove(); // behind a better send of the user now; comes back through dispatch when that is answered
            } else if (mayGo(ctx, h.order(), h.leg())) {
                it.remove();
                due.add(h);
                ctx.leg(h.leg().legId()).sentPiece = true; // counted at once: the next held piece sees it out
            }
        }
        due.forEach(h -> h.executor().submit(h.task()));
    }

    /**
     * Whether a split order's leg may go within the imbalance bound, counting as out every leg of the order that its
     * venue has seen or that was handed to the executor (not one held back or not yet due).
     */
    private boolean mayGo(UserContext ctx, Order order, OrderLeg leg) {
        return io.nija.core.routing.LegImbalance.maySend(order, leg, config.routing().costs().maxLegImbalance(), l -> {
            if (l.status() != OrderStatus.QUEUED) {
                return true;
            }
            LegExecution e = ctx.existingLeg(l.legId());
            return e != null && e.sentPiece;
        });
    }

    private static void submitPiece(UserContext ctx, OrderLeg leg, VenueExecutor executor, ExecutionTask task) {
        ctx.leg(leg.legId()).sentPiece = true;
        executor.submit(task);
    }

    /**
     * What a market buy leg may spend in the quote currency: the signal's USD size, shared among the order's live legs
     * by quantity. Coinbase and Bybit size market buys in quote; the others ignore it. Null for anything else.
     */
    private static java.math.BigDecimal quoteBudget(Order order, OrderLeg leg) {
        if (leg.type() != io.nija.core.order.OrderType.MARKET || order.side() != io.nija.core.signal.Side.BUY) {
            return null;
        }
        java.math.BigDecimal total = order.legs().stream().filter(l -> l.supersededBy() == null)
                .map(OrderLeg::quantity).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        if (total.signum() == 0) {
            return null;
        }
        return order.requestedUsd().multiply(leg.remainingQty())
                .divide(total, 2, java.math.RoundingMode.DOWN);
    }

    /**
     * Keeps back a send the venue's rate limit refused, with the user's other refused sends there, until {@code wait}
     * has passed; then they leave best priority first (see {@link HeldSends}).
     */
    void holdRateLimited(UserContext ctx, Order order, OrderLeg leg, Duration wait) {
        if (ctx.heldSends.holdUntilReleased(order, leg)) {
            String venue = leg.venue();
            scheduler.schedule(wait, () -> ctx.lane.execute(() -> {
                ctx.heldSends.timedReleaseDue(venue);
                releaseHeld(ctx, venue);
            }));
        }
    }

    /**
     * Lets out the best held sends at the venue; the rest follow on the lane after their answers are in (a better one
     * refused again is held anew, with a timed release of its own, and the rest stay behind it).
     */
    private void releaseHeld(UserContext ctx, String venue) {
        if (ctx.heldSends.timedReleasePending(venue)) {
            return; // a send let out was refused again: everything waits for that release
        }
        for (HeldSends.Held h : ctx.heldSends.takeBest(venue)) {
            if (h.leg().status() == OrderStatus.QUEUED) {
                dispatch(ctx, h.order(), h.leg(), TaskKind.PLACE);
            }
        }
        if (!ctx.heldSends.isEmpty(venue)) {
            ctx.lane.execute(() -> releaseUnblocked(ctx, venue));
        }
    }

    /**
     * After one of the user's legs at the venue changed (an answer came, a leg was withdrawn): the held sends leave,
     * best priority first, once no better send of the user waits to leave there and no timed release is due.
     */
    void releaseUnblocked(UserContext ctx, String venue) {
        if (ctx.heldSends.isEmpty(venue) || ctx.heldSends.timedReleasePending(venue)
                || betterSendNotOut(ctx, venue, ctx.heldSends.bestPriority(venue))) {
            return;
        }
        releaseHeld(ctx, venue);
    }

    /**
     * Whether a send of the user at the venue, of better priority (a stop loss before an entry), has not been taken
     * yet and is not held: a leg still queued, e.g. one whose fate is asked about after a restart (each such question
     * has its own backoff, so without this the entry asked about first would leave first), one waiting to be tried
     * again, or one whose send is on its way and not answered: a send can fail (a connection reset, a 5xx) and be
     * tried again later, and an entry let out as soon as the stop loss's send left would reach the venue before it
     * (swarm seed 1100). Withdrawn legs never leave, so they hold nothing back.
     */
    private static boolean betterSendNotOut(UserContext ctx, String venue, int priority) {
        for (Order other : ctx.activeOrders.values()) {
            if (other.priority() >= priority) {
                continue;
            }
            for (OrderLeg l : other.legs()) {
                if (l.status() != OrderStatus.QUEUED || !l.venue().equals(venue)) {
                    continue;
                }
                LegExecution e = ctx.existingLeg(l.legId());
                if (e != null && !e.withdrawn && !ctx.heldSends.holds(l)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Asks the venue again after a backoff that doubles per attempt, capped; unknowns are never given up. */
    void resolveLater(UserContext ctx, Order order, OrderLeg leg) {
        int attempt = ++ctx.leg(leg.legId()).resolveAttempts;
        long factor = 1L << Math.min(attempt - 1, 16);
        Duration wait = config.resolveBackoff().multipliedBy(factor);
        if (wait.compareTo(config.resolveBackoffMax()) > 0) {
            wait = config.resolveBackoffMax();
        }
        wait = withJitter(wait);
        scheduler.schedule(wait, () -> ctx.lane.execute(() -> {
            if (!leg.status().isTerminal()) {
                dispatch(ctx, order, leg, restingTooLong(order, leg) ? TaskKind.CANCEL : TaskKind.QUERY);
            }
        }));
    }

    boolean cancelAnsweredRecently(LegExecution exec) {
        return exec.cancelAnsweredAt != null && clock.now().isBefore(exec.cancelAnsweredAt.plus(CANCEL_ANSWER_HOLD));
    }

    /**
     * The venue-native trigger of a bracket's stop or take-profit exit (from the order's stored terms, so a send after
     * a restart is the same request), or null for every other order.
     */
    static io.nija.core.venue.NativeTrigger nativeTrigger(Order order, OrderLeg leg) {
        return order.signalType().reducesPosition() && leg.type() == io.nija.core.order.OrderType.LIMIT
                ? order.terms().exitTrigger() : null;
    }

    /**
     * A leg known to be at the venue (not one whose fate is unknown) for longer than its time to live. A venue-native
     * stop has none: it waits for its trigger for as long as the bracket stands, and the bracket desk cancels it.
     */
    boolean restingTooLong(Order order, OrderLeg leg) {
        return nativeTrigger(order, leg) == null && (leg.status() == OrderStatus.EXECUTING || leg.status() == OrderStatus.PARTIAL_FILL)
                && !clock.now().isBefore(leg.notBefore().plus(RestingTime.ttl(order, config.restingOrderTtl())));
    }

    /**
     * "Equal jitter": a wait between half and all of the backoff, so many legs stuck on one venue do not ask it in
     * lockstep, and no wait is ever longer than the backoff itself.
     */
    private Duration withJitter(Duration d) {
        double factor;
        synchronized (jitter) {
            factor = 0.5 + 0.5 * jitter.nextDouble();
        }
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }
}
