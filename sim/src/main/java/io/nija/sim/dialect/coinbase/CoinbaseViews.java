package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.Liquidity;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.OrderState;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The JSON shapes of Coinbase's answers on products, books, time, currencies, orders and fills: field names and
 * order, decimals as plain strings without trailing zeros, times in RFC 3339 with microseconds. The streams use the
 * same formats ({@link #status}, {@link #plain}). Accounts and fees are {@link CoinbaseAccountViews}'.
 */
final class CoinbaseViews {
    static final DateTimeFormatter RFC3339_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Map<String, String> NAMES = Map.of("BTC", "Bitcoin", "ETH", "Ethereum", "SOL", "Solana",
            "XRP", "XRP", "DOGE", "Dogecoin", "ADA", "Cardano", "USD", "US Dollar", "USDC", "USDC", "USDT", "Tether");

    private final ObjectMapper json;
    /** Orders sent post_only (the engine has no such flag; kept so the order shows it, until a restart). */
    private final Set<String> postOnly;

    CoinbaseViews(ObjectMapper json, Set<String> postOnly) {
        this.json = json;
        this.postOnly = postOnly;
    }

    // ---- products, books and time ---------------------------------------------------------------------

    ObjectNode product(Instrument ins, String quote, BigDecimal last, BigDecimal mid) {
        String base = ins.pair().base();
        BigDecimal price = last != null ? last : mid;
        ObjectNode p = json.createObjectNode();
        p.put("product_id", ins.symbol());
        p.put("price", price == null ? "" : plain(price.setScale(ins.priceScale(), RoundingMode.HALF_EVEN)));
        p.put("price_percentage_change_24h", "0");
        p.put("volume_24h", "0");
        p.put("volume_percentage_change_24h", "0");
        p.put("base_increment", plain(ins.lotSize()));
        p.put("quote_increment", plain(ins.tickSize()));
        p.put("quote_min_size", plain(ins.minNotional()));
        p.put("quote_max_size", "150000000");
        p.put("base_min_size", plain(ins.minQty()));
        p.put("base_max_size", "3400000000");
        p.put("base_name", NAMES.getOrDefault(base, base));
        p.put("quote_name", NAMES.getOrDefault(quote, quote));
        p.put("watched", false);
        p.put("is_disabled", false);
        p.put("new", false);
        p.put("status", "online");
        p.put("cancel_only", false);
        p.put("limit_only", false);
        p.put("post_only", false);
        p.put("trading_disabled", false);
        p.put("auction_mode", false);
        p.put("product_type", "SPOT");
        p.put("quote_currency_id", quote);
        p.put("base_currency_id", base);
        p.putNull("fcm_trading_session_details");
        p.put("mid_market_price", mid == null ? "" : plain(mid));
        p.put("alias", "");
        p.putArray("alias_to");
        p.put("base_display_symbol", base);
        p.put("quote_display_symbol", quote);
        p.put("view_only", false);
        p.put("price_increment", plain(ins.tickSize()));
        p.put("display_name", base + "-" + quote);
        p.put("product_venue", "CBE");
        return p;
    }

    ObjectNode productBook(Instrument ins, OrderBook book, BigDecimal last) {
        ObjectNode r = json.createObjectNode();
        r.set("pricebook", pricebook(ins, book));
        BigDecimal mid = book.mid();
        r.put("last", last == null ? (mid == null ? "" : plain(mid)) : plain(last));
        r.put("mid_market", mid == null ? "" : plain(mid));
        if (book.bestBid() != null && book.bestAsk() != null) {
            BigDecimal spread = book.bestAsk().subtract(book.bestBid());
            r.put("spread_bps", plain(Decimals.divide(spread.multiply(BigDecimal.valueOf(10_000)), mid)
                    .setScale(12, RoundingMode.HALF_EVEN)));
            r.put("spread_absolute", plain(spread));
        }
        return r;
    }

    ObjectNode pricebook(Instrument ins, OrderBook book) {
        ObjectNode b = json.createObjectNode();
        b.put("product_id", ins.symbol());
        levels(b.putArray("bids"), book.bids());
        levels(b.putArray("asks"), book.asks());
        b.put("time", RFC3339_MICROS.format(book.time()));
        return b;
    }

    private static void levels(ArrayNode out, List<PriceLevel> levels) {
        for (PriceLevel l : levels) {
            ObjectNode o = out.addObject();
            o.put("price", plain(l.price()));
            o.put("size", plain(l.quantity()));
        }
    }

    ObjectNode time(Instant now) {
        ObjectNode r = json.createObjectNode();
        r.put("iso", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MILLIS)));
        r.put("epochSeconds", String.valueOf(now.getEpochSecond()));
        r.put("epochMillis", String.valueOf(now.toEpochMilli()));
        return r;
    }

    // ---- v2 public (currencies, rates, time) ----------------------------------------------------------

    ObjectNode fiatCurrencies(Set<String> quotes) {
        ObjectNode r = json.createObjectNode();
        ArrayNode data = r.putArray("data");
        for (String q : quotes) {
            data.addObject().put("id", q).put("name", NAMES.getOrDefault(q, q)).put("min_size", "0.01");
        }
        return r;
    }

    ObjectNode cryptoCurrencies(Set<String> bases) {
        ObjectNode r = json.createObjectNode();
        ArrayNode data = r.putArray("data");
        int sort = 100;
        for (String b : bases) {
            ObjectNode c = data.addObject();
            c.put("asset_id", UUID.nameUUIDFromBytes(("coinbase-asset:" + b).getBytes(StandardCharsets.UTF_8)).toString());
            c.put("code", b);
            c.put("name", NAMES.getOrDefault(b, b));
            c.put("color", "#0052FF");
            c.put("sort_index", sort++);
            c.put("exponent", 8);
            c.put("type", "crypto");
            c.put("address_regex", "");
        }
        return r;
    }

    /** USD rates: one USD in each base asset, from the base's (positive) mid prices in listing order. */
    ObjectNode exchangeRates(Map<String, BigDecimal> mids) {
        ObjectNode r = json.createObjectNode();
        ObjectNode data = r.putObject("data");
        data.put("currency", "USD");
        ObjectNode rates = data.putObject("rates");
        rates.put("USD", "1");
        mids.forEach((base, mid) ->
                rates.put(base, plain(Decimals.divide(BigDecimal.ONE, mid).round(new java.math.MathContext(12)))));
        return r;
    }

    ObjectNode v2Time(Instant now) {
        ObjectNode r = json.createObjectNode();
        r.putObject("data").put("iso", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)))
                .put("epoch", now.getEpochSecond());
        return r;
    }

    // ---- orders and fills -----------------------------------------------------------------------------

    /** A created order's answer (also a repeated client_order_id's). */
    ObjectNode created(OrderView o) {
        ObjectNode r = json.createObjectNode();
        r.put("success", true);
        r.put("failure_reason", "UNKNOWN_FAILURE_REASON");
        r.put("order_id", o.venueOrderId());
        ObjectNode s = r.putObject("success_response");
        s.put("order_id", o.venueOrderId());
        s.put("product_id", o.symbol());
        s.put("side", o.side().name());
        s.put("client_order_id", o.clientOrderId());
        r.set("order_configuration", configuration(o));
        return r;
    }

    /** HTTP 200, success:false: nothing was created. */
    ObjectNode refused(JsonNode config, CoinbaseOrderParams.Refused refusal) {
        ObjectNode r = json.createObjectNode();
        r.put("success", false);
        r.put("failure_reason", "UNKNOWN_FAILURE_REASON");
        r.put("order_id", "");
        ObjectNode er = r.putObject("error_response");
        er.put("error", refusal.error);
        er.put("message", refusal.getMessage());
        er.put("error_details", refusal.getMessage());
        if (refusal.previewReason != null) {
            er.put("preview_failure_reason", refusal.previewReason);
        }
        if (!"UNKNOWN_FAILURE_REASON".equals(refusal.error)) {
            er.put("new_order_failure_reason", refusal.error);
        }
        r.set("order_configuration", config.isObject() ? config : json.createObjectNode());
        return r;
    }

    ObjectNode order(OrderView o, String apiKey) {
        ObjectNode n = json.createObjectNode();
        n.put("order_id", o.venueOrderId());
        n.put("product_id", o.symbol());
        n.put("user_id", userId(apiKey));
        n.set("order_configuration", configuration(o));
        n.put("side", o.side().name());
        n.put("client_order_id", o.clientOrderId());
        n.put("status", status(o));
        n.put("time_in_force", o.type() == OrderType.LIMIT ? "GOOD_UNTIL_CANCELLED" : "IMMEDIATE_OR_CANCEL");
        n.put("created_time", RFC3339_MICROS.format(o.createdAt()));
        BigDecimal completion = o.quantity() != null
                ? Decimals.divide(o.filledQty().multiply(BigDecimal.valueOf(100)), o.quantity())
                : Decimals.divide(o.filledQuote().multiply(BigDecimal.valueOf(100)), o.quoteQuantity());
        n.put("completion_percentage", completion.setScale(2, RoundingMode.DOWN).toPlainString());
        n.put("filled_size", plain(o.filledQty()));
        BigDecimal avg = o.averagePrice();
        n.put("average_filled_price", avg == null ? "0" : plain(avg.setScale(Math.max(10, o.filledQuote().scale()), RoundingMode.HALF_EVEN)));
        n.put("fee", "");
        n.put("number_of_fills", String.valueOf(o.fills().size()));
        n.put("filled_value", plain(o.filledQuote()));
        n.put("pending_cancel", false);
        n.put("size_in_quote", o.quantity() == null);
        n.put("total_fees", plain(o.fees()));
        n.put("size_inclusive_of_fees", false);
        BigDecimal afterFees = o.side() == Side.BUY ? o.filledQuote().add(o.fees()) : o.filledQuote().subtract(o.fees());
        n.put("total_value_after_fees", plain(afterFees));
        n.put("trigger_status", "INVALID_ORDER_TYPE");
        n.put("order_type", o.type() == OrderType.MARKET ? "MARKET" : "LIMIT");
        n.put("reject_reason", "REJECT_REASON_UNSPECIFIED");
        n.put("settled", !o.isOpen());
        n.put("product_type", "SPOT");
        n.put("reject_message", "");
        n.put("cancel_message", o.state() == OrderState.CANCELLED ? "User requested cancel" : "");
        n.put("order_placement_source", "RETAIL_ADVANCED");
        n.put("outstanding_hold_amount", plain(hold(o)));
        n.put("is_liquidation", false);
        if (o.fills().isEmpty()) {
            n.putNull("last_fill_time");
        } else {
            n.put("last_fill_time", RFC3339_MICROS.format(o.fills().get(o.fills().size() - 1).time()));
        }
        n.putArray("edit_history");
        n.put("leverage", "");
        n.put("margin_type", "UNKNOWN_MARGIN_TYPE");
        n.put("retail_portfolio_id", portfolioId(apiKey));
        return n;
    }

    private ObjectNode configuration(OrderView o) {
        if (o.trigger() != null) {
            return CoinbaseStops.configuration(json, o);
        }
        ObjectNode cfg = json.createObjectNode();
        switch (o.type()) {
            case MARKET -> {
                ObjectNode m = cfg.putObject("market_market_ioc");
                if (o.quantity() != null) {
                    m.put("base_size", plain(o.quantity()));
                } else {
                    m.put("quote_size", plain(o.quoteQuantity()));
                }
            }
            case IOC -> cfg.putObject("sor_limit_ioc").put("base_size", plain(o.quantity()))
                    .put("limit_price", plain(o.limitPrice()));
            case LIMIT -> cfg.putObject("limit_limit_gtc").put("base_size", plain(o.quantity()))
                    .put("limit_price", plain(o.limitPrice())).put("post_only", postOnly.contains(o.venueOrderId()));
        }
        return cfg;
    }

    /** What an open order still holds: quote for a buy (at its limit, before fees), base for a sell. */
    private static BigDecimal hold(OrderView o) {
        if (!o.isOpen()) {
            return BigDecimal.ZERO;
        }
        return o.side() == Side.BUY ? o.remainingQty().multiply(o.limitPrice()) : o.remainingQty();
    }

    ObjectNode fill(AccountFill f, String apiKey) {
        ObjectNode o = json.createObjectNode();
        o.put("entry_id", f.fillId());
        o.put("trade_id", f.tradeId());
        o.put("order_id", f.venueOrderId());
        o.put("trade_time", RFC3339_MICROS.format(f.time()));
        o.put("trade_type", "FILL");
        o.put("price", plain(f.price()));
        o.put("size", plain(f.quantity()));
        o.put("commission", plain(f.fee()));
        o.put("product_id", f.symbol());
        o.put("sequence_timestamp", RFC3339_MICROS.format(f.time()));
        o.put("liquidity_indicator", f.liquidity() == Liquidity.MAKER ? "MAKER" : "TAKER");
        o.put("size_in_quote", false);
        o.put("user_id", userId(apiKey));
        o.put("side", f.side().name());
        o.put("retail_portfolio_id", portfolioId(apiKey));
        return o;
    }

    // ---- formats and ids ------------------------------------------------------------------------------

    /** Coinbase's order status for an engine state. */
    static String status(OrderView o) {
        return switch (o.state()) {
            case OPEN, PARTIALLY_FILLED -> "OPEN";
            case FILLED -> "FILLED";
            case CANCELLED -> "CANCELLED";
            case EXPIRED -> "EXPIRED";
        };
    }

    /** A decimal as Coinbase prints it: plain, without trailing zeros. */
    static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0, RoundingMode.UNNECESSARY) : s).toPlainString();
    }

    /** A decimal as a JSON number, without trailing zeros. */
    static BigDecimal number(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0, RoundingMode.UNNECESSARY) : s;
    }

    static String userId(String apiKey) {
        return UUID.nameUUIDFromBytes(("coinbase-user:" + apiKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String portfolioId(String apiKey) {
        return UUID.nameUUIDFromBytes(("coinbase-portfolio:" + apiKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String accountUuid(String apiKey, String asset) {
        return UUID.nameUUIDFromBytes(("coinbase-account:" + apiKey + ":" + asset).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
