package io.nija.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.execution.ExecutionStatsView;
import io.nija.core.instrument.Decimals;
import io.nija.core.order.Fill;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.position.Position;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;

/** The contract's JSON shapes. Decimals travel as exact strings, never as binary floating point. */
public final class JsonViews {
    private final ObjectMapper mapper;

    public JsonViews(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode order(Order o) {
        ObjectNode n = mapper.createObjectNode();
        n.put("order_id", o.orderId());
        n.put("signal_id", o.signalId());
        n.put("user_id", o.userId());
        n.put("venue", o.venue());
        n.put("pair", o.pair().toString());
        n.put("side", o.side().wire());
        n.put("signal_type", o.signalType().wire());
        n.put("status", o.status().wire());
        n.put("requested_usd", dec(o.requestedUsd()));
        n.put("filled_qty", dec(o.filledQty()));
        n.put("avg_price", dec(o.averagePrice()));
        n.put("filled_usd", dec(o.filledNotional()));
        n.put("fees", dec(o.fees()));
        n.put("execution_method", o.executionMethod() == null ? null : o.executionMethod().wire());
        n.put("client_order_id", o.legs().isEmpty() ? null : o.legs().get(0).clientOrderId());
        ArrayNode legs = n.putArray("legs");
        o.legs().forEach(l -> legs.add(leg(l)));
        n.put("route_reason", o.routeReason());
        n.put("reject_code", o.rejectCode());
        n.put("status_reason", o.statusReason());
        n.put("created_at", o.createdAt().toString());
        n.put("updated_at", o.updatedAt().toString());
        return n;
    }

    private ObjectNode leg(OrderLeg l) {
        ObjectNode n = mapper.createObjectNode();
        n.put("leg_id", l.legId());
        n.put("venue", l.venue());
        n.put("symbol", l.instrument().symbol());
        n.put("order_type", l.type().name().toLowerCase(java.util.Locale.ROOT));
        n.put("qty", dec(l.quantity()));
        n.put("limit_price", dec(l.limitPrice()));
        n.put("client_order_id", l.clientOrderId());
        n.put("venue_order_id", l.venueOrderId());
        n.put("status", l.status().wire());
        n.put("filled_qty", dec(l.filledQty()));
        n.put("avg_price", dec(l.averagePrice()));
        n.put("fees", dec(l.fees()));
        n.put("status_reason", l.statusReason());
        ArrayNode fills = n.putArray("fills");
        for (Fill f : l.fills()) {
            ObjectNode fn = fills.addObject();
            fn.put("fill_id", f.fillId());
            fn.put("qty", dec(f.quantity()));
            fn.put("price", dec(f.price()));
            fn.put("fee", dec(f.fee()));
            fn.put("fee_asset", f.feeAsset());
            fn.put("liquidity", f.liquidity() == null ? null : f.liquidity().name().toLowerCase(java.util.Locale.ROOT));
            fn.put("time", f.time().toString());
        }
        return n;
    }

    public ObjectNode position(Position p, BigDecimal unrealized) {
        ObjectNode n = mapper.createObjectNode();
        n.put("user_id", p.userId());
        n.put("venue", p.venue());
        n.put("pair", p.pair().toString());
        n.put("qty", dec(p.quantity()));
        n.put("avg_cost", dec(p.averageCost()));
        n.put("realized_pnl", dec(p.realizedPnl()));
        n.put("unrealized_pnl", dec(unrealized));
        return n;
    }

    public ObjectNode venue(ExecutionStatsView v, FeeSchedule fees) {
        ObjectNode n = mapper.createObjectNode();
        n.put("venue", v.venue());
        n.put("healthy", v.healthy());
        n.put("circuit_state", v.circuitState());
        n.put("queue_depth", v.queueDepth());
        n.put("success_rate", v.successRate());
        n.put("avg_latency_ms", v.averageLatencyMs());
        n.put("executions_measured", v.samples());
        n.put("rate_limit_headroom", v.rateHeadroom());
        if (fees == null) {
            n.putNull("fees");
        } else {
            ObjectNode f = n.putObject("fees");
            f.put("maker", dec(fees.maker()));
            f.put("taker", dec(fees.taker()));
        }
        return n;
    }

    public ObjectNode limits(String userId, UserLimits l) {
        ObjectNode n = mapper.createObjectNode();
        n.put("user_id", userId);
        n.put("enabled", l.enabled());
        n.put("max_order_usd", dec(l.maxOrderUsd()));
        n.put("max_position_usd", dec(l.maxPositionUsd()));
        n.put("daily_loss_usd", dec(l.dailyLossUsd()));
        n.put("max_open_positions", l.maxOpenPositions());
        n.put("trades_per_second", l.tradesPerSecond());
        n.put("max_signal_age_ms", l.maxSignalAgeMs());
        ArrayNode v = n.putArray("allowed_venues");
        l.allowedVenues().stream().sorted().forEach(v::add);
        ArrayNode p = n.putArray("allowed_pairs");
        l.allowedPairs().stream().sorted().forEach(p::add);
        return n;
    }

    static String dec(BigDecimal v) {
        return v == null ? null : Decimals.plain(v);
    }
}
