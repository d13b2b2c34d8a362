package io.nija.core.engine;

import io.nija.core.execution.ExecutionReport;
import io.nija.core.execution.ExecutionTask;
import io.nija.core.execution.TaskKind;
import io.nija.core.execution.VenueExecutor;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.ClientOrderIds;
import io.nija.core.order.Fill;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.position.Position;
import io.nija.core.risk.RiskCheck;
import io.nija.core.routing.ExecutionStats;
import io.nija.core.routing.ExitPlanner;
import io.nija.core.routing.PlannedLeg;
import io.nija.core.routing.RouteDecision;
import io.nija.core.routing.Router;
import io.nija.core.routing.VenueCandidate;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.user.Ids;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one order inside its user's lane: risk checks and routing, handing legs to executors,
 * and applying what the venues report. Every method here runs on the user's lane only.
 */
final class OrderWorkflow {
    private static final Logger LOG = LoggerFactory.getLogger(OrderWorkflow.class);
    /** Bound on legs per order, so failovers cannot multiply without end. */
    private static final int MAX_LEGS = 16;
    /** Seeded so a simulation's retry times repeat; shared by lanes, hence the lock around it. */
    private final java.util.Random jitter = new java.util.Random(0x6e696a61L);

    private final EngineConfig config;
    private final Router router;
    private final Store store;
    private final AccountDirectory accounts;
    private final MarketData marketData;
    private final ExecutionStats stats;
    private final Map<String, VenueExecutor> executors;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Ids ids;
    private final EngineListener listener;
    private final AtomicBoolean globalKillSwitch;
    /** The venues' private streams: how often resting legs are asked about, and stalls REST gives away. */
    final StreamFeed streamFeed;

    OrderWorkflow(EngineConfig config, Router router, Store store, AccountDirectory accounts, MarketData marketData,
                  ExecutionStats stats, Map<String, VenueExecutor> executors, Clock clock, Scheduler scheduler, Ids ids,
                  EngineListener listener, AtomicBoolean globalKillSwitch) {
        this.config = config;
        this.router = router;
        this.store = store;
        this.accounts = accounts;
        this.marketData = marketData;
        this.stats = stats;
        this.executors = executors;
        this.clock = clock;
        this.scheduler = scheduler;
        this.ids = ids;
        this.listener = listener;
        this.globalKillSwitch = globalKillSwitch;
        this.streamFeed = new StreamFeed(accounts, clock);
    }

    // --- routing ------------------------------------------------------------------------------------

    void route(UserContext ctx, Order order, TradeSignal signal) {
        ctx.activeOrders.put(order.orderId(), order);
        order.moveTo(OrderStatus.ROUTING, clock.now(), null);
        try {
            // Checked again here: positions and other orders may have changed since intake admitted it.
            RiskCheck.checkStatic(signal, ctx.limits(), globalKillSwitch.get() || ctx.killSwitch());
            if (signal.reducesPosition()) {
                ExitPlanner.Plan plan = exitPlan(ctx, order, signal);
                order.routed(io.nija.core.order.ExecutionMethod.MARKET, plan.reason(), legsFor(order, plan.legs()));
            } else {
                RiskCheck.checkExposure(signal, ctx.limits(), ctx.exposure, ctx.realizedPnlToday(), order.orderId());
                List<VenueCandidate> candidates = candidates(ctx, signal);
                order.recordArrivalMid(ArrivalMid.of(candidates));
                long start = clock.nanoTime();
                RouteDecision decision = router.route(signal, ctx.limits(), candidates);
                listener.routed(decision.venue(), clock.nanoTime() - start);
                order.routed(decision.method(), decision.reason(), legsFor(order, decision));
            }
            order.moveTo(OrderStatus.QUEUED, clock.now(), null);
        } catch (SignalRejectedException e) {
            order.reject(e.code(), e.getMessage(), clock.now());
        } catch (RuntimeException e) {
            // A bug or an unexpected adapter failure must not leave an acknowledged order stuck in routing.
            LOG.error("routing order {} failed", order.orderId(), e);
            order.reject("internal_error", "routing failed: " + e.getClass().getSimpleName(), clock.now());
        }
        store.saveOrder(order);
        store.appendAudit(new AuditEvent(clock.now(), "router", "order", order.orderId(), order.status().wire(),
                order.status() == OrderStatus.REJECTED ? order.rejectCode() + ": " + order.statusReason() : order.routeReason()));
        listener.orderUpdated(order);
        if (order.status() == OrderStatus.REJECTED) {
            ctx.activeOrders.remove(order.orderId());
            ctx.exposure.settled(order.orderId());
            return;
        }
        for (OrderLeg leg : order.legs()) {
            dispatch(ctx, order, leg, TaskKind.PLACE);
        }
    }

