package io.nija.core.engine;

import io.nija.core.execution.ExecutionReport;
import io.nija.core.execution.TaskKind;
import io.nija.core.execution.VenueExecutor;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.risk.RiskCheck;
import io.nija.core.routing.ExecutionStats;
import io.nija.core.routing.ExitPlanner;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one order inside its user's lane, as the engine asks for it: routing a new order, cancelling,
 * asking the venues again, and resuming after a restart. The work itself is done by {@link LegPlanner} (what to
 * route on), {@link LegDispatcher} (handing tasks to executors), {@link FollowUps} (resting legs),
 * {@link ReportHandler} (what the venues answer), {@link Failover} (legs a venue did not take) and
 * {@link OrderRecorder} (saving an order after a change). Every method here runs on the user's lane only.
 */
final class OrderWorkflow {
    private static final Logger LOG = LoggerFactory.getLogger(OrderWorkflow.class);

    private final Router router;
    private final Store store;
    private final Clock clock;
    private final EngineListener listener;
    private final AtomicBoolean globalKillSwitch;
    private final LegPlanner planner;
    private final LegDispatcher dispatcher;
    private final OrderRecorder recorder;
    private final Failover failover;
    private final ReportHandler reports;
    private final MarketData marketData;
    /** The venues' private streams: how often resting legs are asked about, and stalls REST gives away. */
    final StreamFeed streamFeed;
    private final FollowUps followUps;
    private final Scheduler scheduler;

    /**
     * How often routing is tried before an acknowledged order is refused as {@code internal_error}. Routing reads the
     * store (a user's keys on first use) and the venues' books; a pool timeout or a store hiccup under a burst must
     * not turn an order the service already acknowledged into a refusal when a second try would have routed it.
     */
    static final int ROUTING_ATTEMPTS = 5;

    OrderWorkflow(EngineConfig config, Router router, Store store, AccountDirectory accounts, MarketData marketData,
                  ExecutionStats stats, Map<String, VenueExecutor> executors, Clock clock, Scheduler scheduler, Ids ids,
                  EngineListener listener, AtomicBoolean globalKillSwitch) {
        this.router = router;
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.globalKillSwitch = globalKillSwitch;
        this.marketData = marketData;
        this.scheduler = scheduler;
        this.streamFeed = new StreamFeed(accounts, clock);
        this.planner = new LegPlanner(accounts, marketData, stats, executors, clock, router.config().costs().splitMinUsd());
        this.recorder = new OrderRecorder(store, clock, listener, marketData);
        // Sending and answering call each other (an answer leads to the next send, a leg no executor can take fails
        // over to a send elsewhere), so the dispatcher reaches the report handler and the failover through this
        // class, only once a task is answered or cannot be handed over, long after construction.
        this.dispatcher = new LegDispatcher(config, accounts, executors, clock, scheduler, this::onReport, this::failLeg);
        this.failover = new Failover(config, router, planner, store, clock, scheduler, listener, dispatcher, marketData);
        this.followUps = new FollowUps(config, executors, clock, scheduler, dispatcher, streamFeed);
        this.reports = new ReportHandler(config, marketData, clock, listener, dispatcher, followUps, failover, recorder,
                streamFeed);
    }

    /** An executor's answer about a leg, run on the user's lane. */
    void onReport(UserContext ctx, ExecutionReport report) {
        reports.onReport(ctx, report);
        dispatcher.releaseBalanced(ctx);
    }

    // --- pushed by the venue's private stream ------------------------------------------------------------

    /**
     * A stream message about one of the user's orders: handled as the answer to a routine question about its leg, so
     * the same rules (fills once by fill id, state machine, follow-up) apply. Orders the engine does not follow (placed
     * elsewhere, or already final) are ignored; the reconciler looks after foreign orders.
     */
    void onStreamState(UserContext ctx, String venue, io.nija.core.venue.VenueOrderState state) {
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
        followUps.askAllResting(ctx, venue);
    }

    private void failLeg(UserContext ctx, Order order, OrderLeg leg, String why) {
        failover.failLeg(ctx, order, leg, why);
    }

    /** Checks a new order against the user's limits again, routes it, saves the route and sends its legs. */
    void route(UserContext ctx, Order order, TradeSignal signal) {
        route(ctx, order, signal, 1);
    }

