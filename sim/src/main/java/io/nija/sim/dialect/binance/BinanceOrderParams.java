package io.nija.sim.dialect.binance;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.StopTrigger;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A new order's parameters ({@code POST /api/v3/order}) checked as Binance checks them, in its order (mandatory and
 * superfluous parameters per type, then the PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE and NOTIONAL filters), and made
 * into the engine's {@link NewOrder}. Types: LIMIT (GTC, IOC), MARKET (quantity or quoteOrderQty), STOP_LOSS_LIMIT and
 * TAKE_PROFIT_LIMIT (GTC); LIMIT_MAKER, STOP_LOSS and TAKE_PROFIT are refused as unsupported.
 *
 * @param order        what the engine is asked to place
 * @param responseType newOrderRespType: ACK, RESULT or FULL (the default)
 */
record BinanceOrderParams(NewOrder order, String responseType) {
    static final BigDecimal MAX_PRICE = new BigDecimal("1000000");
    static final BigDecimal MAX_QTY = new BigDecimal("9000000");
    private static final Pattern CLIENT_ID = Pattern.compile("^[a-zA-Z0-9-_]{1,36}$");

    /** Everything after the symbol, which the caller has already looked up as {@code ins}. */
    static BinanceOrderParams read(BinanceParams p, String symbol, Instrument ins, MatchingEngine engine) {
        Side side = switch (p.required("side")) {
            case "BUY" -> Side.BUY;
            case "SELL" -> Side.SELL;
            default -> throw BinanceErrors.illegal("side", "BUY, SELL");
        };
        String type = p.required("type");
        String clientOrderId = p.get("newClientOrderId");
        if (clientOrderId != null && !CLIENT_ID.matcher(clientOrderId).matches()) {
            throw BinanceErrors.illegal("newClientOrderId", CLIENT_ID.pattern());
        }
        String respType = p.get("newOrderRespType") == null ? "FULL" : p.get("newOrderRespType");
        if (!respType.equals("ACK") && !respType.equals("RESULT") && !respType.equals("FULL")) {
            throw BinanceErrors.illegal("newOrderRespType", "ACK, RESULT, FULL");
        }
        BigDecimal qty = p.decimal("quantity");
        BigDecimal quoteQty = p.decimal("quoteOrderQty");
        BigDecimal price = p.decimal("price");
        String tif = p.get("timeInForce");
        NewOrder order = switch (type) {
            case "LIMIT" -> limit(symbol, ins, clientOrderId, side, tif, qty, quoteQty, price);
            case "MARKET" -> market(symbol, ins, clientOrderId, side, tif, qty, quoteQty, price);
            case "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT" ->
                    stopLimit(p, type, symbol, ins, clientOrderId, side, tif, qty, quoteQty, price, engine);
            case "LIMIT_MAKER", "STOP_LOSS", "TAKE_PROFIT" -> throw BinanceErrors.unsupportedOrderCombination();
            default -> throw BinanceErrors.invalidOrderType();
        };
        return new BinanceOrderParams(order, respType);
    }

    private static NewOrder limit(String symbol, Instrument ins, String clientOrderId, Side side, String tif,
            BigDecimal qty, BigDecimal quoteQty, BigDecimal price) {
        requireLimitParts(tif, qty, price);
        if (quoteQty != null) {
            throw BinanceErrors.notRequired("quoteOrderQty");
        }
        OrderType engineType = switch (tif) {
            case "GTC" -> OrderType.LIMIT;
            case "IOC" -> OrderType.IOC;
            default -> throw BinanceErrors.invalidTimeInForce();
        };
        checkPrice(ins, price);
        checkQuantity(ins, qty, "LOT_SIZE");
        if (qty.multiply(price).compareTo(ins.minNotional()) < 0) {
            throw BinanceErrors.filter("NOTIONAL");
        }
        return new NewOrder(symbol, clientOrderId, side, engineType, qty, null, price);
    }