    /**
     * The legs of an exit, profit take or stop loss: only on venues holding the position, at most what each holds
     * net of the other reducing orders still working there, so no sequence of exits can open a short.
     */
    private ExitPlanner.Plan exitPlan(UserContext ctx, Order order, TradeSignal signal) {
        BigDecimal held = BigDecimal.ZERO;
        for (Position p : ctx.positions.all()) {
            if (p.pair().equals(signal.pair())) {
                held = held.add(p.quantity());
            }
        }
        RiskCheck.checkReduces(signal, held);
        List<ExitPlanner.Holding> holdings = new ArrayList<>();
        BigDecimal reference = null;
        BigDecimal largest = BigDecimal.ZERO;
        for (Position p : ctx.positions.all()) {
            Instrument instrument = p.pair().equals(signal.pair()) ? marketData.instrument(p.venue(), p.pair()) : null;
            if (instrument == null) {
                continue;
            }
            BigDecimal available = p.quantity().multiply(BigDecimal.valueOf(-signal.side().sign()))
                    .subtract(reducingInFlight(ctx, order, p.venue()));
            if (available.signum() <= 0) {
                continue;
            }
            holdings.add(new ExitPlanner.Holding(instrument, available));
            if (available.compareTo(largest) > 0) {
                largest = available;
                reference = referencePrice(instrument, signal, p);
            }
        }
        BigDecimal wanted = signal.closeAll() || reference == null ? null
                : signal.sizeUsd().divide(reference, 18, java.math.RoundingMode.DOWN);
        return ExitPlanner.plan(wanted, holdings, reference);
    }

