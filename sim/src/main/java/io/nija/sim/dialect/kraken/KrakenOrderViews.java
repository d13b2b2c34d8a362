package io.nija.sim.dialect.kraken;

import static io.nija.sim.dialect.kraken.KrakenViews.COST_DECIMALS;
import static io.nija.sim.dialect.kraken.KrakenViews.amount;
import static io.nija.sim.dialect.kraken.KrakenViews.number;
import static io.nija.sim.dialect.kraken.KrakenViews.seconds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.Liquidity;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.sim.dialect.kraken.KrakenNames.PairName;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The JSON shapes of Kraken's order and trade answers, built from the engine's orders and fills. */
final class KrakenOrderViews {
    private final ObjectMapper json;
    private final KrakenNames names;

    KrakenOrderViews(ObjectMapper json, KrakenNames names) {
        this.json = json;
        this.names = names;
    }

    /** AddOrder's answer; {@code txid} is null when the order was only validated. */
    ObjectNode added(String descr, String txid) {
        ObjectNode r = json.createObjectNode();
        r.putObject("descr").put("order", descr);
        if (txid != null) {
            r.putArray("txid").add(txid);
        }
        return r;
    }

    /** CancelOrder's and CancelAll's answer. */
    ObjectNode cancelled(int count) {
        ObjectNode r = json.createObjectNode();
        r.put("count", count);
        return r;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    ObjectNode orderInfo(OrderView o, boolean withTrades) {
        PairName pair = names.ofEngineSymbol(o.symbol());
        Instrument ins = pair.instrument();
        ObjectNode n = json.createObjectNode();
        n.putNull("refid");
        Integer ref = KrakenClientIds.userref(o);
        if (ref == null) {
            n.putNull("userref");
        } else {
            n.put("userref", ref);
        }
        String cl = KrakenClientIds.clOrdId(o);
        if (cl != null) {
            n.put("cl_ord_id", cl);
        }
        String status;
        String reason = null;
        switch (o.state()) {
            case OPEN, PARTIALLY_FILLED -> status = "open";
            case FILLED -> status = "closed";
            case CANCELLED -> {
                status = "canceled";
                reason = "User requested";
            }
            default -> {
                // The unfilled rest of an IOC or market order: closed if anything filled, else canceled.
                status = o.filledQty().signum() > 0 ? "closed" : "canceled";
                reason = o.filledQty().signum() > 0 ? null : "Insufficient liquidity";
            }
        }
        n.put("status", status);
        if (reason == null) {
            n.putNull("reason");
        } else {
            n.put("reason", reason);
        }
        n.put("opentm", number(seconds(o.createdAt())));
        if (!o.isOpen()) {
            n.put("closetm", number(seconds(o.updatedAt())));
        }
        n.put("starttm", 0);
        n.put("expiretm", 0);
        String side = o.side() == Side.BUY ? "buy" : "sell";
        boolean market = o.type() == OrderType.MARKET;
        BigDecimal vol = o.quantity() != null ? o.quantity() : o.quoteQuantity();
        ObjectNode d = n.putObject("descr");
        d.put("pair", pair.altname());
        d.put("type", side);
        d.put("ordertype", KrakenStops.orderType(o, market));
        d.put("price", market ? "0" : KrakenStops.descrPrice(o).setScale(ins.priceScale(), RoundingMode.UNNECESSARY).toPlainString());
        d.put("price2", KrakenStops.descrPrice2(o) == null ? "0"
                : KrakenStops.descrPrice2(o).setScale(ins.priceScale(), RoundingMode.UNNECESSARY).toPlainString());
        d.put("leverage", "none");
        d.put("order", descr(side, vol, pair, market ? "market" : "limit", o.limitPrice()));
        d.put("close", "");
        n.put("vol", amount(vol, 8));
        n.put("vol_exec", amount(o.filledQty(), 8));
        n.put("cost", amount(o.filledQuote(), COST_DECIMALS));
        n.put("fee", amount(o.fees(), COST_DECIMALS));
        BigDecimal avg = o.averagePrice();
        // The average of several fill prices may not terminate; Kraken prints it to the pair's precision.
        n.put("price", avg == null ? "0.00000"
                : avg.setScale(Math.max(ins.priceScale(), 5), RoundingMode.HALF_EVEN).toPlainString());
        n.put("stopprice", "0.00000");
        n.put("limitprice", "0.00000");
        n.put("misc", "");
        n.put("oflags", o.quantity() == null ? "viqc,fciq" : "fciq");
        n.put("timeinforce", o.type() == OrderType.LIMIT ? "GTC" : "IOC");
        if (withTrades && !o.fills().isEmpty()) {
            ArrayNode t = n.putArray("trades");
            o.fills().forEach(f -> t.add(tradeTxid(f.fillId())));
        }
        return n;
    }

    /** A fill; {@code order} is the order it belongs to, null when the engine no longer lists it. */
    ObjectNode tradeInfo(AccountFill f, OrderView order) {
        PairName pair = names.ofEngineSymbol(f.symbol());
        ObjectNode t = json.createObjectNode();
        t.put("ordertxid", f.venueOrderId());
        t.put("postxid", "TKH2SE-M7IF5-CFI7LT");
        t.put("pair", pair.key());
        t.put("time", number(seconds(f.time())));
        t.put("type", f.side() == Side.BUY ? "buy" : "sell");
        t.put("ordertype", order == null ? "limit" : order.type() == OrderType.MARKET ? "market" : "limit");
        t.put("price", f.price().setScale(Math.max(pair.instrument().priceScale(), 5), RoundingMode.UNNECESSARY).toPlainString());
        t.put("cost", amount(f.notional(), COST_DECIMALS));
        t.put("fee", amount(f.fee(), COST_DECIMALS));
        t.put("vol", amount(f.quantity(), 8));
        t.put("margin", "0.00000");
        t.put("leverage", "0");
        t.put("misc", "");
        t.put("trade_id", f.tradeNumber());
        t.put("maker", f.liquidity() == Liquidity.MAKER);
        return t;
    }

    /** Kraken trade txids start with T; the engine's per-account fill ids are the same ids with an F. */
    static String tradeTxid(String fillId) {
        return fillId.startsWith("F") ? "T" + fillId.substring(1) : fillId;
    }

    /** Kraken's one-line order description ("buy 1.00000000 XBTUSD @ limit 50000.0"). */
    static String descr(String side, BigDecimal volume, PairName pair, String orderType, BigDecimal price) {
        Instrument ins = pair.instrument();
        String vol = volume.setScale(Math.max(8, volume.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY).toPlainString();
        String head = side + " " + vol + " " + pair.altname() + " @ ";
        return "market".equals(orderType) ? head + "market"
                : head + "limit " + price.setScale(Math.max(ins.priceScale(), price.stripTrailingZeros().scale()),
                RoundingMode.UNNECESSARY).toPlainString();
    }
}
