package io.nija.core.engine;

import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import java.time.Instant;

/**
 * Derives an order's status from its legs and moves the order there along legal edges. Legs superseded by a
 * failover (they never filled) are left out.
 *
 * <ul>
 *   <li>all legs final: FILLED if all filled; CANCELLED if something filled but not all (the rest was
 *       cancelled or refused); otherwise REJECTED if any leg was rejected, FAILED if any failed, else CANCELLED</li>
 *   <li>otherwise: PARTIAL_FILL once anything filled, UNKNOWN if a leg's fate is unknown, EXECUTING if a leg
 *       is at the venue, else QUEUED</li>
 * </ul>
 */
final class OrderProgress {
    private OrderProgress() {
    }

    static OrderStatus derive(Order order) {
        boolean allFinal = true;
        boolean allFilled = true;
        boolean anyRejected = false;
        boolean anyFailed = false;
        boolean anyUnknown = false;
        boolean anyExecuting = false;
        for (OrderLeg leg : order.legs()) {
            if (leg.supersededBy() != null) {
                continue;
            }
            OrderStatus s = leg.status();
            allFinal &= s.isTerminal();
            allFilled &= s == OrderStatus.FILLED;
            anyRejected |= s == OrderStatus.REJECTED;
            anyFailed |= s == OrderStatus.FAILED;
            anyUnknown |= s == OrderStatus.UNKNOWN;
            anyExecuting |= s == OrderStatus.EXECUTING || s == OrderStatus.PARTIAL_FILL;
        }
        boolean anyFill = order.filledQty().signum() > 0;
        if (allFinal) {
            if (allFilled) {
                return OrderStatus.FILLED;
            }
            if (anyFill) {
                return OrderStatus.CANCELLED;
            }
            return anyRejected ? OrderStatus.REJECTED : anyFailed ? OrderStatus.FAILED : OrderStatus.CANCELLED;
        }
        if (anyFill) {
            return OrderStatus.PARTIAL_FILL;
        }
        if (anyUnknown) {
            return OrderStatus.UNKNOWN;
        }
        return anyExecuting ? OrderStatus.EXECUTING : OrderStatus.QUEUED;
    }

    /** Moves the order to its derived status, through EXECUTING when it jumps straight from QUEUED. */
    static boolean update(Order order, Instant now, String reason) {
        OrderStatus target = derive(order);
        OrderStatus current = order.status();
        if (target == current && target != OrderStatus.PARTIAL_FILL) {
            return false;
        }
        if (current.isTerminal()) {
            return false;
        }
        if (!current.canMoveTo(target) && current.canMoveTo(OrderStatus.EXECUTING)
                && OrderStatus.EXECUTING.canMoveTo(target)) {
            order.moveTo(OrderStatus.EXECUTING, now, null);
        }
        if (order.status().canMoveTo(target)) {
            order.moveTo(target, now, reason);
            return true;
        }
        return false;
    }
}