    private static NewOrder market(String symbol, Instrument ins, String clientOrderId, Side side, String tif,
            BigDecimal qty, BigDecimal quoteQty, BigDecimal price) {
        if (tif != null) {
            throw BinanceErrors.notRequired("timeInForce");
        }
        if (price != null) {
            throw BinanceErrors.notRequired("price");
        }
        if (qty == null && quoteQty == null) {
            throw BinanceErrors.eitherRequired("quantity", "quoteOrderQty");
        }
        if (qty != null && quoteQty != null) {
            throw BinanceErrors.notRequired("quoteOrderQty");
        }
        if (qty != null) {
            checkQuantity(ins, qty, "LOT_SIZE");
            checkQuantity(ins, qty, "MARKET_LOT_SIZE");
            return NewOrder.market(symbol, clientOrderId, side, qty);
        }
        if (quoteQty.signum() <= 0) {
            throw BinanceErrors.mandatory("quoteOrderQty");
        }
        if (quoteQty.compareTo(ins.minNotional()) < 0) {
            throw BinanceErrors.filter("NOTIONAL");
        }
        return NewOrder.marketForQuote(symbol, clientOrderId, side, quoteQty);
    }

    /**
     * A limit order that waits off the book until the last trade reaches stopPrice. Binance has no trailingDelta
     * here (not supported by this simulator): stopPrice is mandatory.
     */
    private static NewOrder stopLimit(BinanceParams p, String type, String symbol, Instrument ins, String clientOrderId,
            Side side, String tif, BigDecimal qty, BigDecimal quoteQty, BigDecimal price, MatchingEngine engine) {
        BigDecimal stopPrice = p.decimal("stopPrice");
        requireLimitParts(tif, qty, price);
        if (stopPrice == null) {
            throw BinanceErrors.mandatory("stopPrice");
        }
        if (quoteQty != null) {
            throw BinanceErrors.notRequired("quoteOrderQty");
        }
        if (!tif.equals("GTC")) {
            // This simulator rests a fired stop as GTC only.
            throw BinanceErrors.invalidTimeInForce();
        }
        checkPrice(ins, price);
        checkPrice(ins, stopPrice);
        checkQuantity(ins, qty, "LOT_SIZE");
        if (qty.multiply(price).compareTo(ins.minNotional()) < 0) {
            throw BinanceErrors.filter("NOTIONAL");
        }
        StopTrigger trigger = type.equals("STOP_LOSS_LIMIT") ? StopTrigger.stopLoss(side, stopPrice)
                : StopTrigger.takeProfit(side, stopPrice);
        if (trigger.reachedBy(engine.lastTradePrice(symbol))) {
            throw BinanceErrors.wouldTriggerImmediately();
        }
        return NewOrder.stopLimit(symbol, clientOrderId, side, qty, price, trigger);
    }

    /** What every limit-priced order (LIMIT, STOP_LOSS_LIMIT, TAKE_PROFIT_LIMIT) needs, checked in Binance's order. */
    private static void requireLimitParts(String timeInForce, BigDecimal quantity, BigDecimal price) {
        if (timeInForce == null) {
            throw BinanceErrors.mandatory("timeInForce");
        }
        if (quantity == null) {
            throw BinanceErrors.mandatory("quantity");
        }
        if (price == null) {
            throw BinanceErrors.mandatory("price");
        }
    }

    private static void checkPrice(Instrument ins, BigDecimal price) {
        if (price.compareTo(ins.tickSize()) < 0 || price.compareTo(MAX_PRICE) > 0
                || !Decimals.isMultipleOf(price, ins.tickSize())) {
            throw BinanceErrors.filter("PRICE_FILTER");
        }
    }

    private static void checkQuantity(Instrument ins, BigDecimal qty, String filter) {
        if (qty.compareTo(ins.minQty().max(ins.lotSize())) < 0 || qty.compareTo(MAX_QTY) > 0
                || !Decimals.isMultipleOf(qty, ins.lotSize())) {
            throw BinanceErrors.filter(filter);
        }
    }
}
