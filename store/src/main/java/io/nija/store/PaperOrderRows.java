package io.nija.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.store.PaperOrderRecord;
import io.nija.core.venue.VenueOrderStatus;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** paper_orders: the paper desk's orders with their fills (a JSON array of decimal strings), kept across restarts. */
final class PaperOrderRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = """
            user_id, venue, client_order_id, venue_order_id, symbol, side, order_type, quantity, limit_price, quote_qty,
            status, fills, updated_at""";
    private final Jdbi jdbi;
    private final PaperBalanceRows balances;

    PaperOrderRows(Jdbi jdbi, PaperBalanceRows balances) {
        this.jdbi = jdbi;
        this.balances = balances;
    }

    /** The order's row, and the account's balances when given, in one transaction. */
    void save(PaperOrderRecord o, Map<String, BigDecimal> accountBalances) {
        jdbi.useTransaction(h -> {
            upsert(h, o);
            if (accountBalances != null) {
                balances.save(h, o.userId(), o.venue(), accountBalances);
            }
        });
    }

    private static void upsert(Handle h, PaperOrderRecord o) {
        h.createUpdate("INSERT INTO paper_orders (" + COLUMNS + """
                        ) VALUES (:user, :venue, :cid, :vid, :symbol, :side, :type, :qty, :limit, :quote, :status,
                          :fills, :at)
                        ON CONFLICT (user_id, venue, client_order_id) DO UPDATE SET status = EXCLUDED.status,
                          fills = EXCLUDED.fills, updated_at = EXCLUDED.updated_at""")
                .bind("user", o.userId())
                .bind("venue", o.venue())
                .bind("cid", o.clientOrderId())
                .bind("vid", o.venueOrderId())
                .bind("symbol", o.symbol())
                .bind("side", Sql.wire(o.side()))
                .bind("type", Sql.wire(o.type()))
                .bind("qty", o.quantity())
                .bind("limit", o.limitPrice())
                .bind("quote", o.quoteQuantity())
                .bind("status", Sql.wire(o.status()))
                .bind("fills", fillsJson(o.fills()))
                .bind("at", Sql.ts(o.updatedAt()))
                .execute();
    }

    Optional<PaperOrderRecord> find(String userId, String venue, String clientOrderId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM paper_orders WHERE user_id = :user AND venue = :venue AND client_order_id = :cid")
                .bind("user", userId).bind("venue", venue).bind("cid", clientOrderId)
                .map((rs, ctx) -> read(rs)).findOne());
    }

    List<PaperOrderRecord> open(String userId, String venue) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM paper_orders"
                        + " WHERE user_id = :user AND venue = :venue AND status IN ('open', 'partially_filled')"
                        + " ORDER BY updated_at, client_order_id")
                .bind("user", userId).bind("venue", venue)
                .map((rs, ctx) -> read(rs)).list());
    }

    private static PaperOrderRecord read(ResultSet rs) throws SQLException {
        return new PaperOrderRecord(rs.getString("user_id"), rs.getString("venue"), rs.getString("client_order_id"),
                rs.getString("venue_order_id"), rs.getString("symbol"), Sql.parse(Side.class, rs.getString("side")),
                Sql.parse(OrderType.class, rs.getString("order_type")), rs.getBigDecimal("quantity"),
                rs.getBigDecimal("limit_price"), rs.getBigDecimal("quote_qty"),
                Sql.parse(VenueOrderStatus.class, rs.getString("status")), fills(rs.getString("fills")),
                Sql.instant(rs, "updated_at"));
    }

    private static String fillsJson(List<Fill> fills) {
        ArrayNode a = JSON.createArrayNode();
        for (Fill f : fills) {
            a.addObject().put("id", f.fillId()).put("venue", f.venue()).put("qty", f.quantity().toPlainString())
                    .put("price", f.price().toPlainString()).put("fee", f.fee().toPlainString())
                    .put("fee_asset", f.feeAsset()).put("liquidity", Sql.wire(f.liquidity()))
                    .put("time", f.time().toString());
        }
        return a.toString();
    }

    private static List<Fill> fills(String json) throws SQLException {
        try {
            List<Fill> out = new ArrayList<>();
            for (JsonNode n : JSON.readTree(json)) {
                out.add(new Fill(n.get("id").asText(), n.get("venue").asText(), new BigDecimal(n.get("qty").asText()),
                        new BigDecimal(n.get("price").asText()), new BigDecimal(n.get("fee").asText()),
                        n.get("fee_asset").asText(), Sql.parse(Liquidity.class, n.get("liquidity").asText()),
                        Instant.parse(n.get("time").asText())));
            }
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("paper order fills are not readable: " + e.getMessage(), e);
        }
    }
}
