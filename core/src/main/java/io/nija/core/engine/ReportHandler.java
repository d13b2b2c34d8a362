package io.nija.core.engine;

import io.nija.core.execution.ExecutionReport;
import io.nija.core.execution.ExecutionTask;
import io.nija.core.execution.TaskKind;
import io.nija.core.order.Fill;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.position.Position;
import io.nija.core.time.Clock;
import io.nija.core.venue.VenueOrderState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what an executor reports about a leg (the venue's state with its fills, a refusal, an unknown outcome, a
 * send that did not go out, "no such order", a failed question, an open-orders read) to the leg and its order, and
 * decides the leg's next step. Runs on the user's lane only.
 */
final class ReportHandler implements LegDispatcher.ReportSink {
    private static final Logger LOG = LoggerFactory.getLogger(ReportHandler.class);

    private final EngineConfig config;
    private final MarketData marketData;
    private final Clock clock;
    private final EngineListener listener;
    private final LegDispatcher dispatcher;
    private final FollowUps followUps;
    private final Failover failover;
    private final OrderRecorder recorder;
    private final StreamFeed streamFeed;

    ReportHandler(EngineConfig config, MarketData marketData, Clock clock, EngineListener listener,
                  LegDispatcher dispatcher, FollowUps followUps, Failover failover, OrderRecorder recorder,
                  StreamFeed streamFeed) {
        this.streamFeed = streamFeed;
        this.config = config;
        this.marketData = marketData;
        this.clock = clock;
        this.listener = listener;
        this.dispatcher = dispatcher;
        this.followUps = followUps;
        this.failover = failover;
        this.recorder = recorder;
    }

    /**
     * Applies a venue's answer. Whatever goes wrong while applying it (a bug, a store that fails), the leg is asked
     * about again after the usual backoff, so an unfinished leg never waits for the periodic re-query.
     */
    @Override
    public void onReport(UserContext ctx, ExecutionReport report) {
        try {
            applyReport(ctx, report);
        } catch (RuntimeException e) {
            ExecutionTask task = report.task();
            LOG.error("handling a {} report for leg {} failed; asking the venue again", report.getClass().getSimpleName(),
                    task.legId(), e);
            Order order = ctx.activeOrders.get(task.orderId());
            OrderLeg leg = order == null ? null : order.leg(task.legId());
            if (leg != null && !leg.status().isTerminal()) {
                dispatcher.resolveLater(ctx, order, leg);
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
                followUps.onOpenOrders(ctx, venue, r.open());
            } else {
                followUps.onOpenOrdersFailed(ctx, venue);
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
                dispatcher.resolveLater(ctx, order, leg);
            }
            case ExecutionReport.NotSent r -> {
                String why = r.kind().wire() + ": " + r.message();
                // An open venue breaker will not close for a while: move to another venue now if one can take it.
                if (r.kind() == io.nija.core.venue.VenueErrorKind.VENUE_UNAVAILABLE && !ctx.isWithdrawn(leg)
                        && failover.failOver(ctx, order, leg, why)) {
                    break;
                }
                failover.retryOrFail(ctx, order, leg, why, r.retryAfter() != null ? r.retryAfter() : config.resolveBackoff(),
                        r.kind() == io.nija.core.venue.VenueErrorKind.RATE_LIMITED);
            }
            case ExecutionReport.NotFound r -> onNotFound(ctx, order, leg);
            case ExecutionReport.QueryFailed r -> dispatcher.resolveLater(ctx, order, leg);
        }
        recorder.afterChange(ctx, order);
        // This leg may have been what held the user's worse sends back at its venue.
        dispatcher.releaseUnblocked(ctx, leg.venue());
    }

    private static String describe(ExecutionReport report) {
        return switch (report) {
            case ExecutionReport.VenueState r -> "state " + r.state().status() + " filled " + r.state().filledQty();
            case ExecutionReport.QueryFailed r -> "failed " + r.kind().wire() + ": " + r.message();
            case ExecutionReport.NotFound r -> "no such order";
            default -> report.getClass().getSimpleName();
        };
    }

