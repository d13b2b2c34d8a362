package io.nija.core.engine;

import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import java.util.List;

/**
 * Settles an order after its legs changed: derives its status, saves it together with the positions its fills
 * moved, keeps the user's exposure copy current, tells the listener, and lets go of the order once it is final.
 * Runs on the user's lane only.
 */
final class OrderRecorder {
    private final Store store;
    private final Clock clock;
    private final EngineListener listener;

    /** Holds the routing's reservation of depth for the order's live legs; released as they fill or end. */
    private final MarketData marketData;

    OrderRecorder(Store store, Clock clock, EngineListener listener, MarketData marketData) {
        this.marketData = marketData;
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    /** After the order's legs changed: its status, the save with its positions, exposure, events; dropped once final. */
    void afterChange(UserContext ctx, Order order) {
        String reason = order.legs().stream().map(OrderLeg::statusReason).filter(r -> r != null).reduce((a, b) -> b).orElse(null);
        OrderProgress.update(order, clock.now(), reason);
        // One transaction per change: the order, the positions its fills moved and, once final, its audit row.
        AuditEvent finalEvent = order.status().isTerminal()
                ? new AuditEvent(clock.now(), "engine", "order", order.orderId(), order.status().wire(), order.statusReason())
                : null;
        store.saveOrderAndPositions(order, List.copyOf(ctx.changedPositions), finalEvent);
        ctx.changedPositions.forEach(ctx.exposure::record);
        ctx.changedPositions.clear();
        trackInFlight(ctx, order);
        marketData.reservations().sync(order);
        listener.orderUpdated(order);
        if (order.status().isTerminal()) {
            ctx.activeOrders.remove(order.orderId());
            order.legs().forEach(l -> ctx.forgetLeg(l.legId()));
        }
    }

    /** An entry counts against the exposure limits by what it has not filled yet, until it is final. */
    static void trackInFlight(UserContext ctx, Order order) {
        if (order.status().isTerminal()) {
            ctx.exposure.settled(order.orderId());
        } else if (order.signalType().reducesPosition()) {
            // An exit claims what it reserved and has not filled yet, so later exits are admitted against the rest.
            ExitClaims.track(ctx.exposure, order);
        } else {
            ctx.exposure.inFlight(order.orderId(), order.pair(), order.side(),
                    order.requestedUsd().subtract(order.filledNotional()));
        }
    }
}
