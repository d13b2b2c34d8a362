package io.nija.core.engine;

import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.risk.ExposureLedger;
import java.math.BigDecimal;

/** What a working exit still claims of its position in the exposure ledger. */
final class ExitClaims {
    private ExitClaims() {
    }

    /**
     * The quantity reserved at intake less what has filled; for an exit stored before reservations were kept, what its
     * live legs have left to fill.
     */
    static void track(ExposureLedger exposure, Order order) {
        BigDecimal unfilled;
        if (order.exitQuantity() != null) {
            unfilled = order.exitQuantity().subtract(order.filledQty());
        } else {
            unfilled = BigDecimal.ZERO;
            for (OrderLeg l : order.legs()) {
                if (!l.status().isTerminal()) {
                    unfilled = unfilled.add(l.remainingQty());
                }
            }
        }
        exposure.exitWorking(order.orderId(), order.pair(), unfilled, order.terms().ocoGroup());
    }
}
