package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.OrderState;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Alpaca trading-API JSON (crypto assets, v2 orders, positions, activities): amounts as strings, RFC 3339 times. */
final class AlpacaViews {
    private final ObjectMapper json;

    AlpacaViews(ObjectMapper json) {
        this.json = json;
    }

    static String dec(BigDecimal v) {
        return v == null ? null : Decimals.plain(v);
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    /** A stable asset id per symbol, as Alpaca gives every asset a UUID. */
    static String assetId(String symbol) {
        return UUID.nameUUIDFromBytes(("alpaca-asset:" + symbol).getBytes(StandardCharsets.UTF_8)).toString();
    }

    ObjectNode asset(Instrument i) {
        ObjectNode n = json.createObjectNode();
        n.put("id", assetId(i.symbol()));
        n.put("class", "crypto");
        n.put("exchange", "CRYPTO");
        n.put("symbol", i.symbol());
        n.put("name", i.pair().base() + " / " + i.symbol().substring(i.symbol().indexOf('/') + 1));
        n.put("status", "active");
        n.put("tradable", true);
        n.put("marginable", false);
        n.put("maintenance_margin_requirement", 100);
        n.put("margin_requirement_long", "100");
        n.put("margin_requirement_short", "100");
        n.put("shortable", false);
        n.put("easy_to_borrow", false);
        n.put("fractionable", true);
        n.putArray("attributes");
        n.put("min_order_size", dec(i.minQty().signum() > 0 ? i.minQty() : i.lotSize()));
        n.put("min_trade_increment", dec(i.lotSize()));
        n.put("price_increment", dec(i.tickSize()));
        return n;
    }

    static String status(OrderView o) {
        return switch (o.state()) {
            case OPEN -> "new";
            case PARTIALLY_FILLED -> "partially_filled";
            case FILLED -> "filled";
            // The unfilled rest of an IOC (or of a market order the book could not fill) is canceled.
            case CANCELLED, EXPIRED -> "canceled";
        };
    }

    ObjectNode order(OrderView o) {
        ObjectNode n = json.createObjectNode();
        AccountFill last = o.fills().isEmpty() ? null : o.fills().get(o.fills().size() - 1);
        boolean market = o.type() == OrderType.MARKET;
        n.put("id", o.venueOrderId());
        n.put("client_order_id", o.clientOrderId());
        n.put("created_at", time(o.createdAt()));
        n.put("updated_at", time(o.updatedAt()));
        n.put("submitted_at", time(o.createdAt()));
        n.put("filled_at", o.state() == OrderState.FILLED && last != null ? time(last.time()) : null);
        n.putNull("expired_at");
        n.put("canceled_at", o.state() == OrderState.CANCELLED || o.state() == OrderState.EXPIRED
                ? time(o.updatedAt()) : null);
        n.putNull("failed_at");
        n.putNull("replaced_at");
        n.putNull("replaced_by");
        n.putNull("replaces");
        n.put("asset_id", assetId(o.symbol()));
        n.put("symbol", o.symbol());
        n.put("asset_class", "crypto");
        n.put("notional", dec(o.quoteQuantity()));
        n.put("qty", dec(o.quantity()));
        n.put("filled_qty", dec(o.filledQty()));
        n.put("filled_avg_price", o.filledQty().signum() == 0 ? null : dec(o.averagePrice()));
        n.put("order_class", "");
        n.put("order_type", AlpacaStops.type(o));
        n.put("type", AlpacaStops.type(o));
        n.put("side", o.side() == Side.BUY ? "buy" : "sell");
        n.put("position_intent", o.side() == Side.BUY ? "buy_to_open" : "sell_to_close");
        n.put("time_in_force", o.type() == OrderType.IOC ? "ioc" : "gtc");
        n.put("limit_price", dec(o.limitPrice()));
        n.put("stop_price", dec(AlpacaStops.stopPrice(o)));
        n.put("status", status(o));
        n.put("extended_hours", false);
        n.putNull("legs");
        n.putNull("trail_percent");
        n.putNull("trail_price");
        n.putNull("hwm");
        n.putNull("subtag");
        n.putNull("source");
        n.putNull("expires_at");
        return n;
    }
}
