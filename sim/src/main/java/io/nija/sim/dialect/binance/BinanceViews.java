package io.nija.sim.dialect.binance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.Liquidity;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.FeeSchedule;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.Permission;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The JSON shapes of Binance's answers (field names, order and formats as api/v3 writes them), built from the
 * engine's values. Decimals have 8 places ("0.00100000"), times are epoch ms, ids are integers.
 */
final class BinanceViews {
    private static final int SCALE = BinanceParams.SCALE;

    private final ObjectMapper json;

    BinanceViews(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode empty() {
        return json.createObjectNode();
    }

    ObjectNode serverTime(long now) {
        return json.createObjectNode().put("serverTime", now);
    }

    ArrayNode array() {
        return json.createArrayNode();
    }

    // ---- market data ------------------------------------------------------------------------------------

    ObjectNode exchangeInfo(List<Instrument> selected, BinanceLimits.Config limits, long now,
            UnaryOperator<String> quoteAsset) {
        ObjectNode out = json.createObjectNode().put("timezone", "UTC").put("serverTime", now);
        ArrayNode rl = out.putArray("rateLimits");
        rl.addObject().put("rateLimitType", "REQUEST_WEIGHT").put("interval", "MINUTE").put("intervalNum", 1)
                .put("limit", limits.weightPerMinute());
        rl.addObject().put("rateLimitType", "ORDERS").put("interval", "SECOND").put("intervalNum", 10)
                .put("limit", limits.ordersPer10s());
        rl.addObject().put("rateLimitType", "ORDERS").put("interval", "DAY").put("intervalNum", 1)
                .put("limit", limits.ordersPerDay());
        rl.addObject().put("rateLimitType", "RAW_REQUESTS").put("interval", "MINUTE").put("intervalNum", 5)
                .put("limit", 61000);
        out.putArray("exchangeFilters");
        ArrayNode symbols = out.putArray("symbols");
        for (Instrument i : selected) {
            symbol(symbols.addObject(), i, quoteAsset.apply(i.symbol()));
        }
        return out;
    }

    private static void symbol(ObjectNode s, Instrument i, String quoteAsset) {
        s.put("symbol", i.symbol()).put("status", "TRADING")
                .put("baseAsset", i.pair().base()).put("baseAssetPrecision", SCALE)
                .put("quoteAsset", quoteAsset).put("quotePrecision", SCALE)
                .put("quoteAssetPrecision", SCALE).put("baseCommissionPrecision", SCALE)
                .put("quoteCommissionPrecision", SCALE);
        s.putArray("orderTypes").add("LIMIT").add("MARKET");
        s.put("icebergAllowed", false).put("ocoAllowed", false).put("otoAllowed", false)
                .put("quoteOrderQtyMarketAllowed", true).put("allowTrailingStop", false)
                .put("cancelReplaceAllowed", false).put("amendAllowed", false)
                .put("isSpotTradingAllowed", true).put("isMarginTradingAllowed", false);
        ArrayNode f = s.putArray("filters");
        f.addObject().put("filterType", "PRICE_FILTER").put("minPrice", fmt(i.tickSize()))
                .put("maxPrice", fmt(BinanceOrderParams.MAX_PRICE)).put("tickSize", fmt(i.tickSize()));
        BigDecimal minQty = i.minQty().max(i.lotSize());
        BigDecimal maxQty = BinanceOrderParams.MAX_QTY;
        f.addObject().put("filterType", "LOT_SIZE").put("minQty", fmt(minQty)).put("maxQty", fmt(maxQty))
                .put("stepSize", fmt(i.lotSize()));
        f.addObject().put("filterType", "MARKET_LOT_SIZE").put("minQty", fmt(minQty)).put("maxQty", fmt(maxQty))
                .put("stepSize", fmt(i.lotSize()));
        f.addObject().put("filterType", "NOTIONAL").put("minNotional", fmt(i.minNotional()))
                .put("applyMinToMarket", true).put("maxNotional", "9000000.00000000").put("applyMaxToMarket", false)
                .put("avgPriceMins", 5);
        s.putArray("permissions");
        s.putArray("permissionSets").addArray().add("SPOT");
        s.put("defaultSelfTradePreventionMode", "NONE");
        s.putArray("allowedSelfTradePreventionModes").add("NONE");
    }

    ObjectNode depth(long lastUpdateId, OrderBook book) {
        ObjectNode out = json.createObjectNode().put("lastUpdateId", lastUpdateId);
        levels(out.putArray("bids"), book.bids());
        levels(out.putArray("asks"), book.asks());
        return out;
    }

    /** [price, quantity] pairs, as depth and the depth streams write them. */
    static void levels(ArrayNode out, List<PriceLevel> levels) {
        for (PriceLevel l : levels) {
            out.addArray().add(fmt(l.price())).add(fmt(l.quantity()));
        }
    }

    ObjectNode price(Instrument i, BigDecimal last) {
        return json.createObjectNode().put("symbol", i.symbol()).put("price", fmt(last));
    }

    ObjectNode bookTicker(Instrument i, OrderBook b) {
        ObjectNode n = json.createObjectNode().put("symbol", i.symbol());
        PriceLevel bid = b.bids().isEmpty() ? null : b.bids().get(0);
        PriceLevel ask = b.asks().isEmpty() ? null : b.asks().get(0);
        n.put("bidPrice", fmt(bid == null ? BigDecimal.ZERO : bid.price()))
                .put("bidQty", fmt(bid == null ? BigDecimal.ZERO : bid.quantity()))
                .put("askPrice", fmt(ask == null ? BigDecimal.ZERO : ask.price()))
                .put("askQty", fmt(ask == null ? BigDecimal.ZERO : ask.quantity()));
        return n;
    }

    // ---- orders -----------------------------------------------------------------------------------------

    /** The answer to a new order: ACK (ids only), RESULT (with the order's fields) or FULL (with its fills too). */
    ObjectNode placed(OrderView placed, String respType) {
        ObjectNode out = json.createObjectNode().put("symbol", placed.symbol()).put("orderId", id(placed.venueOrderId()))
                .put("orderListId", -1).put("clientOrderId", placed.clientOrderId())
                .put("transactTime", placed.createdAt().toEpochMilli());
        if (!respType.equals("ACK")) {
            orderFields(out, placed);
            out.put("workingTime", placed.waitingForTrigger() ? -1 : placed.createdAt().toEpochMilli());
            if (respType.equals("FULL")) {
                ArrayNode fills = out.putArray("fills");
                for (AccountFill f : placed.fills()) {
                    fills.addObject().put("price", fmt(f.price())).put("qty", fmt(f.quantity()))
                            .put("commission", fmt(f.fee())).put("commissionAsset", f.feeAsset())
                            .put("tradeId", id(f.tradeId()));
                }
            }
            out.put("selfTradePreventionMode", "NONE");
        }
        return out;
    }

    /** A cancelled order; {@code cancelId} is the cancel's own newClientOrderId (one is made up when absent). */
    ObjectNode cancelled(OrderView o, String cancelId) {
        ObjectNode out = json.createObjectNode().put("symbol", o.symbol()).put("origClientOrderId", o.clientOrderId())
                .put("orderId", id(o.venueOrderId())).put("orderListId", -1)
                .put("clientOrderId", cancelId != null ? cancelId : "sim-cancel-" + o.venueOrderId())
                .put("transactTime", o.updatedAt().toEpochMilli());
        orderFields(out, o);
        out.put("selfTradePreventionMode", "NONE");
        return out;
    }

    /** An order as GET /api/v3/order and openOrders show it. */
    ObjectNode order(OrderView o) {
        ObjectNode out = json.createObjectNode().put("symbol", o.symbol()).put("orderId", id(o.venueOrderId()))
                .put("orderListId", -1).put("clientOrderId", o.clientOrderId());
        orderFields(out, o);
        out.put("stopPrice", fmt(o.trigger() == null ? BigDecimal.ZERO : o.trigger().stopPrice()))
                .put("icebergQty", fmt(BigDecimal.ZERO))
                .put("time", o.createdAt().toEpochMilli()).put("updateTime", o.updatedAt().toEpochMilli())
                // A stop is not working (not on the book) until it fires.
                .put("isWorking", o.type() != OrderType.MARKET && !o.waitingForTrigger())
                .put("workingTime", o.waitingForTrigger() ? -1 : o.createdAt().toEpochMilli())
                .put("origQuoteOrderQty", fmt(o.quoteQuantity() == null ? BigDecimal.ZERO : o.quoteQuantity()))
                .put("selfTradePreventionMode", "NONE");
        return out;
    }

    /** price, origQty, executedQty, cummulativeQuoteQty, status, timeInForce, type, side (Binance's order fields). */
    private static void orderFields(ObjectNode out, OrderView o) {
        BigDecimal origQty = o.quantity() != null ? o.quantity() : o.filledQty();
        out.put("price", fmt(o.limitPrice() == null ? BigDecimal.ZERO : o.limitPrice()))
                .put("origQty", fmt(origQty)).put("executedQty", fmt(o.filledQty()))
                .put("origQuoteOrderQty", fmt(o.quoteQuantity() == null ? BigDecimal.ZERO : o.quoteQuantity()))
                .put("cummulativeQuoteQty", fmt(o.filledQuote()))
                .put("status", status(o))
                .put("timeInForce", o.type() == OrderType.IOC ? "IOC" : "GTC")
                .put("type", o.trigger() != null ? (o.trigger().isTakeProfit(o.side()) ? "TAKE_PROFIT_LIMIT" : "STOP_LOSS_LIMIT")
                        : o.type() == OrderType.MARKET ? "MARKET" : "LIMIT")
                .put("side", o.side().name());
    }

    static String status(OrderView o) {
        return switch (o.state()) {
            case OPEN -> "NEW";
            case PARTIALLY_FILLED -> "PARTIALLY_FILLED";
            case FILLED -> "FILLED";
            case CANCELLED -> "CANCELED";
            case EXPIRED -> "EXPIRED";
        };
    }

    // ---- account ----------------------------------------------------------------------------------------

    /** One row of myTrades: {@code id} is the per-symbol trade id both sides share. */
    ObjectNode trade(AccountFill f) {
        return json.createObjectNode().put("symbol", f.symbol()).put("id", id(f.tradeId()))
                .put("orderId", id(f.venueOrderId()))
                .put("orderListId", -1).put("price", fmt(f.price())).put("qty", fmt(f.quantity()))
                .put("quoteQty", fmt(f.notional())).put("commission", fmt(f.fee()))
                .put("commissionAsset", f.feeAsset()).put("time", f.time().toEpochMilli())
                .put("isBuyer", f.side() == Side.BUY).put("isMaker", f.liquidity() == Liquidity.MAKER)
                .put("isBestMatch", true);
    }

    ObjectNode account(String key, FeeSchedule fees, Collection<Balance> all, boolean omitZero, long now) {
        ObjectNode out = json.createObjectNode()
                .put("makerCommission", bips(fees.maker())).put("takerCommission", bips(fees.taker()))
                .put("buyerCommission", 0).put("sellerCommission", 0);
        out.putObject("commissionRates").put("maker", fmt(fees.maker())).put("taker", fmt(fees.taker()))
                .put("buyer", fmt(BigDecimal.ZERO)).put("seller", fmt(BigDecimal.ZERO));
        out.put("canTrade", true).put("canWithdraw", true).put("canDeposit", true).put("brokered", false)
                .put("requireSelfTradePrevention", false).put("preventSor", false)
                .put("updateTime", now).put("accountType", "SPOT");
        ArrayNode balances = out.putArray("balances");
        for (Balance b : all) {
            if (omitZero && b.available().signum() == 0 && b.locked().signum() == 0) {
                continue;
            }
            balances.addObject().put("asset", b.asset()).put("free", fmt(b.available())).put("locked", fmt(b.locked()));
        }
        out.putArray("permissions").add("SPOT");
        out.put("uid", Math.abs((long) key.hashCode()));
        return out;
    }

    /** The key's permissions, shaped as Binance's wallet endpoint answers. */
    ObjectNode apiRestrictions(AccountOptions options, long now) {
        return json.createObjectNode().put("ipRestrict", false).put("createTime", now)
                .put("enableReading", options.can(Permission.READ))
                .put("enableSpotAndMarginTrading", options.can(Permission.TRADE))
                .put("enableWithdrawals", options.can(Permission.WITHDRAW))
                .put("enableInternalTransfer", false).put("permitsUniversalTransfer", false)
                .put("enableMargin", false).put("enableFutures", false).put("enableVanillaOptions", false)
                .put("enablePortfolioMarginTrading", false).put("enableFixApiTrade", false)
                .put("enableFixReadOnly", false);
    }

    ObjectNode commission(String symbol, FeeSchedule fees) {
        ObjectNode out = json.createObjectNode().put("symbol", symbol);
        out.putObject("standardCommission").put("maker", fmt(fees.maker())).put("taker", fmt(fees.taker()))
                .put("buyer", fmt(BigDecimal.ZERO)).put("seller", fmt(BigDecimal.ZERO));
        for (String none : List.of("specialCommission", "taxCommission")) {
            out.putObject(none).put("maker", fmt(BigDecimal.ZERO)).put("taker", fmt(BigDecimal.ZERO))
                    .put("buyer", fmt(BigDecimal.ZERO)).put("seller", fmt(BigDecimal.ZERO));
        }
        out.putObject("discount").put("enabledForAccount", false).put("enabledForSymbol", false)
                .put("discountAsset", "BNB").put("discount", "0.75000000");
        return out;
    }

    // ---- formats ----------------------------------------------------------------------------------------

    /** Binance's decimals: 8 places ("0.00100000"); more only if the value really has more. */
    static String fmt(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() <= SCALE ? v.setScale(SCALE, RoundingMode.UNNECESSARY) : s).toPlainString();
    }

    private static int bips(BigDecimal rate) {
        return rate.movePointRight(4).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /** Binance ids are integers; the simulated binance engine makes numeric ids. */
    static long id(String numeric) {
        try {
            return Long.parseLong(numeric);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("binance ids are numeric, got " + numeric, e);
        }
    }
}
