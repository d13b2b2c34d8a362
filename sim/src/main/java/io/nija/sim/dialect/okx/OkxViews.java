package io.nija.sim.dialect.okx;

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
import io.nija.core.venue.FeeSchedule;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** OKX v5 JSON shapes (field names and string-typed values as the v5 reference prints them). */
final class OkxViews {
    private final ObjectMapper json;

    OkxViews(ObjectMapper json) {
        this.json = json;
    }

    static String ms(Instant t) {
        return t == null ? "" : Long.toString(t.toEpochMilli());
    }

    static String dec(BigDecimal v) {
        return v == null ? "" : Decimals.plain(v);
    }

    ObjectNode instrument(Instrument i, String quote) {
        ObjectNode n = json.createObjectNode();
        n.put("alias", "");
        n.put("baseCcy", i.pair().base());
        n.put("category", "1");
        n.put("ctMult", "");
        n.put("ctType", "");
        n.put("ctVal", "");
        n.put("ctValCcy", "");
        n.put("expTime", "");
        n.put("instFamily", "");
        n.put("instId", i.symbol());
        n.put("instType", "SPOT");
        n.put("lever", "");
        n.put("listTime", "1606468572000");
        n.put("lotSz", dec(i.lotSize()));
        n.put("maxIcebergSz", "9999999999.0000000000000000");
        n.put("maxLmtAmt", "1000000");
        n.put("maxLmtSz", "9999999999");
        n.put("maxMktAmt", "1000000");
        n.put("maxMktSz", "1000000");
        n.put("maxStopSz", "1000000");
        n.put("maxTriggerSz", "9999999999");
        n.put("maxTwapSz", "9999999999");
        n.put("minSz", dec(i.minQty().signum() > 0 ? i.minQty() : i.lotSize()));
        n.put("optType", "");
        n.put("quoteCcy", quote);
        n.put("ruleType", "normal");
        n.put("settleCcy", "");
        n.put("state", "live");
        n.put("stk", "");
        n.put("tickSz", dec(i.tickSize()));
        n.put("uly", "");
        return n;
    }

    ObjectNode book(OrderBook b) {
        ObjectNode n = json.createObjectNode();
        n.set("asks", levels(b.asks()));
        n.set("bids", levels(b.bids()));
        n.put("ts", ms(b.time()));
        return n;
    }

    private ArrayNode levels(List<PriceLevel> levels) {
        ArrayNode a = json.createArrayNode();
        for (PriceLevel l : levels) {
            // [price, size, deprecated liquidated-orders field "0", number of orders]
            a.addArray().add(dec(l.price())).add(dec(l.quantity())).add("0").add("1");
        }
        return a;
    }

    static String state(OrderView o) {
        return switch (o.state()) {
            case OPEN -> "live";
            case PARTIALLY_FILLED -> "partially_filled";
            case FILLED -> "filled";
            // OKX reports the unfilled rest of an IOC or market order as canceled (cancelSource tells why).
            case CANCELLED, EXPIRED -> "canceled";
        };
    }

    static String ordType(OrderType t) {
        return switch (t) {
            case MARKET -> "market";
            case LIMIT -> "limit";
            case IOC -> "ioc";
        };
    }

    ObjectNode order(OrderView o) {
        ObjectNode n = json.createObjectNode();
        AccountFill last = o.fills().isEmpty() ? null : o.fills().get(o.fills().size() - 1);
        boolean quoteSized = o.quantity() == null;
        n.put("accFillSz", dec(o.filledQty()));
        n.put("algoClOrdId", "");
        n.put("algoId", "");
        n.put("attachAlgoClOrdId", "");
        n.putArray("attachAlgoOrds");
        n.put("avgPx", o.filledQty().signum() == 0 ? "" : dec(o.averagePrice()));
        n.put("cTime", ms(o.createdAt()));
        n.put("cancelSource", o.state() == io.nija.sim.engine.OrderState.EXPIRED ? "14" : "");
        n.put("cancelSourceReason", o.state() == io.nija.sim.engine.OrderState.EXPIRED
                ? "Order canceled: IOC order was partially filled" : "");
        n.put("category", "normal");
        n.put("ccy", "");
        n.put("clOrdId", o.clientOrderId() == null ? "" : o.clientOrderId());
        n.put("fee", o.fees().signum() == 0 ? "0" : dec(o.fees().negate()));
        n.put("feeCcy", o.feeAsset() == null ? "" : o.feeAsset());
        n.put("fillPx", last == null ? "" : dec(last.price()));
        n.put("fillSz", last == null ? "0" : dec(last.quantity()));
        n.put("fillTime", last == null ? "" : ms(last.time()));
        n.put("instId", o.symbol());
        n.put("instType", "SPOT");
        n.put("isTpLimit", "false");
        n.put("lever", "");
        n.put("ordId", o.venueOrderId());
        n.put("ordType", ordType(o.type()));
        n.put("pnl", "0");
        n.put("posSide", "net");
        n.put("px", o.limitPrice() == null ? "" : dec(o.limitPrice()));
        n.put("pxType", "");
        n.put("pxUsd", "");
        n.put("pxVol", "");
        n.put("quickMgnType", "");
        n.put("rebate", "0");
        n.put("rebateCcy", o.feeAsset() == null ? "" : o.feeAsset());
        n.put("reduceOnly", "false");
        n.put("side", o.side() == Side.BUY ? "buy" : "sell");
        n.put("slOrdPx", "");
        n.put("slTriggerPx", "");
        n.put("slTriggerPxType", "");
        n.put("source", "");
        n.put("state", state(o));
        n.put("stpId", "");
        n.put("stpMode", "cancel_maker");
        n.put("sz", dec(quoteSized ? o.quoteQuantity() : o.quantity()));
        n.put("tag", "");
        n.put("tdMode", "cash");
        n.put("tgtCcy", o.type() != OrderType.MARKET ? "" : quoteSized ? "quote_ccy" : "base_ccy");
        n.put("tpOrdPx", "");
        n.put("tpTriggerPx", "");
        n.put("tpTriggerPxType", "");
        n.put("tradeId", last == null ? "" : last.tradeId());
        n.put("uTime", ms(o.updatedAt()));
        return n;
    }

