package io.nija.core.engine;

import io.nija.core.execution.TaskKind;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.routing.RouteDecision;
import io.nija.core.routing.Router;
import io.nija.core.routing.VenueCandidate;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What becomes of a leg a venue did not take: sent again after a wait within a bounded number of sends, moved to
 * the next eligible venue, or given up (cancelled, if the user withdrew it meanwhile). Runs on the user's lane only.
 */
final class Failover implements LegDispatcher.LegFailure {
    /** Bound on legs per order, so failovers cannot multiply without end. */
    private static final int MAX_LEGS = 16;
    /** Sends kept back by a venue's rate limit before the leg is given up: "not now" is not "no", but not for ever. */
    private static final int MAX_RATE_LIMITED_SENDS = 30;

    private final EngineConfig config;
    private final Router router;
    private final LegPlanner planner;
    private final Store store;
    private final Clock clock;
    private final Scheduler scheduler;
    private final EngineListener listener;
    private final LegDispatcher dispatcher;
    private final MarketData marketData;

    Failover(EngineConfig config, Router router, LegPlanner planner, Store store, Clock clock, Scheduler scheduler,
             EngineListener listener, LegDispatcher dispatcher, MarketData marketData) {
        this.marketData = marketData;
        this.config = config;
        this.router = router;
        this.planner = planner;
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.listener = listener;
        this.dispatcher = dispatcher;
    }

    /**
     * A send the venue did not take: sent again after {@code wait} until the leg's sends are spent (then it fails,
     * or fails over), or cancelled if the user withdrew it meanwhile. Rate-limited sends are bounded on their own.
     */
    void retryOrFail(UserContext ctx, Order order, OrderLeg leg, String why, Duration wait, boolean rateLimited) {
        if (leg.status() != OrderStatus.QUEUED) {
            return;
        }
        LegExecution exec = ctx.leg(leg.legId());
        if (rateLimited && ++exec.rateLimitedSends < MAX_RATE_LIMITED_SENDS && !ctx.isWithdrawn(leg)) {
            // The venue (or our own count of its budget) said wait: nothing left, so this send does not count as one
            // of the leg's attempts. An exit, which never fails over, must not fail for a busy minute.
            dispatcher.holdRateLimited(ctx, order, leg, wait);
            return;
        }
        int sent = ++exec.sends;
        if (sent >= config.maxSendAttempts() || ctx.isWithdrawn(leg)) {
            failLeg(ctx, order, leg, ctx.isWithdrawn(leg) ? "withdrawn before it was sent" : why);
            return;
        }
        scheduler.schedule(wait, () -> ctx.lane.execute(() -> {
            if (leg.status() == OrderStatus.QUEUED) {
                dispatcher.dispatch(ctx, order, leg, TaskKind.PLACE);
            }
        }));
    }

    /** Gives the leg up at its venue: onto the next venue when it can go there, else failed (cancelled if withdrawn). */
    @Override
    public void failLeg(UserContext ctx, Order order, OrderLeg leg, String why) {
        if (leg.status().isTerminal()) {
            return;
        }
        boolean withdrawn = ctx.isWithdrawn(leg);
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
    boolean failOver(UserContext ctx, Order order, OrderLeg leg, String why) {
        // An exit sells what one venue holds: another venue does not hold it, so moving there would open a short.
        if (order.signalType().reducesPosition()
                || leg.filledQty().signum() != 0 || leg.status() != OrderStatus.QUEUED
                || order.executionMethod() == io.nija.core.order.ExecutionMethod.TWAP || order.legs().size() >= MAX_LEGS) {
            return false;
        }
        Set<String> tried = new HashSet<>();
        order.legs().forEach(l -> tried.add(l.venue()));
        // A leg of a split order fails over for its own share only, so the legs never add up to more than the order.
        java.math.BigDecimal share = io.nija.core.routing.FailoverShare.usd(order, leg);
        TradeSignal signal = new TradeSignal(order.signalId(), order.userId(), order.pair(), order.side(),
                share, order.signalType(), "failover", clock.now(), null, false, null, order.terms());
        List<VenueCandidate> candidates = new ArrayList<>(planner.candidates(ctx, signal));
        candidates.removeIf(c -> tried.contains(c.venue()));
        RouteDecision decision;
        List<io.nija.core.routing.PlannedLeg> planned;
        try {
            decision = router.route(signal, ctx.limits(), candidates);
            planned = io.nija.core.routing.FailoverShare.capped(order, leg, decision.legs());
        } catch (SignalRejectedException e) {
            return false;
        }
        if (planned.isEmpty()) {
            return false;
        }
        List<OrderLeg> replacements = planner.legsFor(order, planned);
        leg.supersede(replacements.get(0).legId(), "failed over to " + decision.venue() + " after: " + why);
        listener.executionFinished(leg.venue(), false);
        order.failedOver(replacements, "failover from " + leg.venue() + ": " + decision.reason(), clock.now());
        marketData.reservations().sync(order);
        // The replacement legs are stored (with the audit row, one transaction) before they go to an executor.
        store.saveOrder(order, new AuditEvent(clock.now(), "router", "order", order.orderId(), "failed_over",
                leg.venue() + " -> " + decision.venue() + ": " + why));
        for (OrderLeg l : replacements) {
            dispatcher.dispatch(ctx, order, l, TaskKind.PLACE);
        }
        return true;
    }
}
