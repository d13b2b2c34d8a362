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

/**
 * The contract's JSON shapes. Decimals travel as exact strings, never as binary floating point, shaped by
 * {@link DecimalFormats} (lot scale, tick + 4, USD at 8 places).
 */
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
        n.put("requested_usd", DecimalFormats.usd(o.requestedUsd()));
        n.put("filled_qty", DecimalFormats.qty(o.filledQty(), finest(o, true)));
        n.put("avg_price", DecimalFormats.price(o.averagePrice(), finest(o, false)));
        n.put("filled_usd", DecimalFormats.usd(o.filledNotional()));
        n.put("fees", DecimalFormats.usd(o.fees()));
        n.put("fees_usd", DecimalFormats.usd(o.feesUsd()));
        n.put("strategy", o.strategy());
        n.put("arrival_mid", DecimalFormats.price(o.arrivalMid(), finest(o, false)));
        n.put("slippage_bps", dec(o.slippageBps()));
        n.put("expected_price", DecimalFormats.price(o.expectedPrice(), finest(o, false)));
        n.put("expected_slippage_bps", dec(o.expectedSlippageBps()));
        n.put("execution_method", o.executionMethod() == null ? null : o.executionMethod().wire());
        n.put("close_all", o.closeAll());
        n.put("limit_price", DecimalFormats.price(o.terms().limitPrice(), finest(o, false)));
        if (o.terms().timeInForceS() == null) {
            n.putNull("time_in_force_s");
        } else {
            n.put("time_in_force_s", o.terms().timeInForceS());
        }
        n.put("take_profit_price", DecimalFormats.price(o.terms().takeProfitPrice(), finest(o, false)));
        n.put("stop_loss_price", DecimalFormats.price(o.terms().stopLossPrice(), finest(o, false)));
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

    /** A bracket: the entry it protects, what is armed, and each side's trigger price, state and size. */
    public ObjectNode bracket(io.nija.core.bracket.Bracket b) {
        ObjectNode n = mapper.createObjectNode();
        n.put("entry_order_id", b.entryOrderId());
        n.put("user_id", b.userId());
        n.put("pair", b.pair().toString());
        n.put("entry_side", b.entrySide().wire());
        n.put("exit_side", b.exitSide().wire());
        n.put("venue", b.venue());
        n.put("status", b.status().wire());
        n.put("entry_filled_qty", dec(b.entryFilledQty()));
        n.put("entry_final", b.entryFinal());
        n.put("exited_qty", dec(b.exitedQty()));
        n.put("armed_qty", dec(b.armedQty()));
        bracketSide(n, "take_profit", b, io.nija.core.signal.SignalType.PROFIT_TAKE, b.takeProfitPrice());
        bracketSide(n, "stop_loss", b, io.nija.core.signal.SignalType.STOP_LOSS, b.stopLossPrice());
        n.put("working_exit_signal_id", b.exitSignalId());
        n.put("exits_triggered", b.exitAttempts());
        n.put("updated_at", b.updatedAt().toString());
        return n;
    }

    private void bracketSide(ObjectNode parent, String name, io.nija.core.bracket.Bracket b,
                             io.nija.core.signal.SignalType side, BigDecimal price) {
        io.nija.core.bracket.Bracket.SideState state = b.sideState(side);
        if (state == null) {
            parent.putNull(name);
            return;
        }
        ObjectNode n = parent.putObject(name);
        n.put("trigger_price", dec(price));
        n.put("state", state.wire());
        // What this side would close (armed), is closing (triggered) or waits to close again (held).
        boolean working = state == io.nija.core.bracket.Bracket.SideState.ARMED
                || state == io.nija.core.bracket.Bracket.SideState.TRIGGERED
                || state == io.nija.core.bracket.Bracket.SideState.HELD;
        n.put("qty", dec(working ? b.armedQty() : BigDecimal.ZERO));
        String atVenue = b.nativeSignalId(side);
        n.put("held_by", atVenue != null ? "venue" : "router");
        n.put("venue_order_signal_id", atVenue);
    }

    private ObjectNode leg(OrderLeg l) {
        ObjectNode n = mapper.createObjectNode();
        n.put("leg_id", l.legId());
        n.put("venue", l.venue());
        n.put("symbol", l.instrument().symbol());
        n.put("order_type", l.type().name().toLowerCase(java.util.Locale.ROOT));
        n.put("qty", DecimalFormats.qty(l.quantity(), l.instrument().lotSize()));
        n.put("limit_price", DecimalFormats.price(l.limitPrice(), l.instrument().tickSize()));
        n.put("client_order_id", l.clientOrderId());
        n.put("venue_order_id", l.venueOrderId());
        n.put("status", l.status().wire());
        n.put("filled_qty", DecimalFormats.qty(l.filledQty(), l.instrument().lotSize()));
        n.put("avg_price", DecimalFormats.price(l.averagePrice(), l.instrument().tickSize()));
        n.put("fees", DecimalFormats.usd(l.fees()));
        n.put("status_reason", l.statusReason());
        ArrayNode fills = n.putArray("fills");
        for (Fill f : l.fills()) {
            ObjectNode fn = fills.addObject();
            fn.put("fill_id", f.fillId());
            fn.put("qty", DecimalFormats.qty(f.quantity(), l.instrument().lotSize()));
            fn.put("price", DecimalFormats.price(f.price(), l.instrument().tickSize()));
            fn.put("fee", DecimalFormats.usd(f.fee()));
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
        n.put("avg_cost", DecimalFormats.usd(p.averageCost()));
        n.put("realized_pnl", DecimalFormats.usd(p.realizedPnl()));
        n.put("unrealized_pnl", DecimalFormats.usd(unrealized));
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
        n.put("max_order_usd", DecimalFormats.usd(l.maxOrderUsd()));
        n.put("max_position_usd", DecimalFormats.usd(l.maxPositionUsd()));
        n.put("daily_loss_usd", DecimalFormats.usd(l.dailyLossUsd()));
        n.put("max_open_positions", l.maxOpenPositions());
        n.put("trades_per_second", l.tradesPerSecond());
        n.put("max_signal_age_ms", l.maxSignalAgeMs());
        ArrayNode v = n.putArray("allowed_venues");
        l.allowedVenues().stream().sorted().forEach(v::add);
        ArrayNode p = n.putArray("allowed_pairs");
        l.allowedPairs().stream().sorted().forEach(p::add);
        return n;
    }

    /**
     * The finest lot (quantities) or tick (prices) among an order's legs: a split order's sum or average is shown at
     * the precision of its most precise venue. Null before routing (then the value is shown plain or at 8 places).
     */
    private static BigDecimal finest(Order o, boolean lot) {
        BigDecimal best = null;
        for (OrderLeg l : o.legs()) {
            BigDecimal step = lot ? l.instrument().lotSize() : l.instrument().tickSize();
            if (step != null && (best == null || step.stripTrailingZeros().scale() > best.stripTrailingZeros().scale())) {
                best = step;
            }
        }
        return best;
    }

    /** A decimal with no rule of its own (fee rates, fractions, position quantities): plain, no trailing zeros. */
    static String dec(BigDecimal v) {
        return v == null ? null : Decimals.plain(v);
    }
}
