package io.nija.core.routing;

import io.nija.core.instrument.Decimals;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a failed leg may be re-planned for. An order worked by one leg fails over whole, as it always has. A leg of a
 * split order fails over for its own share only, and what replaces it never adds up to more than it had left: the
 * other legs are still working, and together the legs must never exceed the order.
 */
public final class FailoverShare {
    private FailoverShare() {
    }

    /** The USD size to route the failed leg's replacement for. */
    public static BigDecimal usd(Order order, OrderLeg failed) {
        BigDecimal total = BigDecimal.ZERO;
        int live = 0;
        for (OrderLeg l : order.legs()) {
            if (l.supersededBy() == null) {
                total = total.add(l.quantity());
                live++;
            }
        }
        if (live <= 1 || total.signum() == 0) {
            return order.requestedUsd();
        }
        return order.requestedUsd().multiply(failed.remainingQty()).divide(total, 2, RoundingMode.DOWN);
    }

    /** The planned replacement legs, trimmed (on each venue's lot, dropping any below its minimum) to the leg's rest. */
    public static List<PlannedLeg> capped(Order order, OrderLeg failed, List<PlannedLeg> planned) {
        long live = order.legs().stream().filter(l -> l.supersededBy() == null).count();
        if (live <= 1) {
            return planned;
        }
        BigDecimal left = failed.remainingQty();
        List<PlannedLeg> out = new ArrayList<>();
        for (PlannedLeg p : planned) {
            BigDecimal q = Decimals.floorToStep(p.quantity().min(left), p.instrument().lotSize());
            if (q.signum() <= 0 || q.compareTo(p.instrument().minQty()) < 0
                    || p.limitPrice() != null && q.multiply(p.limitPrice()).compareTo(p.instrument().minNotional()) < 0) {
                continue;
            }
            out.add(new PlannedLeg(p.instrument(), p.type(), q, p.limitPrice(), p.delay()));
            left = left.subtract(q);
        }
        return out;
    }
}
