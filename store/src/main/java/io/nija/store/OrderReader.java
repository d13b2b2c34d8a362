package io.nija.store;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Rebuilds whole orders (legs and fills included) in three queries however many orders are asked for:
 * the order rows, then all their legs, then all their fills, matched up in memory. Call it inside one
 * repeatable-read transaction so the three reads see the same moment.
 */
final class OrderReader {
    private static final String ORDER_COLUMNS = """
            SELECT order_id, signal_id, user_id, pair, side, signal_type, requested_usd, status, execution_method,
                   route_reason, reject_code, status_reason, created_at, updated_at, strategy, arrival_mid,
                   close_all, exit_qty, limit_price, time_in_force_s, take_profit_price, stop_loss_price, expected_price,
                   oco_group
            FROM orders
            """;

    private OrderReader() {
    }

    /** Runs an orders query ({@link #ORDER_COLUMNS} + the given tail) and completes every order found. */
    static List<Order> query(Handle h, String whereAndOrder, Consumer<Query> binder) {
        Query q = h.createQuery(ORDER_COLUMNS + whereAndOrder);
        binder.accept(q);
        List<OrderRow> rows = q.map((rs, ctx) -> OrderRow.of(rs)).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(OrderRow::orderId).toList();
        Map<String, List<Fill>> fillsByLeg = fillsByLeg(h, ids);
        Map<String, List<OrderLeg>> legsByOrder = new HashMap<>();
        h.createQuery("""
                        SELECT leg_id, order_id, leg_index, venue, symbol, pair, tick_size, lot_size, min_qty, min_notional,
                               order_type, quantity, limit_price, not_before, client_order_id, attempt_family, status,
                               venue_order_id, status_reason, superseded_by
                        FROM legs WHERE order_id = ANY(:ids) ORDER BY order_id, leg_index, leg_id""")
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> {
                    String legId = rs.getString("leg_id");
                    return Map.entry(rs.getString("order_id"), leg(rs, fillsByLeg.getOrDefault(legId, List.of())));
                })
                .forEach(e -> legsByOrder.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        List<Order> orders = new ArrayList<>(rows.size());
        for (OrderRow row : rows) {
            orders.add(row.toOrder(legsByOrder.getOrDefault(row.orderId(), List.of())));
        }
        return orders;
    }

    private static Map<String, List<Fill>> fillsByLeg(Handle h, List<String> orderIds) {
        Map<String, List<Fill>> byLeg = new HashMap<>();
        h.createQuery("""
                        SELECT venue, fill_id, leg_id, quantity, price, fee, fee_asset, liquidity, time
                        FROM fills WHERE order_id = ANY(:ids) ORDER BY seq""")
                .bindArray("ids", String.class, orderIds)
                .map((rs, ctx) -> Map.entry(rs.getString("leg_id"), new Fill(
                        rs.getString("fill_id"),
                        rs.getString("venue"),
                        rs.getBigDecimal("quantity"),
                        rs.getBigDecimal("price"),
                        rs.getBigDecimal("fee"),
                        rs.getString("fee_asset"),
                        Sql.parse(Liquidity.class, rs.getString("liquidity")),
                        Sql.instant(rs, "time"))))
                .forEach(e -> byLeg.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byLeg;
    }

    private static OrderLeg leg(ResultSet rs, List<Fill> fills) throws SQLException {
        Instrument instrument = new Instrument(
                rs.getString("venue"),
                Pair.parse(rs.getString("pair")),
                rs.getString("symbol"),
                rs.getBigDecimal("tick_size"),
                rs.getBigDecimal("lot_size"),
                rs.getBigDecimal("min_qty"),
                rs.getBigDecimal("min_notional"));
        OrderLeg leg = OrderLeg.restore(
                rs.getString("leg_id"),
                rs.getInt("leg_index"),
                instrument,
                Sql.parse(OrderType.class, rs.getString("order_type")),
                rs.getBigDecimal("quantity"),
                rs.getBigDecimal("limit_price"),
                Sql.instant(rs, "not_before"),
                rs.getString("client_order_id"),
                rs.getInt("attempt_family"),
                Sql.parse(OrderStatus.class, rs.getString("status")),
                rs.getString("venue_order_id"),
                rs.getString("status_reason"),
                fills);
        leg.restoreSupersededBy(rs.getString("superseded_by"));
        return leg;
    }

    /** The orders row on its own; the legs are attached once they are read. */
    private record OrderRow(String orderId, String signalId, String userId, String pair, String side,
                            String signalType, BigDecimal requestedUsd, String status, String method,
                            String routeReason, String rejectCode, String statusReason, Instant createdAt,
                            Instant updatedAt, String strategy, BigDecimal arrivalMid, boolean closeAll,
                            BigDecimal exitQty, io.nija.core.signal.EntryTerms terms, BigDecimal expectedPrice) {
        static OrderRow of(ResultSet rs) throws SQLException {
            return new OrderRow(rs.getString("order_id"), rs.getString("signal_id"), rs.getString("user_id"),
                    rs.getString("pair"), rs.getString("side"), rs.getString("signal_type"),
                    rs.getBigDecimal("requested_usd"), rs.getString("status"), rs.getString("execution_method"),
                    rs.getString("route_reason"), rs.getString("reject_code"), rs.getString("status_reason"),
                    Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"), rs.getString("strategy"),
                    rs.getBigDecimal("arrival_mid"), rs.getBoolean("close_all"), rs.getBigDecimal("exit_qty"),
                    new io.nija.core.signal.EntryTerms(rs.getBigDecimal("limit_price"),
                            (Integer) rs.getObject("time_in_force_s"), rs.getBigDecimal("take_profit_price"),
                            rs.getBigDecimal("stop_loss_price"), rs.getString("oco_group")),
                    rs.getBigDecimal("expected_price"));
        }

        Order toOrder(List<OrderLeg> legs) {
            Order order = new Order(orderId, signalId, userId, Pair.parse(pair), Sql.parse(Side.class, side),
                    Sql.parse(SignalType.class, signalType), requestedUsd, createdAt, strategy);
            order.recordArrivalMid(arrivalMid);
            order.recordExpectedPrice(expectedPrice);
            order.instructions(closeAll, exitQty, terms);
            order.restoreState(Sql.parse(OrderStatus.class, status), updatedAt,
                    Sql.parse(ExecutionMethod.class, method), routeReason, rejectCode, statusReason, legs);
            return order;
        }
    }
}
