package io.nija.sim.dialect.kraken;

import io.nija.core.signal.Side;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.StopTrigger;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Kraken's triggered limit orders on AddOrder: {@code ordertype=stop-loss-limit} or {@code take-profit-limit},
 * {@code price} the trigger price and {@code price2} the limit the order works at once triggered (absolute prices
 * only; Kraken's relative {@code +}/{@code -}/{@code %} forms are not modelled), triggered by the last trade
 * ({@code trigger=last}, the default; {@code index} is refused here). A waiting order holds its funds, as every open
 * Kraken order does. A trigger the last trade has already reached is refused by the engine.
 */
final class KrakenStops {
    private KrakenStops() {
    }

    static boolean isTriggered(String orderType) {
        return "stop-loss-limit".equals(orderType) || "take-profit-limit".equals(orderType);
    }

    /** The trigger of a stop-loss-limit or take-profit-limit request, read from {@code price}. */
    static StopTrigger trigger(String orderType, Side side, BigDecimal triggerPrice, Map<String, String> p) {
        String by = p.get("trigger");
        if (by != null && !by.isBlank() && !"last".equals(by.trim())) {
            throw KrakenErrors.invalidArgument("trigger");
        }
        return "stop-loss-limit".equals(orderType) ? StopTrigger.stopLoss(side, triggerPrice)
                : StopTrigger.takeProfit(side, triggerPrice);
    }

    /** The order type as Kraken names it in QueryOrders / OpenOrders. */
    static String orderType(OrderView o, boolean market) {
        if (o.trigger() != null) {
            return o.trigger().isTakeProfit(o.side()) ? "take-profit-limit" : "stop-loss-limit";
        }
        return market ? "market" : "limit";
    }

    /** {@code descr.price}: the trigger price of a triggered order, else the limit. */
    static BigDecimal descrPrice(OrderView o) {
        return o.trigger() != null ? o.trigger().stopPrice() : o.limitPrice();
    }

    /** {@code descr.price2}: a triggered order's limit price, else none. */
    static BigDecimal descrPrice2(OrderView o) {
        return o.trigger() != null ? o.limitPrice() : null;
    }
}
