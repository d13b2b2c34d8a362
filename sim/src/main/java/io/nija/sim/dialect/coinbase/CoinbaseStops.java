package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.signal.Side;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.StopTrigger;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * Coinbase Advanced Trade's {@code stop_limit_stop_limit_gtc} configuration: {@code base_size}, {@code limit_price},
 * {@code stop_price} and {@code stop_direction} ({@code STOP_DIRECTION_STOP_DOWN}: fires when the last trade falls to
 * the stop, a sell's stop loss; {@code STOP_DIRECTION_STOP_UP}: when it rises to it, a sell's take profit). The order
 * waits off the book with its funds on hold, as every open Coinbase order's are; a stop the last trade has already
 * reached is refused by the engine.
 */
final class CoinbaseStops {
    static final String VARIANT = "stop_limit_stop_limit_gtc";

    private CoinbaseStops() {
    }

    static NewOrder order(JsonNode v, Instrument ins, String clientOrderId, Side side,
                          Function<String, RuntimeException> invalid) {
        BigDecimal base = JsonBody.decimal(JsonBody.text(v, "base_size"));
        BigDecimal limit = JsonBody.decimal(JsonBody.text(v, "limit_price"));
        BigDecimal stop = JsonBody.decimal(JsonBody.text(v, "stop_price"));
        String direction = JsonBody.text(v, "stop_direction");
        if (base == null || limit == null || stop == null || direction == null) {
            throw invalid.apply("base_size, limit_price, stop_price and stop_direction are required");
        }
        if (base.signum() <= 0 || !Decimals.isMultipleOf(base, ins.lotSize()) || base.compareTo(ins.minQty()) < 0) {
            throw invalid.apply("Invalid base size");
        }
        for (BigDecimal p : new BigDecimal[] {limit, stop}) {
            if (p.signum() <= 0 || !Decimals.isMultipleOf(p, ins.tickSize())) {
                throw invalid.apply("Invalid price precision");
            }
        }
        boolean up = switch (direction) {
            case "STOP_DIRECTION_STOP_UP" -> true;
            case "STOP_DIRECTION_STOP_DOWN" -> false;
            default -> throw invalid.apply("Invalid stop_direction");
        };
        return NewOrder.stopLimit(ins.symbol(), clientOrderId, side, base, limit, new StopTrigger(stop, up, true));
    }

    /** The configuration an order with a trigger reads back with. */
    static ObjectNode configuration(ObjectMapper json, OrderView o) {
        ObjectNode cfg = json.createObjectNode();
        cfg.putObject(VARIANT).put("base_size", CoinbaseViews.plain(o.quantity()))
                .put("limit_price", CoinbaseViews.plain(o.limitPrice()))
                .put("stop_price", CoinbaseViews.plain(o.trigger().stopPrice()))
                .put("stop_direction", o.trigger().fireAtOrAbove() ? "STOP_DIRECTION_STOP_UP" : "STOP_DIRECTION_STOP_DOWN");
        return cfg;
    }
}
