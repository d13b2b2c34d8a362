package io.nija.sim.dialect.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.StopTrigger;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A {@code /v5/order/create} body checked as Bybit spot checks it and made into the engine's {@link NewOrder}: Market
 * (qty in quote coin for a Buy unless a unified account says marketUnit=baseCoin) and Limit (GTC, IOC), optionally
 * conditional ({@code orderFilter} StopOrder or tpslOrder with a triggerPrice).
 */
final class BybitOrderParams {
    static final Pattern ORDER_LINK_ID = Pattern.compile("[a-zA-Z0-9_-]{1,36}");

    private BybitOrderParams() {
    }

    static NewOrder read(JsonNode b, Instrument ins, String apiKey, MatchingEngine engine) {
        String symbol = ins.symbol();
        Side side = switch (String.valueOf(JsonBody.text(b, "side"))) {
            case "Buy" -> Side.BUY;
            case "Sell" -> Side.SELL;
            default -> throw BybitErrors.param("side");
        };
        String orderType = String.valueOf(JsonBody.text(b, "orderType"));
        if (!orderType.equals("Market") && !orderType.equals("Limit")) {
            throw BybitErrors.param("orderType");
        }
        String linkId = JsonBody.text(b, "orderLinkId");
        if (linkId != null && !ORDER_LINK_ID.matcher(linkId).matches()) {
            throw BybitErrors.param("orderLinkId");
        }
        BigDecimal qty = BybitParams.decimal(b, "qty");
        if (qty == null || qty.signum() <= 0) {
            throw BybitErrors.param("qty");
        }
        if (orderType.equals("Market")) {
            return market(b, ins, apiKey, engine, side, linkId, qty);
        }
        String tif = JsonBody.text(b, "timeInForce");
        OrderType type = switch (tif == null ? "GTC" : tif) {
            case "GTC" -> OrderType.LIMIT;
            case "IOC" -> OrderType.IOC;
            // FOK, PostOnly and RPI are not simulated.
            default -> throw BybitErrors.param("timeInForce");
        };
        BigDecimal price = BybitParams.decimal(b, "price");
        if (price == null || price.signum() <= 0) {
            throw BybitErrors.param("price");
        }
        if (!Decimals.isMultipleOf(price, ins.tickSize())) {
            throw BybitErrors.priceDecimals();
        }
        checkQty(ins, qty);
        if (qty.multiply(price).compareTo(ins.minNotional()) < 0) {
            throw BybitErrors.valueBelowMinimum();
        }
        StopTrigger trigger = trigger(b, symbol, type, engine);
        if (trigger != null) {
            return NewOrder.stopLimit(symbol, linkId, side, qty, price, trigger);
        }
        return type == OrderType.LIMIT ? NewOrder.limit(symbol, linkId, side, qty, price)
                : NewOrder.ioc(symbol, linkId, side, qty, price);
    }

    private static NewOrder market(JsonNode b, Instrument ins, String apiKey, MatchingEngine engine, Side side,
            String linkId, BigDecimal qty) {
        String unit = JsonBody.text(b, "marketUnit");
        // A spot market Buy's qty is in quote coin unless marketUnit says baseCoin; a Sell's in base coin.
        // marketUnit is a unified-account (UTA) feature: a classic account's market Buy is always in quote.
        if (!engine.accountOptions(apiKey).unified()) {
            unit = null;
        }
        boolean inQuote = unit == null ? side == Side.BUY : switch (unit) {
            case "quoteCoin" -> true;
            case "baseCoin" -> false;
            default -> throw BybitErrors.param("marketUnit");
        };
        if (inQuote) {
            if (qty.stripTrailingZeros().scale() > new BigDecimal(BybitViews.QUOTE_PRECISION).scale()) {
                throw BybitErrors.quantityDecimals();
            }
            if (qty.compareTo(ins.minNotional()) < 0) {
                throw BybitErrors.valueBelowMinimum();
            }
            return NewOrder.marketForQuote(ins.symbol(), linkId, side, qty);
        }
        checkQty(ins, qty);
        return NewOrder.market(ins.symbol(), linkId, side, qty);
    }

    /**
     * A spot conditional order ({@code orderFilter} StopOrder: nothing locked until it fires) or TP/SL order
     * (tpslOrder: the funds locked at once): fires when the last price reaches {@code triggerPrice}, rising to it when
     * it is above the last price, falling to it when below. Only limit orders (GTC) are simulated; null for an ordinary
     * order.
     */
    private static StopTrigger trigger(JsonNode b, String symbol, OrderType type, MatchingEngine engine) {
        String filter = JsonBody.text(b, "orderFilter");
        if (filter == null || filter.equals("Order")) {
            if (JsonBody.text(b, "triggerPrice") != null) {
                throw BybitErrors.param("triggerPrice");
            }
            return null;
        }
        if (!filter.equals("StopOrder") && !filter.equals("tpslOrder")) {
            throw BybitErrors.param("orderFilter");
        }
        if (type != OrderType.LIMIT) {
            throw BybitErrors.param("timeInForce");
        }
        BigDecimal triggerPrice = BybitParams.decimal(b, "triggerPrice");
        if (triggerPrice == null || triggerPrice.signum() <= 0) {
            throw BybitErrors.param("triggerPrice");
        }
        BigDecimal reference = engine.lastTradePrice(symbol);
        if (reference == null) {
            var book = engine.book(symbol, 1);
            if (book.bids().isEmpty() || book.asks().isEmpty()) {
                throw BybitErrors.param("triggerPrice");
            }
            reference = book.bids().get(0).price().add(book.asks().get(0).price()).divide(BigDecimal.TWO);
        }
        int c = triggerPrice.compareTo(reference);
        if (c == 0) {
            throw BybitErrors.triggerAtCurrentPrice();
        }
        StopTrigger t = new StopTrigger(triggerPrice, c > 0);
        return filter.equals("StopOrder") ? t.lockingOnlyWhenFired() : t;
    }

    private static void checkQty(Instrument ins, BigDecimal qty) {
        if (!Decimals.isMultipleOf(qty, ins.lotSize())) {
            throw BybitErrors.quantityDecimals();
        }
        if (qty.compareTo(ins.minQty()) < 0) {
            throw BybitErrors.quantityBelowMinimum();
        }
    }
}
