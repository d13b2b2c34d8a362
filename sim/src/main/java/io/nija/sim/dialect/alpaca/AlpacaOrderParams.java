package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.signal.Side;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import java.math.BigDecimal;

/**
 * A new crypto order's body ({@code POST /v2/orders}), checked in Alpaca's order, into the engine's {@link NewOrder}:
 * market (by qty or notional), limit ({@code gtc} or {@code ioc}) and stop_limit ({@link AlpacaStops}).
 */
final class AlpacaOrderParams {
    private static final int MAX_CLIENT_ORDER_ID = 128;

    private AlpacaOrderParams() {
    }

    static NewOrder parse(JsonNode b, MatchingEngine engine) {
        String symbolText = JsonBody.text(b, "symbol");
        if (symbolText == null) {
            throw AlpacaErrors.invalid("symbol is required");
        }
        Instrument ins = AlpacaParams.listing(engine, symbolText)
                .orElseThrow(() -> AlpacaErrors.invalid("asset \"" + symbolText + "\" not found"));
        String symbol = ins.symbol();
        Side side = switch (String.valueOf(JsonBody.text(b, "side"))) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw AlpacaErrors.invalid("invalid side");
        };
        String type = String.valueOf(JsonBody.text(b, "type"));
        if (!type.equals("market") && !type.equals("limit") && !AlpacaStops.isStopLimit(type)) {
            // The rest (stop, trailing_stop) is equities-only.
            throw AlpacaErrors.invalid("invalid order type for crypto order");
        }
        String tif = JsonBody.text(b, "time_in_force");
        if (tif == null) {
            throw AlpacaErrors.invalid("time_in_force is required");
        }
        if (!tif.equals("gtc") && !tif.equals("ioc")) {
            throw AlpacaErrors.invalid("invalid crypto time_in_force");
        }
        String clientId = JsonBody.text(b, "client_order_id");
        if (clientId != null && clientId.length() > MAX_CLIENT_ORDER_ID) {
            throw AlpacaErrors.invalid("client_order_id must be no more than 128 characters");
        }
        BigDecimal qty = AlpacaParams.decimal(b, "qty");
        BigDecimal notional = AlpacaParams.decimal(b, "notional");
        if (qty != null && notional != null) {
            throw AlpacaErrors.invalid("only one of qty or notional may be specified");
        }
        if (qty == null && notional == null) {
            throw AlpacaErrors.invalid("qty or notional is required");
        }
        if (type.equals("market")) {
            if (notional != null) {
                if (notional.signum() <= 0) {
                    throw AlpacaErrors.invalid("notional must be > 0");
                }
                if (notional.compareTo(ins.minNotional()) < 0) {
                    throw AlpacaErrors.belowMinimal(ins);
                }
                return NewOrder.marketForQuote(symbol, clientId, side, notional);
            }
            checkQty(ins, qty);
            return NewOrder.market(symbol, clientId, side, qty);
        }
        if (notional != null) {
            throw AlpacaErrors.invalid("notional orders are only allowed for market orders");
        }
        BigDecimal price = AlpacaParams.decimal(b, "limit_price");
        if (price == null) {
            throw AlpacaErrors.invalid("limit_price is required for limit orders");
        }
        if (price.signum() <= 0 || !Decimals.isMultipleOf(price, ins.tickSize())) {
            throw AlpacaErrors.invalid("invalid limit_price " + price.toPlainString() + ": must be a positive multiple of "
                    + Decimals.plain(ins.tickSize()));
        }
        checkQty(ins, qty);
        if (qty.multiply(price).compareTo(ins.minNotional()) < 0) {
            throw AlpacaErrors.belowMinimal(ins);
        }
        if (AlpacaStops.isStopLimit(type)) {
            return AlpacaStops.stopLimit(b, ins, clientId, side, qty, price, tif);
        }
        return tif.equals("ioc") ? NewOrder.ioc(symbol, clientId, side, qty, price)
                : NewOrder.limit(symbol, clientId, side, qty, price);
    }

    private static void checkQty(Instrument ins, BigDecimal qty) {
        if (qty.signum() <= 0) {
            throw AlpacaErrors.invalid("qty must be > 0");
        }
        if (qty.compareTo(ins.minQty()) < 0) {
            throw AlpacaErrors.invalid("qty must be >= " + Decimals.plain(ins.minQty()) + " (min_order_size)");
        }
        if (!Decimals.isMultipleOf(qty, ins.lotSize())) {
            throw AlpacaErrors.invalid("qty must be a multiple of " + Decimals.plain(ins.lotSize())
                    + " (min_trade_increment)");
        }
    }
}