    /**
     * A fill under an id the leg has not seen, in an answer that no longer lists a fill the leg holds, and that would
     * take the leg past what the venue says it filled in the same answer, is a fill the leg already holds under its
     * old id (OKX fills recorded by billId before they were keyed by tradeId): counting it would count that trade
     * twice. An answer that still lists every fill the leg holds is not second-guessed here, so an adapter that
     * reports fills that are not this order's still shows up (the leg refuses to fill past its quantity).
     */
    private static boolean heldUnderAnotherId(OrderLeg leg, VenueOrderState state, Fill fill) {
        if (state.filledQty() == null || leg.fills().isEmpty()
                || leg.fills().stream().anyMatch(f -> f.fillId().equals(fill.fillId()))
                || leg.filledQty().add(fill.quantity()).compareTo(state.filledQty()) <= 0) {
            return false;
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        state.fills().forEach(f -> listed.add(f.fillId()));
        return leg.fills().stream().anyMatch(f -> !listed.contains(f.fillId()));
    }

    private void applyVenueState(UserContext ctx, Order order, OrderLeg leg, VenueOrderState state) {
        if (state.venueOrderId() != null) {
            leg.venueOrderId(state.venueOrderId());
        }
        boolean newFills = false;
        java.util.List<Fill> added = new java.util.ArrayList<>(0);
        for (Fill fill : state.fills()) {
            if (heldUnderAnotherId(leg, state, fill)) {
                continue;
            }
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
            // Fills the stream should have pushed but REST found: the stream may be stalled.
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
                    dispatcher.resolveLater(ctx, order, leg);
                }
            }
            case PARTIALLY_FILLED, OPEN -> {
                LegExecution exec = ctx.leg(leg.legId());
                if (ctx.isWithdrawn(leg) && !exec.cancelInFlight && !dispatcher.cancelAnsweredRecently(exec)) {
                    // Cancelled while its fate was open, or a cancel that has not been answered yet: cancel now. A
                    // cancel the venue answered is followed by questions on the follow-up schedule below.
                    dispatcher.dispatch(ctx, order, leg, TaskKind.CANCEL);
                }
                if (leg.filledQty().signum() > 0) {
                    leg.moveTo(OrderStatus.PARTIAL_FILL, null);
                } else if (leg.status() == OrderStatus.UNKNOWN) {
                    leg.moveTo(OrderStatus.EXECUTING, null);
                }
                followUps.scheduleFollowUp(ctx, order, leg, followUps.nextFollowUp(ctx, order, ctx.leg(leg.legId()), leg, newFills));
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
            dispatcher.resolveLater(ctx, order, leg);
            return;
        }
        if (leg.status() == OrderStatus.UNKNOWN) {
            leg.moveTo(OrderStatus.QUEUED, "venue has not shown the order for longer than its visibility window ("
                    + config.visibility().of(leg.venue()).toSeconds() + " s)");
        }
        exec.unknownSince = null;
        if (leg.status() != OrderStatus.QUEUED) {
            // An order the venue acknowledged has vanished from its answers: keep asking.
            dispatcher.resolveLater(ctx, order, leg);
            return;
        }
        if (ctx.isWithdrawn(leg)) {
            leg.moveTo(OrderStatus.CANCELLED, "withdrawn before it was sent");
            return;
        }
        int sent = ++ctx.leg(leg.legId()).sends;
        if (sent >= config.maxSendAttempts()) {
            failover.failLeg(ctx, order, leg, "venue " + leg.venue() + " did not take the order after " + sent + " sends");
            return;
        }
        dispatcher.dispatch(ctx, order, leg, TaskKind.PLACE);
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

    private static void toExecuting(OrderLeg leg) {
        if (leg.status() == OrderStatus.QUEUED) {
            leg.moveTo(OrderStatus.EXECUTING, null);
        }
    }
}