    private void route(UserContext ctx, Order order, TradeSignal signal, int attempt) {
        ctx.activeOrders.put(order.orderId(), order);
        if (order.status() != OrderStatus.ROUTING) {
            order.moveTo(OrderStatus.ROUTING, clock.now(), null);
        }
        try {
            // Checked again here: positions and other orders may have changed since intake admitted it.
            RiskCheck.checkStatic(signal, ctx.limits(), globalKillSwitch.get() || ctx.killSwitch());
            if (signal.reducesPosition()) {
                ExitPlanner.Plan plan = planner.exitPlan(ctx, order, signal);
                order.routed(order.terms().exitTrigger() != null ? io.nija.core.order.ExecutionMethod.LIMIT
                        : io.nija.core.order.ExecutionMethod.MARKET, plan.reason(), planner.legsFor(order, plan.legs()));
            } else {
                RiskCheck.checkExposure(signal, ctx.limits(), ctx.exposure, ctx.realizedPnlToday(), order.orderId());
                List<VenueCandidate> candidates = planner.candidates(ctx, signal);
                order.recordArrivalMid(ArrivalMid.of(candidates));
                long start = clock.nanoTime();
                RouteDecision decision = router.route(signal, ctx.limits(), candidates);
                listener.routed(decision.venue(), clock.nanoTime() - start);
                order.recordExpectedPrice(io.nija.core.routing.ExpectedPrice.of(signal.side(), decision.legs(), candidates));
                order.routed(decision.method(), decision.reason(), planner.legsFor(order, decision));
            }
            order.moveTo(OrderStatus.QUEUED, clock.now(), null);
        } catch (SignalRejectedException e) {
            order.reject(e.code(), e.getMessage(), clock.now());
        } catch (RuntimeException e) {
            if (order.legs().isEmpty() && attempt < ROUTING_ATTEMPTS) {
                // Nothing was planned, nothing sent: routing again later is safe. Stored as received meanwhile, so a
                // crash in between resumes it the same way.
                java.time.Duration wait = java.time.Duration.ofSeconds(1L << (attempt - 1));
                LOG.warn("routing order {} failed ({}), trying again in {} (attempt {} of {})", order.orderId(),
                        e.toString(), wait, attempt + 1, ROUTING_ATTEMPTS);
                scheduler.schedule(wait, () -> ctx.lane.execute(() -> routeAgain(ctx, order, signal, attempt + 1)));
                return;
            }
            // A bug or an unexpected adapter failure must not leave an acknowledged order stuck in routing.
            LOG.error("routing order {} failed", order.orderId(), e);
            order.reject("internal_error", "routing failed: " + e.getClass().getSimpleName(), clock.now());
        }
        // Stored (with its audit row, one transaction) before any leg is handed to an executor: the send's intent is
        // written after this returned, so it always finds its leg.
        store.saveOrder(order, new AuditEvent(clock.now(), "router", "order", order.orderId(), order.status().wire(),
                order.status() == OrderStatus.REJECTED ? order.rejectCode() + ": " + order.statusReason() : order.routeReason()));
        listener.orderUpdated(order);
        if (order.status() == OrderStatus.REJECTED) {
            ctx.activeOrders.remove(order.orderId());
            ctx.exposure.settled(order.orderId());
            return;
        }
        marketData.reservations().sync(order);
        for (OrderLeg leg : order.legs()) {
            dispatcher.dispatch(ctx, order, leg, TaskKind.PLACE);
        }
    }

    /** A later try at routing, unless the order was cancelled (or otherwise moved on) while it waited. */
    private void routeAgain(UserContext ctx, Order order, TradeSignal signal, int attempt) {
        if (ctx.activeOrders.get(order.orderId()) != order || order.status() != OrderStatus.ROUTING) {
            return;
        }
        route(ctx, order, signal, attempt);
    }

    /**
     * Refuses an order before anything of it was routed or sent (the owner's trade rate, for an order another
     * instance stored): saved, audited and reported the way a refusal at routing is.
     */
    void refuseUnrouted(Order order, String code, String why) {
        order.reject(code, why, clock.now());
        store.saveOrder(order, new AuditEvent(clock.now(), "router", "order", order.orderId(), order.status().wire(),
                code + ": " + why));
        listener.orderUpdated(order);
    }

    // --- cancel and recovery ------------------------------------------------------------------------

    /** Withdraws every unfinished leg of the order: unsent legs are never sent, live ones are cancelled at the venue. */
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
                // Its fate is being resolved: once the venue shows it open, it is cancelled (ReportHandler.applyVenueState).
                case UNKNOWN -> { }
                case EXECUTING, PARTIAL_FILL -> dispatcher.dispatch(ctx, order, leg, TaskKind.CANCEL);
                default -> { }
            }
        }
        if (order.legs().isEmpty() && order.status().canMoveTo(OrderStatus.CANCELLED)) {
            order.moveTo(OrderStatus.CANCELLED, clock.now(), why);
            recorder.afterChange(ctx, order);
        }
        // A withdrawn leg never leaves, so it no longer holds the user's worse sends back.
        order.legs().stream().map(OrderLeg::venue).distinct().forEach(v -> dispatcher.releaseUnblocked(ctx, v));
    }

    void cancelAll(UserContext ctx, String why) {
        for (String id : new ArrayList<>(ctx.activeOrders.keySet())) {
            cancel(ctx, id, why);
        }
    }

    /** Asks the venue again about every leg of this user that is at a venue and not finished. */
    void requery(UserContext ctx) {
        for (Order order : new ArrayList<>(ctx.activeOrders.values())) {
            for (OrderLeg leg : order.legs()) {
                OrderStatus s = leg.status();
                if (s == OrderStatus.EXECUTING || s == OrderStatus.PARTIAL_FILL || s == OrderStatus.UNKNOWN) {
                    dispatcher.dispatch(ctx, order, leg, TaskKind.QUERY);
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
        OrderRecorder.trackInFlight(ctx, order);
        marketData.reservations().sync(order);
        if (order.legs().isEmpty()) {
            // Crashed before routing finished: nothing was sent, so routing again is safe.
            TradeSignal signal = new TradeSignal(order.signalId(), order.userId(), order.pair(), order.side(),
                    order.requestedUsd(), order.signalType(),
                    order.strategy() == null ? "recovered" : order.strategy(), order.createdAt(), null,
                    order.closeAll(), null, order.terms());
            Order fresh = new Order(order.orderId(), order.signalId(), order.userId(), order.pair(), order.side(),
                    order.signalType(), order.requestedUsd(), order.createdAt(), order.strategy());
            fresh.instructions(order.closeAll(), order.exitQuantity(), order.terms());
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
                dispatcher.dispatch(ctx, order, leg, TaskKind.QUERY);
            }
        }
    }
}
