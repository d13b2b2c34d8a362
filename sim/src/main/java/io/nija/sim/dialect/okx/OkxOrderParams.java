package io.nija.sim.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.engine.NewOrder;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** One order of a place or batch-place request, checked in OKX's order, into the engine's {@link NewOrder}. */
final class OkxOrderParams {
    static final Pattern CL_ORD_ID = Pattern.compile("[a-zA-Z0-9]{1,32}");

    private final OkxCalls calls;

    OkxOrderParams(OkxCalls calls) {
        this.calls = calls;
    }

    /** The request in engine terms, after OKX's own parameter and trading-rule checks. */
    NewOrder parse(JsonNode o, String clOrdId) {
        String instId = JsonBody.text(o, "instId");
        Instrument ins = calls.instrument(instId);
        String tdMode = JsonBody.text(o, "tdMode");
        if (tdMode == null) {
            throw OkxErrors.empty("tdMode");
        }
        if ("cross".equals(tdMode) || "isolated".equals(tdMode)) {
            throw OkxErrors.accountMode();
        }
        if (!"cash".equals(tdMode)) {
            throw OkxErrors.param("tdMode");
        }
        String sideText = JsonBody.text(o, "side");
        if (sideText == null) {
            throw OkxErrors.empty("side");
        }
        Side side = switch (sideText) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw OkxErrors.param("side");
        };
        String ordType = JsonBody.text(o, "ordType");
        if (ordType == null) {
            throw OkxErrors.empty("ordType");
        }
        OrderType type = switch (ordType) {
            case "market" -> OrderType.MARKET;
            case "limit" -> OrderType.LIMIT;
            case "ioc" -> OrderType.IOC;
            // post_only, fok, optimal_limit_ioc, mmp...: not simulated.
            default -> throw OkxErrors.param("ordType");
        };
        if (clOrdId != null && !CL_ORD_ID.matcher(clOrdId).matches()) {
            throw OkxErrors.param("clOrdId");
        }
        BigDecimal sz = OkxParams.decimal(o, "sz");
        if (sz == null) {
            throw OkxErrors.empty("sz");
        }
        if (sz.signum() <= 0) {
            throw OkxErrors.param("sz");
        }
        if (type == OrderType.MARKET) {
            String tgtCcy = JsonBody.text(o, "tgtCcy");
            // A spot market buy is sized in quote currency unless told otherwise; a sell in base.
            boolean inQuote = tgtCcy == null ? side == Side.BUY : switch (tgtCcy) {
                case "quote_ccy" -> true;
                case "base_ccy" -> false;
                default -> throw OkxErrors.param("tgtCcy");
            };
            if (inQuote) {
                return NewOrder.marketForQuote(instId, clOrdId, side, sz);
            }
            checkSize(ins, sz);
            return NewOrder.market(instId, clOrdId, side, sz);
        }
        BigDecimal px = OkxParams.decimal(o, "px");
        if (px == null) {
            throw OkxErrors.empty("px");
        }
        if (px.signum() <= 0 || !Decimals.isMultipleOf(px, ins.tickSize())) {
            throw OkxErrors.param("px");
        }
        checkSize(ins, sz);
        return type == OrderType.LIMIT ? NewOrder.limit(instId, clOrdId, side, sz, px)
                : NewOrder.ioc(instId, clOrdId, side, sz, px);
    }

    private static void checkSize(Instrument ins, BigDecimal sz) {
        if (sz.compareTo(ins.minQty()) < 0) {
            throw OkxErrors.belowMinAmount();
        }
        if (!Decimals.isMultipleOf(sz, ins.lotSize())) {
            throw OkxErrors.notMultipleOfLot();
        }
    }
}
