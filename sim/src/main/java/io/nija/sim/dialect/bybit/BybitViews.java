package io.nija.sim.dialect.bybit;

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
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/** Bybit v5 spot JSON shapes of market data, orders and executions: strings for every amount, times in ms. */
final class BybitViews {
    static final String QUOTE_PRECISION = "0.00000001";
    private final ObjectMapper json;

    BybitViews(ObjectMapper json) {
        this.json = json;
    }

    static String ms(Instant t) {
        return t == null ? "" : Long.toString(t.toEpochMilli());
    }

    static String dec(BigDecimal v) {
        return v == null ? "0" : Decimals.plain(v);
    }

    static String side(Side s) {
        return s == Side.BUY ? "Buy" : "Sell";
    }

    /** market/time: seconds and nanoseconds, as strings. */
    ObjectNode serverTime(Instant now) {
        ObjectNode n = json.createObjectNode();
        n.put("timeSecond", Long.toString(now.getEpochSecond()));
        n.put("timeNano", Long.toString(now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        return n;
    }

    /** The start of a listed result: {@code {"category": ...}}; the caller adds list and nextPageCursor. */
    ObjectNode page(String category) {
        ObjectNode n = json.createObjectNode();
        n.put("category", category);
        return n;
    }

    /** What create and cancel answer: the order's ids ("" for no link id). */
    ObjectNode orderIds(String orderId, String orderLinkId) {
        ObjectNode r = json.createObjectNode();
        r.put("orderId", orderId);
        r.put("orderLinkId", orderLinkId == null ? "" : orderLinkId);
        return r;
    }

    ObjectNode instrument(Instrument i, String quote) {
        ObjectNode n = json.createObjectNode();
        n.put("symbol", i.symbol());
        n.put("baseCoin", i.pair().base());
        n.put("quoteCoin", quote);
        n.put("innovation", "0");
        n.put("status", "Trading");
        n.put("marginTrading", "none");
        n.put("stTag", "0");
        ObjectNode lot = n.putObject("lotSizeFilter");
        lot.put("basePrecision", dec(i.lotSize()));
        lot.put("quotePrecision", QUOTE_PRECISION);
        lot.put("minOrderQty", dec(i.minQty().signum() > 0 ? i.minQty() : i.lotSize()));
        lot.put("maxOrderQty", "1000000");
        lot.put("minOrderAmt", dec(i.minNotional()));
        lot.put("maxOrderAmt", "2000000");
        n.putObject("priceFilter").put("tickSize", dec(i.tickSize()));
        ObjectNode risk = n.putObject("riskParameters");
        risk.put("priceLimitRatioX", "0.05");
        risk.put("priceLimitRatioY", "0.05");
        return n;
    }

    ObjectNode book(OrderBook b, long updateId) {
        ObjectNode n = json.createObjectNode();
        n.put("s", b.symbol());
        n.set("b", levels(b.bids()));
        n.set("a", levels(b.asks()));
        n.put("ts", b.time().toEpochMilli());
        n.put("u", updateId);
        n.put("seq", updateId);
        n.put("cts", b.time().toEpochMilli());
        return n;
    }

    private ArrayNode levels(List<PriceLevel> levels) {
        ArrayNode a = json.createArrayNode();
        for (PriceLevel l : levels) {
            a.addArray().add(dec(l.price())).add(dec(l.quantity()));
        }
        return a;
    }

    static String status(OrderView o) {
        return switch (o.state()) {
            // A conditional or TP/SL order waiting for its trigger price.
            case OPEN -> o.waitingForTrigger() ? "Untriggered" : "New";
            case PARTIALLY_FILLED -> "PartiallyFilled";
            case FILLED -> "Filled";
            // Spot: a partly filled order that is cancelled (or the rest of an IOC/market that expires).
            case CANCELLED, EXPIRED -> o.filledQty().signum() > 0 ? "PartiallyFilledCanceled" : "Cancelled";
        };
    }

    ObjectNode order(OrderView o) {
        ObjectNode n = json.createObjectNode();
        boolean quoteSized = o.quantity() == null;
        boolean market = o.type() == OrderType.MARKET;
        n.put("orderId", o.venueOrderId());
        n.put("orderLinkId", o.clientOrderId() == null ? "" : o.clientOrderId());
        n.put("blockTradeId", "");
        n.put("symbol", o.symbol());
        n.put("price", market ? "0" : dec(o.limitPrice()));
        n.put("qty", dec(quoteSized ? o.quoteQuantity() : o.quantity()));
        n.put("side", side(o.side()));
        n.put("isLeverage", "0");
        n.put("positionIdx", 0);
        n.put("orderStatus", status(o));
        n.put("createType", "CreateByUser");
        n.put("cancelType", o.state() == io.nija.sim.engine.OrderState.CANCELLED ? "CancelByUser" : "UNKNOWN");
        n.put("rejectReason", "EC_NoError");
        n.put("avgPrice", o.filledQty().signum() == 0 ? "0" : dec(o.averagePrice()));
        BigDecimal leaves = o.isOpen() && o.quantity() != null ? o.quantity().subtract(o.filledQty()) : BigDecimal.ZERO;
        n.put("leavesQty", dec(leaves));
        n.put("leavesValue", o.isOpen() && o.limitPrice() != null ? dec(leaves.multiply(o.limitPrice())) : "0");
        n.put("cumExecQty", dec(o.filledQty()));
        n.put("cumExecValue", dec(o.filledQuote()));
        n.put("cumExecFee", dec(o.fees()));
        ObjectNode feeDetail = n.putObject("cumFeeDetail");
        if (o.fees().signum() != 0 && o.feeAsset() != null) {
            feeDetail.put(o.feeAsset(), dec(o.fees()));
        }
        n.put("timeInForce", market || o.type() == OrderType.IOC ? "IOC" : "GTC");
        n.put("orderType", market ? "Market" : "Limit");
        n.put("stopOrderType", o.trigger() == null ? "" : o.trigger().locksFunds() ? "tpslOrder" : "Stop");
        n.put("orderIv", "");
        n.put("marketUnit", market ? (quoteSized ? "quoteCoin" : "baseCoin") : "");
        n.put("triggerPrice", o.trigger() == null ? "0" : dec(o.trigger().stopPrice()));
        n.put("takeProfit", "0");
        n.put("stopLoss", "0");
        n.put("tpslMode", "");
        n.put("ocoTriggerBy", "");
        n.put("tpLimitPrice", "0");
        n.put("slLimitPrice", "0");
        n.put("tpTriggerBy", "");
        n.put("slTriggerBy", "");
        n.put("triggerDirection", 0);
        n.put("triggerBy", "");
        n.put("lastPriceOnCreated", "");
        n.put("basePrice", "");
        n.put("reduceOnly", false);
        n.put("closeOnTrigger", false);
        n.put("placeType", "");
        n.put("smpType", "None");
        n.put("smpGroup", 0);
        n.put("smpOrderId", "");
        n.put("createdTime", ms(o.createdAt()));
        n.put("updatedTime", ms(o.updatedAt()));
        return n;
    }

    ObjectNode execution(AccountFill f, OrderView order, long seq) {
        ObjectNode n = json.createObjectNode();
        BigDecimal notional = f.notional();
        n.put("symbol", f.symbol());
        n.put("orderType", order == null ? "" : order.type() == OrderType.MARKET ? "Market" : "Limit");
        n.put("underlyingPrice", "");
        n.put("orderLinkId", f.clientOrderId() == null ? "" : f.clientOrderId());
        n.put("side", side(f.side()));
        n.put("indexPrice", "");
        n.put("orderId", f.venueOrderId());
        n.put("stopOrderType", "");
        n.put("leavesQty", order == null ? "0" : dec(order.isOpen() && order.quantity() != null
                ? order.quantity().subtract(order.filledQty()) : BigDecimal.ZERO));
        n.put("execTime", ms(f.time()));
        n.put("feeCurrency", f.feeAsset() == null ? "" : f.feeAsset());
        n.put("isMaker", f.liquidity() == Liquidity.MAKER);
        n.put("execFee", dec(f.fee()));
        n.put("feeRate", notional.signum() == 0 ? "0"
                : dec(f.fee().divide(notional, 8, RoundingMode.HALF_EVEN)));
        n.put("execId", f.fillId());
        n.put("tradeIv", "");
        n.put("blockTradeId", "");
        n.put("markPrice", "");
        n.put("execPrice", dec(f.price()));
        n.put("markIv", "");
        n.put("orderQty", order == null ? "0" : dec(order.quantity() != null ? order.quantity() : order.quoteQuantity()));
        n.put("orderPrice", order == null || order.limitPrice() == null ? "0" : dec(order.limitPrice()));
        n.put("execValue", dec(notional));
        n.put("execType", "Trade");
        n.put("execQty", dec(f.quantity()));
        n.put("closedSize", "");
        n.put("extraFees", "");
        n.put("seq", seq);
        return n;
    }
}
