package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.signal.Side;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.StopTrigger;
import java.math.BigDecimal;

/**
 * Alpaca's crypto {@code stop_limit} orders: a {@code stop_price} that fires the order on the last trade (a sell when
 * the price falls to it, a buy when it rises to it), then a limit at {@code limit_price}; {@code gtc} only. The
 * quantity of a waiting sell is held, as any open order's. A stop already reached is refused by the engine (it would
 * trade at once).
 */
final class AlpacaStops {
    private AlpacaStops() {
    }

    static boolean isStopLimit(String type) {
        return "stop_limit".equals(type);
    }

    /** The stop_limit order of a body whose qty, limit price and time in force were already checked. */
    static NewOrder stopLimit(JsonNode b, Instrument ins, String clientId, Side side, BigDecimal qty, BigDecimal limit,
                              String tif) {
        if (!"gtc".equals(tif)) {
            throw AlpacaErrors.invalid("invalid crypto time_in_force for stop_limit orders");
        }
        BigDecimal stop;
        try {
            stop = JsonBody.decimal(JsonBody.text(b, "stop_price"));
        } catch (NumberFormatException e) {
            throw AlpacaErrors.invalid("invalid stop_price");
        }
        if (stop == null) {
            throw AlpacaErrors.invalid("stop_price is required for stop_limit orders");
        }
        if (stop.signum() <= 0 || !Decimals.isMultipleOf(stop, ins.tickSize())) {
            throw AlpacaErrors.invalid("invalid stop_price " + stop.toPlainString() + ": must be a positive multiple of "
                    + Decimals.plain(ins.tickSize()));
        }
        return NewOrder.stopLimit(ins.symbol(), clientId, side, qty, limit, StopTrigger.stopLoss(side, stop));
    }

    /** The order's type as Alpaca names it. */
    static String type(OrderView o) {
        return o.trigger() != null ? "stop_limit" : o.type() == io.nija.core.order.OrderType.MARKET ? "market" : "limit";
    }

    static BigDecimal stopPrice(OrderView o) {
        return o.trigger() == null ? null : o.trigger().stopPrice();
    }
}