    /** What other reducing orders of this pair still have working on {@code venue}. */
    private static BigDecimal reducingInFlight(UserContext ctx, Order self, String venue) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Order o : ctx.activeOrders.values()) {
            if (o == self || !o.signalType().reducesPosition() || !o.pair().equals(self.pair()) || o.side() != self.side()) {
                continue;
            }
            for (OrderLeg l : o.legs()) {
                if (l.venue().equals(venue) && !l.status().isTerminal()) {
                    sum = sum.add(l.remainingQty());
                }
            }
        }
        return sum;
    }

    /** The venue's touch on the exit's side to turn its USD size into a quantity; the average cost without a book. */
    private BigDecimal referencePrice(Instrument instrument, TradeSignal signal, Position p) {
        try {
            BigDecimal touch = marketData.book(instrument).touch(signal.side());
            if (touch != null && touch.signum() > 0) {
                return touch;
            }
        } catch (RuntimeException e) {
            LOG.debug("no book of {} on {} for an exit: {}", signal.pair(), instrument.venue(), e.toString());
        }
        return p.averageCost().signum() > 0 ? p.averageCost() : null;
    }

    private List<VenueCandidate> candidates(UserContext ctx, TradeSignal signal) {
        List<VenueCandidate> list = new ArrayList<>(executors.size());
        for (VenueExecutor ex : executors.values()) {
            String venue = ex.venueName();
            Instrument instrument = marketData.instrument(venue, signal.pair());
            Optional<VenueAccount> account = instrument == null ? Optional.empty() : accounts.account(ctx.userId, venue);
            if (instrument != null && account.isEmpty()) {
                // Without the user's keys on this venue it cannot be used; say so in the route reason.
                list.add(VenueCandidate.withoutAccount(venue, instrument, ex.isBreakerOpen(), ex.queueDepth(),
                        stats.venue(venue), stats.pair(venue, signal.pair())));
                continue;
            }
            // A breaker open for the whole venue or only for this user's account both rule the venue out.
            boolean breakerOpen = ex.isBreakerOpen() || ex.isUserBreakerOpen(ctx.userId);
            list.add(new VenueCandidate(venue, instrument,
                    instrument == null ? null : marketData.book(instrument),
                    instrument == null ? null : marketData.fees(account.get(), instrument),
                    breakerOpen, ex.queueDepth(), stats.venue(venue), stats.pair(venue, signal.pair())));
        }
        return list;
    }

    private List<OrderLeg> legsFor(Order order, RouteDecision decision) {
        return legsFor(order, decision.legs());
    }

    private List<OrderLeg> legsFor(Order order, List<PlannedLeg> planned) {
        List<OrderLeg> legs = new ArrayList<>(planned.size());
        int index = order.legs().size();
        for (PlannedLeg p : planned) {
            String venue = p.instrument().venue();
            legs.add(new OrderLeg(order.orderId() + "-" + index, index, p.instrument(), p.type(), p.quantity(),
                    p.limitPrice(), clock.now().plus(p.delay()), ClientOrderIds.forLeg(venue, order.orderId(), index, 0)));
            index++;
        }
        return legs;
    }

    // --- sending ------------------------------------------------------------------------------------

    private void dispatch(UserContext ctx, Order order, OrderLeg leg, TaskKind kind) {
        dispatch(ctx, order, leg, kind, false);
    }

    /** A routine question about a resting leg: it waits behind new orders and cancels in the venue's queue. */
    private void followUp(UserContext ctx, Order order, OrderLeg leg) {
        dispatch(ctx, order, leg, TaskKind.QUERY, true);
    }

    private void dispatch(UserContext ctx, Order order, OrderLeg leg, TaskKind kind, boolean routine) {
        Optional<VenueAccount> account = accounts.account(ctx.userId, leg.venue());
        VenueExecutor executor = executors.get(leg.venue());
        if (account.isEmpty() || executor == null) {
            failLeg(ctx, order, leg, "no credentials or executor for venue " + leg.venue());
            return;
        }
        LegExecution exec = ctx.leg(leg.legId());
        if (exec.task == null) {
            exec.task = new ExecutionTask(TaskKind.PLACE,
                    ctx.userId, order.orderId(), leg.legId(), order.priority(), order.pair(), account.get(),
                    new VenueOrderRequest(leg.instrument(), leg.clientOrderId(), order.side(), leg.type(), leg.remainingQty(),
                            leg.limitPrice(), quoteBudget(order, leg)),
                    report -> ctx.lane.execute(() -> onReport(ctx, report)),
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
        if (kind == TaskKind.PLACE) {
            exec.placeInFlight = true;
        }
        Duration delay = Duration.between(clock.now(), leg.notBefore());
        if (kind == TaskKind.PLACE && delay.compareTo(Duration.ZERO) > 0) {
            scheduler.schedule(delay, () -> executor.submit(toRun));
        } else {
            executor.submit(toRun);
        }
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

    /** Asks the venue again after a backoff that doubles per attempt, capped; unknowns are never given up. */
    private void resolveLater(UserContext ctx, Order order, OrderLeg leg) {
        int attempt = ++ctx.leg(leg.legId()).resolveAttempts;
        long factor = 1L << Math.min(attempt - 1, 16);
        Duration wait = config.resolveBackoff().multipliedBy(factor);
        if (wait.compareTo(config.resolveBackoffMax()) > 0) {
            wait = config.resolveBackoffMax();
        }
        wait = withJitter(wait);
        scheduler.schedule(wait, () -> ctx.lane.execute(() -> {
            if (!leg.status().isTerminal()) {
                dispatch(ctx, order, leg, restingTooLong(leg) ? TaskKind.CANCEL : TaskKind.QUERY);
            }
        }));
    }

    /** A cancel answered within this long is not sent again; after it, a leg still open may be cancelled anew. */
    private static final Duration CANCEL_ANSWER_HOLD = Duration.ofSeconds(30);

    private boolean cancelAnsweredRecently(LegExecution exec) {
        return exec.cancelAnsweredAt != null && clock.now().isBefore(exec.cancelAnsweredAt.plus(CANCEL_ANSWER_HOLD));
    }

    /**
     * Whether the venue has not known the leg's order for longer than its visibility window: the question that
     * was just answered "no such order" was asked after the window, counted from when the leg's fate became open.
     */
    private boolean absentBeyondVisibilityWindow(LegExecution exec, OrderLeg leg) {
        if (exec.unknownSince == null) {
            return true;
        }
        return exec.lastQueryAt != null
                && !exec.lastQueryAt.isBefore(exec.unknownSince.plus(config.visibility().of(leg.venue())));
    }

    /** A leg known to be at the venue (not one whose fate is unknown) for longer than its time to live. */
    private boolean restingTooLong(OrderLeg leg) {
        return (leg.status() == OrderStatus.EXECUTING || leg.status() == OrderStatus.PARTIAL_FILL)
                && !clock.now().isBefore(leg.notBefore().plus(config.restingOrderTtl()));
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

    // --- reports ------------------------------------------------------------------------------------

    /**
     * Applies a venue's answer. Whatever goes wrong while applying it (a bug, a store that fails), the leg is asked
     * about again after the usual backoff, so an unfinished leg never waits for the periodic re-query.
     */
    void onReport(UserContext ctx, ExecutionReport report) {
        try {
            applyReport(ctx, report);
        } catch (RuntimeException e) {
            ExecutionTask task = report.task();
            LOG.error("handling a {} report for leg {} failed; asking the venue again", report.getClass().getSimpleName(),
                    task.legId(), e);
            Order order = ctx.activeOrders.get(task.orderId());
            OrderLeg leg = order == null ? null : order.leg(task.legId());
            if (leg != null && !leg.status().isTerminal()) {
                resolveLater(ctx, order, leg);
            }
        }
    }

    private void applyReport(UserContext ctx, ExecutionReport report) {
        ExecutionTask task = report.task();
        if (task.kind() == TaskKind.OPEN_ORDERS) {
            // Answers for every resting leg of the user at the venue, not only the one whose task carried it (which
            // may be final by now).
            String venue = task.request().instrument().venue();
            if (report instanceof ExecutionReport.OpenOrders r) {
                onOpenOrders(ctx, venue, r.open());
            } else {
                onOpenOrdersFailed(ctx, venue);
            }
            return;
        }
        Order order = ctx.activeOrders.get(task.orderId());
        if (order == null) {
            LOG.debug("report for order {} which is no longer active: {}", task.orderId(), report.getClass().getSimpleName());
            return;
        }
        OrderLeg leg = order.leg(task.legId());
        if (task.kind() == TaskKind.CANCEL) {
            // Cancels are few and a cancel that never takes effect leaves a leg open for ever: say how each ended.
            LOG.info("cancel of leg {} at {} answered: {}", leg.legId(), leg.venue(), describe(report));
        }
        LegExecution exec = ctx.leg(leg.legId());
        if (task.kind() == TaskKind.PLACE) {
            exec.placeInFlight = false;
        } else if (report instanceof ExecutionReport.NotFound && exec.placeInFlight) {
            // A question asked before the current send went out: its "no such order" is already out of date.
            return;
        }
        if (task.kind() == TaskKind.CANCEL) {
            exec.cancelInFlight = false;
        }
        if (task.kind() == TaskKind.CANCEL && (report instanceof ExecutionReport.VenueState
                || report instanceof ExecutionReport.QueryFailed q && q.kind() == io.nija.core.venue.VenueErrorKind.ORDER_NOT_FOUND)) {
            exec.cancelAnsweredAt = clock.now();
        }
        if (report instanceof ExecutionReport.VenueState) {
            exec.unknownSince = null;
        }
        switch (report) {
            case ExecutionReport.OpenOrders r -> { }
            case ExecutionReport.VenueState r -> applyVenueState(ctx, order, leg, r.state());
            case ExecutionReport.Refused r -> {
                order.venueRejectCode(r.kind().wire());
                toExecuting(leg);
                leg.moveTo(OrderStatus.REJECTED, r.kind().wire() + ": " + r.message());
                listener.executionFinished(leg.venue(), false);
            }
            case ExecutionReport.Unknown r -> {
                if (exec.unknownSince == null) {
                    exec.unknownSince = clock.now();
                }
                toExecuting(leg);
                if (leg.status() != OrderStatus.UNKNOWN) {
                    leg.moveTo(OrderStatus.UNKNOWN, r.message());
                }
                resolveLater(ctx, order, leg);
            }
            case ExecutionReport.NotSent r -> {
                String why = r.kind().wire() + ": " + r.message();
                // An open venue breaker will not close for a while: move to another venue now if one can take it.
                if (r.kind() == io.nija.core.venue.VenueErrorKind.VENUE_UNAVAILABLE && !isWithdrawn(ctx, leg)
                        && failOver(ctx, order, leg, why)) {
                    break;
                }
                retryOrFail(ctx, order, leg, why, r.retryAfter() != null ? r.retryAfter() : config.resolveBackoff(),
                        r.kind() == io.nija.core.venue.VenueErrorKind.RATE_LIMITED);
            }
            case ExecutionReport.NotFound r -> onNotFound(ctx, order, leg);
            case ExecutionReport.QueryFailed r -> resolveLater(ctx, order, leg);
        }
        afterChange(ctx, order);
    }

    private static String describe(ExecutionReport report) {
        return switch (report) {
            case ExecutionReport.VenueState r -> "state " + r.state().status() + " filled " + r.state().filledQty();
            case ExecutionReport.QueryFailed r -> "failed " + r.kind().wire() + ": " + r.message();
            case ExecutionReport.NotFound r -> "no such order";
            default -> report.getClass().getSimpleName();
        };
    }

    private void applyVenueState(UserContext ctx, Order order, OrderLeg leg, VenueOrderState state) {
        if (state.venueOrderId() != null) {
            leg.venueOrderId(state.venueOrderId());
        }
        boolean newFills = false;
        List<Fill> added = new ArrayList<>(0);
        for (Fill fill : state.fills()) {
            if (leg.applyFill(fill)) {
                newFills = true;
                added.add(fill);
                Position p = ctx.positions.get(leg.venue(), order.pair());
                io.nija.core.position.FeeCharge fee = io.nija.core.position.FeeCharge.of(fill, leg.instrument(),
                        (asset, quote) -> feeAssetPrice(leg.venue(), asset, quote));
                p.apply(order.side(), fee.positionQuantity(order.side(), fill.quantity()), fill.price(), fee.quoteValue());
                // Saved together with the order in afterChange: fill and position change land atomically.
                ctx.changedPositions.add(p);
            }
        }
        if (!ctx.leg(leg.legId()).streamDelivering) {
            streamFeed.restFoundFills(ctx.userId, leg, added);
        }
        if (leg.status().isTerminal()) {
            return;
        }
        ctx.leg(leg.legId()).resolveAttempts = 0;
        toExecuting(leg);
        switch (state.status()) {
            case FILLED -> {
                if (leg.isFullyFilled()) {
                    leg.moveTo(OrderStatus.FILLED, null);
                    listener.executionFinished(leg.venue(), true);
                } else {
                    // The venue says filled but not every fill is in yet: ask again.
                    resolveLater(ctx, order, leg);
                }
            }
            case PARTIALLY_FILLED, OPEN -> {
                LegExecution exec = ctx.leg(leg.legId());
                if (isWithdrawn(ctx, leg) && !exec.cancelInFlight && !cancelAnsweredRecently(exec)) {
                    // Cancelled while its fate was open, or a cancel that has not been answered yet: cancel now. A
                    // cancel the venue answered is followed by questions on the follow-up schedule below.
                    dispatch(ctx, order, leg, TaskKind.CANCEL);
                }
                if (leg.filledQty().signum() > 0) {
                    leg.moveTo(OrderStatus.PARTIAL_FILL, null);
                } else if (leg.status() == OrderStatus.UNKNOWN) {
                    leg.moveTo(OrderStatus.EXECUTING, null);
                }
                scheduleFollowUp(ctx, order, leg, nextFollowUp(ctx, ctx.leg(leg.legId()), leg, newFills));
            }
            case CANCELLED, EXPIRED -> {
                leg.moveTo(OrderStatus.CANCELLED, state.reason() != null ? state.reason() : "cancelled at venue");
                listener.executionFinished(leg.venue(), false);
            }
            case REJECTED -> {
                leg.moveTo(OrderStatus.REJECTED, state.reason() != null ? state.reason() : "rejected by venue");
                listener.executionFinished(leg.venue(), false);
            }
        }
    }

    /** Sets the resting leg's next follow-up; a follow-up scheduled before for it is void from now on. */
    private void scheduleFollowUp(UserContext ctx, Order order, OrderLeg leg, Duration wait) {
        LegExecution exec = ctx.leg(leg.legId());
        int generation = ++exec.followUpGeneration;
        scheduler.schedule(wait, () -> ctx.lane.execute(() -> {
            if (leg.status().isTerminal() || exec.followUpGeneration != generation) {
                return;
            }
            if (restingTooLong(leg) || isWithdrawn(ctx, leg)) {
                // A limit the market has moved away from would rest for ever: cancel what is left.
                dispatch(ctx, order, leg, TaskKind.CANCEL);
            } else {
                routineFollowUp(ctx, order, leg);
            }
        }));
    }

    /**
     * A resting leg's follow-up is due. Where the venue reads an account's open orders as cheaply as one order and
     * the user has several resting legs there, one open-orders read answers for all of them; otherwise the leg is
     * asked about alone.
     */
    private void routineFollowUp(UserContext ctx, Order order, OrderLeg leg) {
        VenueExecutor executor = executors.get(leg.venue());
        if (executor == null || !executor.sharesOpenOrdersRead() || restingLegs(ctx, leg.venue()).size() < 2) {
            followUp(ctx, order, leg);
            return;
        }
        if (ctx.sharedReadsInFlight.add(leg.venue())) {
            dispatch(ctx, order, leg, TaskKind.OPEN_ORDERS);
        }
        // else: the read on its way answers for this leg too
    }

    /** The user's legs resting at a venue that routine follow-ups look after (not being cancelled). */
    private List<Map.Entry<Order, OrderLeg>> restingLegs(UserContext ctx, String venue) {
        List<Map.Entry<Order, OrderLeg>> out = new ArrayList<>();
        for (Order o : ctx.activeOrders.values()) {
            for (OrderLeg l : o.legs()) {
                if (!l.venue().equals(venue)
                        || l.status() != OrderStatus.EXECUTING && l.status() != OrderStatus.PARTIAL_FILL) {
                    continue;
                }
                LegExecution exec = ctx.existingLeg(l.legId());
                if (exec == null || !exec.withdrawn && !exec.cancelInFlight) {
                    out.add(Map.entry(o, l));
                }
            }
        }
        return out;
    }

    /**
     * One read of the user's open orders at a venue came back. A resting leg shown open with the fills it already
     * has is unchanged: its next follow-up is set (backing off). A leg not shown, or shown with more filled, has
     * changed (filled, cancelled, or not visible yet) and is asked about alone, which reads its fills.
     */
    private void onOpenOrders(UserContext ctx, String venue, List<VenueOrderState> open) {
        ctx.sharedReadsInFlight.remove(venue);
        Map<String, VenueOrderState> byClientId = new java.util.HashMap<>();
        open.forEach(s -> {
            if (s.clientOrderId() != null) {
                byClientId.put(s.clientOrderId(), s);
            }
        });
        for (Map.Entry<Order, OrderLeg> e : restingLegs(ctx, venue)) {
            OrderLeg leg = e.getValue();
            VenueOrderState shown = byClientId.get(leg.clientOrderId());
            LegExecution exec = ctx.leg(leg.legId());
            boolean unchanged = shown != null && shown.filledQty() != null
                    && shown.filledQty().compareTo(leg.filledQty()) == 0;
            if (unchanged) {
                scheduleFollowUp(ctx, e.getKey(), leg, nextFollowUp(ctx, exec, leg, false));
            } else {
                exec.followUpGeneration++;
                followUp(ctx, e.getKey(), leg);
            }
        }
    }

    // --- pushed by the venue's private stream ------------------------------------------------------------

    /**
     * A stream message about one of the user's orders: handled as the answer to a routine question about its leg, so
     * the same rules (fills once by fill id, state machine, follow-up) apply. Orders the engine does not follow (placed
     * elsewhere, or already final) are ignored; the reconciler looks after foreign orders.
     */
    void onStreamState(UserContext ctx, String venue, VenueOrderState state) {
        for (Order order : ctx.activeOrders.values()) {
            for (OrderLeg leg : order.legs()) {
                if (!leg.venue().equals(venue) || !leg.clientOrderId().equals(state.clientOrderId())
                        || leg.status().isTerminal()) {
                    continue;
                }
                LegExecution exec = ctx.existingLeg(leg.legId());
                if (exec == null || exec.task == null) {
                    return; // not sent by this process (yet): nothing to match the event against
                }
                exec.streamDelivering = true;
                try {
                    onReport(ctx, new ExecutionReport.VenueState(exec.task.asFollowUp(), state, 0));
                } finally {
                    exec.streamDelivering = false;
                }
                return;
            }
        }
    }

    /**
     * The account's stream at {@code venue} came up or went down: whatever it missed meanwhile is read by REST now
     * (one question per resting leg, which also sets each leg's next follow-up at the pace the stream allows).
     */
    void streamChanged(UserContext ctx, String venue) {
        for (Map.Entry<Order, OrderLeg> e : restingLegs(ctx, venue)) {
            ctx.leg(e.getValue().legId()).followUpGeneration++;
            followUp(ctx, e.getKey(), e.getValue());
        }
    }

    /** The shared read failed: every resting leg there keeps its own follow-up, backing off. */
    private void onOpenOrdersFailed(UserContext ctx, String venue) {
        ctx.sharedReadsInFlight.remove(venue);
        for (Map.Entry<Order, OrderLeg> e : restingLegs(ctx, venue)) {
            OrderLeg leg = e.getValue();
            scheduleFollowUp(ctx, e.getKey(), leg, nextFollowUp(ctx, ctx.leg(leg.legId()), leg, false));
        }
    }

    /**
     * The wait before the next question about a resting leg: the follow-up interval, doubling while nothing changes
     * up to {@code followUpMax} (a resting limit asked about every second spends a Kraken key's whole budget), but
     * never past the moment its time to live runs out, so the cancel of what is left is not late.
     */
    private Duration nextFollowUp(UserContext ctx, LegExecution exec, OrderLeg leg, boolean changed) {
        if (changed) {
            exec.followUps = 0;
        }
        int n = exec.followUps++;
        Duration wait = config.followUpInterval().multipliedBy(1L << Math.min(n, 16));
        if (wait.compareTo(config.followUpMax()) > 0) {
            wait = config.followUpMax();
        }
        // The venue's stream pushes this leg's changes: REST is only the safety net.
        wait = streamFeed.followUpWait(ctx.userId, leg).orElse(wait);
        Duration untilExpiry = Duration.between(clock.now(), leg.notBefore().plus(config.restingOrderTtl()));
        if (untilExpiry.compareTo(config.followUpInterval()) > 0 && untilExpiry.compareTo(wait) < 0) {
            wait = untilExpiry;
        }
        return wait.compareTo(config.followUpInterval()) < 0 ? config.followUpInterval() : wait;
    }

    /** The venue's mid for a fee paid in a third asset (BNB), or null when the venue lists no such pair. */
    private java.math.BigDecimal feeAssetPrice(String venue, String asset, String quote) {
        try {
            return marketData.mark(venue, new io.nija.core.instrument.Pair(asset, quote));
        } catch (RuntimeException e) {
            LOG.debug("no {} price on {} to value a fee: {}", asset + "-" + quote, venue, e.toString());
            return null;
        }
    }

    /**
     * The venue's reads show no order with this client order id. Only when they have not shown it for longer than
     * the venue's visibility window since the leg's fate became open may the same client order id be sent (again):
     * earlier, the order may exist and be invisible, and Binance, OKX and Kraken accept the id again once the first
     * order has closed, so a send would place it twice. Until then the leg stays unknown and is asked about again.
     */
    private void onNotFound(UserContext ctx, Order order, OrderLeg leg) {
        LegExecution exec = ctx.leg(leg.legId());
        if ((leg.status() == OrderStatus.UNKNOWN || leg.status() == OrderStatus.QUEUED)
                && !absentBeyondVisibilityWindow(exec, leg)) {
            resolveLater(ctx, order, leg);
            return;
        }
        if (leg.status() == OrderStatus.UNKNOWN) {
            leg.moveTo(OrderStatus.QUEUED, "venue has not shown the order for longer than its visibility window ("
                    + config.visibility().of(leg.venue()).toSeconds() + " s)");
        }
        exec.unknownSince = null;
        if (leg.status() != OrderStatus.QUEUED) {
            // An order the venue acknowledged has vanished from its answers: keep asking.
            resolveLater(ctx, order, leg);
            return;
        }
        if (isWithdrawn(ctx, leg)) {
            leg.moveTo(OrderStatus.CANCELLED, "withdrawn before it was sent");
            return;
        }
        int sent = ++ctx.leg(leg.legId()).sends;
        if (sent >= config.maxSendAttempts()) {
            failLeg(ctx, order, leg, "venue " + leg.venue() + " did not take the order after " + sent + " sends");
            return;
        }
        dispatch(ctx, order, leg, TaskKind.PLACE);
    }

    /** Sends kept back by a venue's rate limit before the leg is given up: "not now" is not "no", but not for ever. */
    private static final int MAX_RATE_LIMITED_SENDS = 30;

    private void retryOrFail(UserContext ctx, Order order, OrderLeg leg, String why, Duration wait) {
        retryOrFail(ctx, order, leg, why, wait, false);
    }

    private void retryOrFail(UserContext ctx, Order order, OrderLeg leg, String why, Duration wait, boolean rateLimited) {
        if (leg.status() != OrderStatus.QUEUED) {
            return;
        }
        LegExecution exec = ctx.leg(leg.legId());
        if (rateLimited && ++exec.rateLimitedSends < MAX_RATE_LIMITED_SENDS && !isWithdrawn(ctx, leg)) {
            // The venue (or our own count of its budget) said wait: nothing left, so this send does not count as one
            // of the leg's attempts. An exit, which never fails over, must not fail for a busy minute.
            scheduler.schedule(wait, () -> ctx.lane.execute(() -> {
                if (leg.status() == OrderStatus.QUEUED) {
                    dispatch(ctx, order, leg, TaskKind.PLACE);
                }
            }));
            return;
        }
        int sent = ++exec.sends;
        if (sent >= config.maxSendAttempts() || isWithdrawn(ctx, leg)) {
            failLeg(ctx, order, leg, isWithdrawn(ctx, leg) ? "withdrawn before it was sent" : why);
            return;
        }
        scheduler.schedule(wait, () -> ctx.lane.execute(() -> {
            if (leg.status() == OrderStatus.QUEUED) {
                dispatch(ctx, order, leg, TaskKind.PLACE);
            }
        }));
    }

    private void failLeg(UserContext ctx, Order order, OrderLeg leg, String why) {
        if (leg.status().isTerminal()) {
            return;
        }
        boolean withdrawn = isWithdrawn(ctx, leg);
        if (!withdrawn && failOver(ctx, order, leg, why)) {
            return;
        }
        leg.moveTo(withdrawn ? OrderStatus.CANCELLED : OrderStatus.FAILED, why);
        listener.executionFinished(leg.venue(), false);
    }

    /**
     * Moves a leg the venue could not take (for a venue-side reason, before anything filled) to the next
     * eligible venue. Never after a fill, never for TWAP slices, and each venue is tried at most once.
     */
    private boolean failOver(UserContext ctx, Order order, OrderLeg leg, String why) {
        // An exit sells what one venue holds: another venue does not hold it, so moving there would open a short.
        if (order.signalType().reducesPosition()
                || leg.filledQty().signum() != 0 || leg.status() != OrderStatus.QUEUED
                || order.executionMethod() == io.nija.core.order.ExecutionMethod.TWAP || order.legs().size() >= MAX_LEGS) {
            return false;
        }
        Set<String> tried = new HashSet<>();
        order.legs().forEach(l -> tried.add(l.venue()));
        TradeSignal signal = new TradeSignal(order.signalId(), order.userId(), order.pair(), order.side(),
                order.requestedUsd(), order.signalType(), "failover", clock.now(), null);
        List<VenueCandidate> candidates = new ArrayList<>(candidates(ctx, signal));
        candidates.removeIf(c -> tried.contains(c.venue()));
        RouteDecision decision;
        try {
            decision = router.route(signal, ctx.limits(), candidates);
        } catch (SignalRejectedException e) {
            return false;
        }
        List<OrderLeg> replacements = legsFor(order, decision);
        leg.supersede(replacements.get(0).legId(), "failed over to " + decision.venue() + " after: " + why);
        listener.executionFinished(leg.venue(), false);
        order.failedOver(replacements, "failover from " + leg.venue() + ": " + decision.reason(), clock.now());
        store.saveOrder(order);
        store.appendAudit(new AuditEvent(clock.now(), "router", "order", order.orderId(), "failed_over",
                leg.venue() + " -> " + decision.venue() + ": " + why));
        for (OrderLeg l : replacements) {
            dispatch(ctx, order, l, TaskKind.PLACE);
        }
        return true;
    }

    private static void toExecuting(OrderLeg leg) {
        if (leg.status() == OrderStatus.QUEUED) {
            leg.moveTo(OrderStatus.EXECUTING, null);
        }
    }

    private void afterChange(UserContext ctx, Order order) {
        String reason = order.legs().stream().map(OrderLeg::statusReason).filter(r -> r != null).reduce((a, b) -> b).orElse(null);
        OrderProgress.update(order, clock.now(), reason);
        store.saveOrderAndPositions(order, List.copyOf(ctx.changedPositions));
        ctx.changedPositions.forEach(ctx.exposure::record);
        ctx.changedPositions.clear();
        trackInFlight(ctx, order);
        listener.orderUpdated(order);
        if (order.status().isTerminal()) {
            ctx.activeOrders.remove(order.orderId());
            order.legs().forEach(l -> ctx.forgetLeg(l.legId()));
            store.appendAudit(new AuditEvent(clock.now(), "engine", "order", order.orderId(), order.status().wire(),
                    order.statusReason()));
        }
    }

    /** An entry counts against the exposure limits by what it has not filled yet, until it is final. */
    private static void trackInFlight(UserContext ctx, Order order) {
        if (order.status().isTerminal() || order.signalType().reducesPosition()) {
            ctx.exposure.settled(order.orderId());
        } else {
            ctx.exposure.inFlight(order.orderId(), order.pair(), order.side(),
                    order.requestedUsd().subtract(order.filledNotional()));
        }
    }

    // --- cancel and recovery ------------------------------------------------------------------------

    void cancel(UserContext ctx, String orderId, String why) {
        Order order = ctx.activeOrders.get(orderId);
        if (order == null) {
            return;
        }
        for (OrderLeg leg : order.legs()) {
            if (leg.status().isTerminal()) {
                continue;
            }
            // Withdrawn: never sent from now on, and cancelled at the venue whenever it turns out to be live there.
            ctx.leg(leg.legId()).withdrawn = true;
            switch (leg.status()) {
                // Not sent yet, or perhaps being sent right now: the executor's answer decides.
                case QUEUED -> { }
                // Its fate is being resolved: once the venue shows it open, it is cancelled (applyVenueState).
                case UNKNOWN -> { }
                case EXECUTING, PARTIAL_FILL -> dispatch(ctx, order, leg, TaskKind.CANCEL);
                default -> { }
            }
        }
        if (order.legs().isEmpty() && order.status().canMoveTo(OrderStatus.CANCELLED)) {
            order.moveTo(OrderStatus.CANCELLED, clock.now(), why);
            afterChange(ctx, order);
        }
    }

    void cancelAll(UserContext ctx, String why) {
        for (String id : new ArrayList<>(ctx.activeOrders.keySet())) {
            cancel(ctx, id, why);
        }
    }

    private static boolean isWithdrawn(UserContext ctx, OrderLeg leg) {
        LegExecution exec = ctx.existingLeg(leg.legId());
        return exec != null && exec.withdrawn;
    }

    /** Asks the venue again about every leg of this user that is at a venue and not finished. */
    void requery(UserContext ctx) {
        for (Order order : new ArrayList<>(ctx.activeOrders.values())) {
            for (OrderLeg leg : order.legs()) {
                OrderStatus s = leg.status();
                if (s == OrderStatus.EXECUTING || s == OrderStatus.PARTIAL_FILL || s == OrderStatus.UNKNOWN) {
                    dispatch(ctx, order, leg, TaskKind.QUERY);
                }
            }
        }
    }

    /**
     * Drives on an order found unfinished in the store after a restart. Legs may have been sent before the
     * crash, so every leg is first asked about by its client order id; only a "no such order" leads to a send.
     */
    void resume(UserContext ctx, Order order) {
        ctx.activeOrders.put(order.orderId(), order);
        trackInFlight(ctx, order);
        if (order.legs().isEmpty()) {
            // Crashed before routing finished: nothing was sent, so routing again is safe.
            TradeSignal signal = new TradeSignal(order.signalId(), order.userId(), order.pair(), order.side(),
                    order.requestedUsd(), order.signalType(),
                    order.strategy() == null ? "recovered" : order.strategy(), order.createdAt(), null);
            Order fresh = new Order(order.orderId(), order.signalId(), order.userId(), order.pair(), order.side(),
                    order.signalType(), order.requestedUsd(), order.createdAt(), order.strategy());
            ctx.activeOrders.put(fresh.orderId(), fresh);
            route(ctx, fresh, signal);
            return;
        }
        Set<String> asked = new HashSet<>();
        for (OrderLeg leg : order.legs()) {
            if (!leg.status().isTerminal() && asked.add(leg.legId())) {
                if (leg.status() == OrderStatus.UNKNOWN
                        || leg.status() == OrderStatus.QUEUED && store.maySendHaveReachedVenue(leg.legId())) {
                    // It may be at the venue and not shown yet: the visibility window counts from now.
                    ctx.leg(leg.legId()).unknownSince = clock.now();
                }
                dispatch(ctx, order, leg, TaskKind.QUERY);
            }
        }
    }
}
