package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.OrderState;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Alpaca trading-API JSON (crypto assets, clock, v2 orders, account, positions, activities): amounts as strings,
 * RFC 3339 times; and the market-data order book, whose prices and sizes are JSON numbers.
 */
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

    ArrayNode array() {
        return json.createArrayNode();
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** Crypto trades around the clock: always open. */
    ObjectNode clock(Instant now) {
        ObjectNode n = json.createObjectNode();
        n.put("timestamp", now.toString());
        n.put("is_open", true);
        n.put("next_open", now.plus(Duration.ofDays(1)).toString());
        n.put("next_close", now.plus(Duration.ofHours(8)).toString());
        return n;
    }

    /** One entry of a cancel-all answer: the order cancelled. */
    ObjectNode cancelled(OrderView done) {
        ObjectNode n = json.createObjectNode();
        n.put("id", done.venueOrderId());
        n.put("status", 200);
        n.set("body", order(done));
        return n;
    }

    /** One entry of a cancel-all answer: the order whose cancel failed. */
    ObjectNode cancelFailed(String venueOrderId) {
        ObjectNode n = json.createObjectNode();
        n.put("id", venueOrderId);
        n.put("status", 500);
        n.putNull("body");
        return n;
    }

    ObjectNode fillActivity(String id, AccountFill f, boolean full, BigDecimal leaves, BigDecimal cum,
            String orderStatus) {
        ObjectNode n = json.createObjectNode();
        n.put("id", id);
        n.put("activity_type", "FILL");
        n.put("transaction_time", f.time().toString());
        n.put("type", full ? "fill" : "partial_fill");
        n.put("price", dec(f.price()));
        n.put("qty", dec(f.quantity()));
        n.put("side", f.side() == Side.BUY ? "buy" : "sell");
        n.put("symbol", f.symbol());
        n.put("leaves_qty", dec(leaves));
        n.put("order_id", f.venueOrderId());
        n.put("cum_qty", dec(cum));
        n.put("order_status", orderStatus);
        return n;
    }

    ObjectNode feeActivity(String id, AccountFill f) {
        ObjectNode n = json.createObjectNode();
        n.put("id", id);
        n.put("activity_type", "CFEE");
        n.put("date", f.time().atZone(ZoneOffset.UTC).toLocalDate().toString());
        n.put("net_amount", dec(f.fee().negate()));
        n.put("description", "crypto trading fee");
        n.put("symbol", f.symbol().replace("/", ""));
        n.put("qty", dec(f.fee().negate()));
        n.put("price", "1");
        n.put("status", "executed");
        n.put("currency", f.feeAsset());
        n.put("created_at", f.time().toString());
        n.put("order_id", f.venueOrderId());
        return n;
    }

    ObjectNode account(String apiKey, Balance usd, BigDecimal equity, BigDecimal longValue, boolean tradingBlocked,
            LocalDate asOf) {
        ObjectNode n = json.createObjectNode();
        n.put("id", UUID.nameUUIDFromBytes(("alpaca-account:" + apiKey).getBytes(StandardCharsets.UTF_8)).toString());
        n.putObject("admin_configurations");
        n.putNull("user_configurations");
        n.put("account_number", "PA" + Integer.toString(Math.abs(apiKey.hashCode() % 1_000_000_000), 10));
        n.put("status", "ACTIVE");
        n.put("crypto_status", "ACTIVE");
        n.put("options_approved_level", 0);
        n.put("options_trading_level", 0);
        n.put("currency", "USD");
        n.put("buying_power", dec(usd.available()));
        n.put("regt_buying_power", dec(usd.available()));
        n.put("daytrading_buying_power", "0");
        n.put("effective_buying_power", dec(usd.available()));
        n.put("non_marginable_buying_power", dec(usd.available()));
        n.put("options_buying_power", "0");
        n.put("bod_dtbp", "0");
        n.put("cash", dec(usd.total()));
        n.put("accrued_fees", "0");
        n.put("portfolio_value", dec(equity));
        n.put("pattern_day_trader", false);
        n.put("trading_blocked", tradingBlocked);
        n.put("transfers_blocked", false);
        n.put("account_blocked", false);
        n.put("created_at", "2024-01-02T15:04:05.000000Z");
        n.put("trade_suspended_by_user", false);
        n.put("multiplier", "1");
        n.put("shorting_enabled", false);
        n.put("equity", dec(equity));
        n.put("last_equity", dec(equity));
        n.put("long_market_value", dec(longValue));
        n.put("short_market_value", "0");
        n.put("position_market_value", dec(longValue));
        n.put("initial_margin", "0");
        n.put("maintenance_margin", "0");
        n.put("last_maintenance_margin", "0");
        n.put("sma", "0");
        n.put("daytrade_count", 0);
        n.put("balance_asof", asOf.toString());
        n.put("crypto_tier", 1);
        n.put("intraday_adjustments", "0");
        n.put("pending_reg_taf_fees", "0");
        return n;
    }

    /** A long crypto position valued at {@code current}, its cost at {@code entry}. */
    ObjectNode position(Instrument ins, Balance b, BigDecimal current, BigDecimal entry) {
        BigDecimal value = b.total().multiply(current).setScale(2, RoundingMode.HALF_EVEN);
        BigDecimal cost = b.total().multiply(entry).setScale(2, RoundingMode.HALF_EVEN);
        ObjectNode n = json.createObjectNode();
        n.put("asset_id", assetId(ins.symbol()));
        n.put("symbol", ins.symbol().replace("/", ""));
        n.put("exchange", "CRYPTO");
        n.put("asset_class", "crypto");
        n.put("asset_marginable", false);
        n.put("qty", dec(b.total()));
        n.put("avg_entry_price", dec(entry));
        n.put("side", "long");
        n.put("market_value", dec(value));
        n.put("cost_basis", dec(cost));
        n.put("unrealized_pl", dec(value.subtract(cost)));
        n.put("unrealized_plpc", cost.signum() == 0 ? "0"
                : dec(value.subtract(cost).divide(cost, 8, RoundingMode.HALF_EVEN)));
        n.put("unrealized_intraday_pl", dec(value.subtract(cost)));
        n.put("unrealized_intraday_plpc", cost.signum() == 0 ? "0"
                : dec(value.subtract(cost).divide(cost, 8, RoundingMode.HALF_EVEN)));
        n.put("current_price", dec(current));
        n.put("lastday_price", dec(current));
        n.put("change_today", "0");
        n.put("qty_available", dec(b.available()));
        return n;
    }

    /** {@code {"a":[{"p":..,"s":..}],"b":[..],"t":".."}}, p and s as exact JSON numbers. */
    ObjectNode orderbook(OrderBook book) {
        ObjectNode b = json.createObjectNode();
        levels(b.putArray("a"), book.asks());
        levels(b.putArray("b"), book.bids());
        b.put("t", book.time().toString());
        return b;
    }

    private static void levels(ArrayNode out, List<PriceLevel> levels) {
        for (PriceLevel l : levels) {
            out.addObject().put("p", l.price().stripTrailingZeros()).put("s", l.quantity().stripTrailingZeros());
        }
    }
}
