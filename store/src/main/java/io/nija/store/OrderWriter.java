package io.nija.store;

import io.nija.core.order.Fill;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import java.util.Collection;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes orders, their legs and fills inside the caller's transaction, one batched statement per table.
 *
 * <p>Orders and legs are upserted (their state moves on); the identity and routing of a leg never change,
 * only its status, venue order id, reason and attempt family (with its client order id). Legs are never
 * deleted. Fills are inserted once per (leg, fill id): re-saving an order, or a fill imported by both the
 * send path and the reconciler, adds nothing. Not per (venue, fill id): venues print one trade id for both sides.
 */
final class OrderWriter {
    private static final String UPSERT_ORDER = """
            INSERT INTO orders (order_id, signal_id, user_id, pair, side, signal_type, requested_usd, status,
                                execution_method, route_reason, reject_code, status_reason, created_at, updated_at,
                                strategy, arrival_mid, close_all, exit_qty, limit_price, time_in_force_s,
                                take_profit_price, stop_loss_price, expected_price, oco_group)
            VALUES (:orderId, :signalId, :userId, :pair, :side, :signalType, :requestedUsd, :status,
                    :method, :routeReason, :rejectCode, :statusReason, :createdAt, :updatedAt, :strategy, :arrivalMid,
                    :closeAll, :exitQty, :limitPrice, :timeInForceS, :takeProfitPrice, :stopLossPrice, :expectedPrice,
                    :ocoGroup)
            ON CONFLICT (order_id) DO UPDATE SET
                arrival_mid = COALESCE(orders.arrival_mid, EXCLUDED.arrival_mid),
                expected_price = COALESCE(orders.expected_price, EXCLUDED.expected_price),
                status = EXCLUDED.status, execution_method = EXCLUDED.execution_method,
                route_reason = EXCLUDED.route_reason, reject_code = EXCLUDED.reject_code,
                status_reason = EXCLUDED.status_reason, updated_at = EXCLUDED.updated_at""";

    private static final String UPSERT_LEG = """
            INSERT INTO legs (leg_id, order_id, leg_index, venue, symbol, pair, tick_size, lot_size, min_qty,
                              min_notional, order_type, quantity, limit_price, not_before, client_order_id,
                              attempt_family, status, venue_order_id, status_reason, superseded_by)
            VALUES (:legId, :orderId, :legIndex, :venue, :symbol, :pair, :tickSize, :lotSize, :minQty,
                    :minNotional, :type, :quantity, :limitPrice, :notBefore, :clientOrderId,
                    :attemptFamily, :status, :venueOrderId, :statusReason, :supersededBy)
            ON CONFLICT (leg_id) DO UPDATE SET
                client_order_id = EXCLUDED.client_order_id, attempt_family = EXCLUDED.attempt_family,
                status = EXCLUDED.status, venue_order_id = EXCLUDED.venue_order_id,
                status_reason = EXCLUDED.status_reason, superseded_by = EXCLUDED.superseded_by""";

    private static final String INSERT_FILL = """
            INSERT INTO fills (venue, fill_id, leg_id, order_id, quantity, price, fee, fee_asset, liquidity, time)
            VALUES (:venue, :fillId, :legId, :orderId, :quantity, :price, :fee, :feeAsset, :liquidity, :time)
            ON CONFLICT (leg_id, fill_id) DO NOTHING""";

    private OrderWriter() {
    }

    static void write(Handle h, Collection<Order> orders) {
        if (orders.isEmpty()) {
            return;
        }
        PreparedBatch orderBatch = h.prepareBatch(UPSERT_ORDER);
        PreparedBatch legBatch = h.prepareBatch(UPSERT_LEG);
        PreparedBatch fillBatch = h.prepareBatch(INSERT_FILL);
        for (Order o : orders) {
            bindOrder(orderBatch, o);
            for (OrderLeg leg : o.legs()) {
                bindLeg(legBatch, o, leg);
                for (Fill f : leg.fills()) {
                    bindFill(fillBatch, o, leg, f);
                }
            }
        }
        // Parents before children, for the foreign keys.
        orderBatch.execute();
        if (legBatch.size() > 0) {
            legBatch.execute();
        }
        if (fillBatch.size() > 0) {
            fillBatch.execute();
        }
    }

    private static void bindOrder(PreparedBatch b, Order o) {
        b.bind("orderId", o.orderId())
                .bind("signalId", o.signalId())
                .bind("userId", o.userId())
                .bind("pair", o.pair().toString())
                .bind("side", Sql.wire(o.side()))
                .bind("signalType", Sql.wire(o.signalType()))
                .bind("requestedUsd", o.requestedUsd())
                .bind("status", Sql.wire(o.status()))
                .bind("method", Sql.wire(o.executionMethod()))
                .bind("routeReason", Sql.text(o.routeReason()))
                .bind("rejectCode", Sql.text(o.rejectCode()))
                .bind("statusReason", Sql.text(o.statusReason()))
                .bind("createdAt", Sql.ts(o.createdAt()))
                .bind("updatedAt", Sql.ts(o.updatedAt()))
                .bind("strategy", Sql.text(o.strategy()))
                .bind("arrivalMid", o.arrivalMid())
                .bind("expectedPrice", o.expectedPrice())
                .bind("closeAll", o.closeAll())
                .bind("exitQty", o.exitQuantity())
                .bind("limitPrice", o.terms().limitPrice())
                .bind("timeInForceS", o.terms().timeInForceS())
                .bind("takeProfitPrice", o.terms().takeProfitPrice())
                .bind("stopLossPrice", o.terms().stopLossPrice())
                .bind("ocoGroup", Sql.text(o.terms().ocoGroup()))
                .add();
    }

    private static void bindLeg(PreparedBatch b, Order o, OrderLeg leg) {
        b.bind("legId", leg.legId())
                .bind("orderId", o.orderId())
                .bind("legIndex", leg.legIndex())
                .bind("venue", leg.venue())
                .bind("symbol", leg.instrument().symbol())
                .bind("pair", leg.instrument().pair().toString())
                .bind("tickSize", leg.instrument().tickSize())
                .bind("lotSize", leg.instrument().lotSize())
                .bind("minQty", leg.instrument().minQty())
                .bind("minNotional", leg.instrument().minNotional())
                .bind("type", Sql.wire(leg.type()))
                .bind("quantity", leg.quantity())
                .bind("limitPrice", leg.limitPrice())
                .bind("notBefore", Sql.ts(leg.notBefore()))
                .bind("clientOrderId", leg.clientOrderId())
                .bind("attemptFamily", leg.attemptFamily())
                .bind("status", Sql.wire(leg.status()))
                .bind("venueOrderId", leg.venueOrderId())
                .bind("statusReason", Sql.text(leg.statusReason()))
                .bind("supersededBy", leg.supersededBy())
                .add();
    }

    private static void bindFill(PreparedBatch b, Order o, OrderLeg leg, Fill f) {
        b.bind("venue", f.venue())
                .bind("fillId", f.fillId())
                .bind("legId", leg.legId())
                .bind("orderId", o.orderId())
                .bind("quantity", f.quantity())
                .bind("price", f.price())
                .bind("fee", f.fee())
                .bind("feeAsset", f.feeAsset())
                .bind("liquidity", Sql.wire(f.liquidity()))
                .bind("time", Sql.ts(f.time()))
                .add();
    }
}