    ObjectNode fill(AccountFill f) {
        ObjectNode n = json.createObjectNode();
        n.put("instType", "SPOT");
        n.put("instId", f.symbol());
        n.put("tradeId", f.tradeId());
        n.put("ordId", f.venueOrderId());
        n.put("clOrdId", f.clientOrderId() == null ? "" : f.clientOrderId());
        n.put("billId", f.fillId());
        n.put("subType", f.side() == Side.BUY ? "1" : "2");
        n.put("tag", "");
        n.put("fillPx", dec(f.price()));
        n.put("fillSz", dec(f.quantity()));
        n.put("fillIdxPx", "");
        n.put("fillPnl", "0");
        n.put("fillPxVol", "");
        n.put("fillPxUsd", "");
        n.put("fillMarkVol", "");
        n.put("fillFwdPx", "");
        n.put("fillMarkPx", "");
        n.put("side", f.side() == Side.BUY ? "buy" : "sell");
        n.put("posSide", "net");
        n.put("execType", f.liquidity() == Liquidity.MAKER ? "M" : "T");
        n.put("feeCcy", f.feeAsset() == null ? "" : f.feeAsset());
        n.put("fee", f.fee().signum() == 0 ? "0" : dec(f.fee().negate()));
        n.put("ts", ms(f.time()));
        n.put("fillTime", ms(f.time()));
        n.put("feeRate", "");
        return n;
    }

    ObjectNode tradeFee(FeeSchedule fees, Instant now) {
        ObjectNode n = json.createObjectNode();
        n.put("category", "1");
        n.put("delivery", "");
        n.put("exercise", "");
        n.putArray("fiat");
        n.put("instType", "SPOT");
        n.put("level", "Lv1");
        // Negative is a charge, positive a rebate.
        n.put("maker", fees.maker().signum() == 0 ? "0" : dec(fees.maker().negate()));
        n.put("makerU", "");
        n.put("makerUSDC", "");
        n.put("ruleType", "normal");
        n.put("taker", fees.taker().signum() == 0 ? "0" : dec(fees.taker().negate()));
        n.put("takerU", "");
        n.put("takerUSDC", "");
        n.put("ts", ms(now));
        return n;
    }

    ObjectNode serverTime(Instant now) {
        ObjectNode n = json.createObjectNode();
        n.put("ts", ms(now));
        return n;
    }

    /** A place request's element before the outcome: sCode/sMsg follow, ordId is filled in once placed. */
    ObjectNode placeAck(String clOrdId, String tag, Instant now) {
        ObjectNode ack = json.createObjectNode();
        ack.put("clOrdId", clOrdId == null ? "" : clOrdId);
        ack.put("ordId", "");
        ack.put("tag", tag == null ? "" : tag);
        ack.put("ts", ms(now));
        return ack;
    }

    /** A cancel request's element before the outcome: sCode/sMsg follow, the ids are the engine's once found. */
    ObjectNode cancelAck(String ordId, String clOrdId, Instant now) {
        ObjectNode ack = json.createObjectNode();
        ack.put("clOrdId", clOrdId == null ? "" : clOrdId);
        ack.put("ordId", ordId == null ? "" : ordId);
        ack.put("ts", ms(now));
        return ack;
    }

    static void succeeded(ObjectNode ack, String message) {
        ack.put("sCode", "0");
        ack.put("sMsg", message);
    }

    static void failed(ObjectNode ack, OkxError e) {
        ack.put("sCode", e.code);
        ack.put("sMsg", e.getMessage());
    }
}
