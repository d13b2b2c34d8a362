package io.nija.core.engine;

import io.nija.core.execution.TaskKind;
import io.nija.core.execution.VenueExecutor;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.venue.VenueOrderState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps a user's legs resting at venues asked about: on a schedule that backs off while nothing changes, with one
 * open-orders read answering for all of them where a venue allows it, and a cancel once a leg has rested past its
 * time to live. Runs on the user's lane only.
 */
final class FollowUps {
    private final EngineConfig config;
    private final Map<String, VenueExecutor> executors;
    private final Clock clock;
    private final Scheduler scheduler;
    private final LegDispatcher dispatcher;
    private final StreamFeed streamFeed;

    FollowUps(EngineConfig config, Map<String, VenueExecutor> executors, Clock clock, Scheduler scheduler,
              LegDispatcher dispatcher, StreamFeed streamFeed) {
        this.streamFeed = streamFeed;
        this.config = config;
        this.executors = executors;
        this.clock = clock;
        this.scheduler = scheduler;
        this.dispatcher = dispatcher;
    }

    /** Asks about every resting leg of the user at the venue now (after its stream came up or went down). */
    void askAllResting(UserContext ctx, String venue) {
        for (Map.Entry<Order, OrderLeg> e : restingLegs(ctx, venue)) {
            ctx.leg(e.getValue().legId()).followUpGeneration++;
            dispatcher.followUp(ctx, e.getKey(), e.getValue());
        }
    }

    /** Sets the resting leg's next follow-up; a follow-up scheduled before for it is void from now on. */
    void scheduleFollowUp(UserContext ctx, Order order, OrderLeg leg, Duration wait) {
        LegExecution exec = ctx.leg(leg.legId());
        int generation = ++exec.followUpGeneration;
        scheduler.schedule(wait, () -> ctx.lane.execute(() -> {
            if (leg.status().isTerminal() || exec.followUpGeneration != generation) {
                return;
            }
            if (dispatcher.restingTooLong(order, leg) || ctx.isWithdrawn(leg)) {
                // A limit the market has moved away from would rest for ever: cancel what is left.
                dispatcher.dispatch(ctx, order, leg, TaskKind.CANCEL);
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
            dispatcher.followUp(ctx, order, leg);
            return;
        }
        if (ctx.sharedReadsInFlight.add(leg.venue())) {
            dispatcher.dispatch(ctx, order, leg, TaskKind.OPEN_ORDERS);
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
    void onOpenOrders(UserContext ctx, String venue, List<VenueOrderState> open) {
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
                scheduleFollowUp(ctx, e.getKey(), leg, nextFollowUp(ctx, e.getKey(), exec, leg, false));
            } else {
                exec.followUpGeneration++;
                dispatcher.followUp(ctx, e.getKey(), leg);
            }
        }
    }

    /** The shared read failed: every resting leg there keeps its own follow-up, backing off. */
    void onOpenOrdersFailed(UserContext ctx, String venue) {
        ctx.sharedReadsInFlight.remove(venue);
        for (Map.Entry<Order, OrderLeg> e : restingLegs(ctx, venue)) {
            OrderLeg leg = e.getValue();
            scheduleFollowUp(ctx, e.getKey(), leg, nextFollowUp(ctx, e.getKey(), ctx.leg(leg.legId()), leg, false));
        }
    }

    /**
     * The wait before the next question about a resting leg: the follow-up interval, doubling while nothing changes
     * up to {@code followUpMax} (a resting limit asked about every second spends a Kraken key's whole budget), but
     * never past the moment its time to live runs out, so the cancel of what is left is not late.
     */
    Duration nextFollowUp(UserContext ctx, Order order, LegExecution exec, OrderLeg leg, boolean changed) {
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
        Duration untilExpiry = Duration.between(clock.now(), leg.notBefore().plus(RestingTime.ttl(order, config.restingOrderTtl())));
        if (untilExpiry.compareTo(config.followUpInterval()) > 0 && untilExpiry.compareTo(wait) < 0) {
            wait = untilExpiry;
        }
        return wait.compareTo(config.followUpInterval()) < 0 ? config.followUpInterval() : wait;
    }
}
