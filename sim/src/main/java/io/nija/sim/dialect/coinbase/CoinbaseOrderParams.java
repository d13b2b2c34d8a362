package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.signal.Side;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A new order's {@code order_configuration} into the engine's {@link NewOrder}, checked in Coinbase's order. A
 * malformed request is a 400 {@link CoinbaseError}; an order Coinbase would refuse is {@link Refused}, answered 200
 * with {@code success:false}.
 */
final class CoinbaseOrderParams {
    private static final Set<String> CONFIGURATIONS = Set.of("market_market_ioc", "market_market_fok", "sor_limit_ioc",
            "limit_limit_gtc", "limit_limit_gtd", "limit_limit_fok", "twap_limit_gtd", "stop_limit_stop_limit_gtc",
            "stop_limit_stop_limit_gtd", "trigger_bracket_gtc", "trigger_bracket_gtd");

    /** An order Coinbase refuses without creating it: its NewOrderFailureReason, PreviewFailureReason and message. */
    static final class Refused extends RuntimeException {
        final String error;
        final String previewReason;

        Refused(String error, String previewReason, String message) {
            super(message, null, false, false);
            this.error = error;
            this.previewReason = previewReason;
        }
    }

    private final MatchingEngine engine;

    CoinbaseOrderParams(MatchingEngine engine) {
        this.engine = engine;
    }

    static Refused invalidProductId() {
        return new Refused("INVALID_PRODUCT_ID", "PREVIEW_INVALID_PRODUCT_ID", "Invalid product_id");
    }

    static Refused insufficientFund() {
        return new Refused("INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND", "Insufficient balance in source account");
    }

    static Refused quoteTooSmall() {
        return new Refused("UNKNOWN_FAILURE_REASON", "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL", "Quote size is too small");
    }

    /** BUY or SELL, or INVALID_SIDE. */
    static Side side(String sideText) {
        if (!"BUY".equals(sideText) && !"SELL".equals(sideText)) {
            throw new Refused("INVALID_SIDE", null, "Invalid side");
        }
        return "BUY".equals(sideText) ? Side.BUY : Side.SELL;
    }

    /** The one configuration variant the order names, or 400. */
    static String variant(JsonNode config) {
        List<String> variants = new ArrayList<>();
        config.fieldNames().forEachRemaining(variants::add);
        if (variants.size() != 1 || !CONFIGURATIONS.contains(variants.get(0))) {
            throw CoinbaseErrors.invalidArgument("exactly one valid order_configuration is required");
        }
        return variants.get(0);
    }

    /** The order the variant's fields {@code v} describe. */
    NewOrder order(String variant, JsonNode v, Instrument ins, String clientOrderId, Side side) {
        try {
            return switch (variant) {
                case "market_market_ioc" -> marketOrder(ins, clientOrderId, side, v);
                case "limit_limit_gtc" -> limitOrder(ins, clientOrderId, side, v, false);
                case "sor_limit_ioc" -> limitOrder(ins, clientOrderId, side, v, true);
                case CoinbaseStops.VARIANT -> CoinbaseStops.order(v, ins, clientOrderId, side,
                        CoinbaseErrors::invalidArgument);
                default -> throw new Refused("UNSUPPORTED_ORDER_CONFIGURATION", null,
                        variant + " is not supported by this simulator");
            };
        } catch (NumberFormatException e) {
            throw CoinbaseErrors.invalidArgument("sizes and prices are decimal strings");
        }
    }

    private NewOrder marketOrder(Instrument ins, String cid, Side side, JsonNode v) {
        BigDecimal base = JsonBody.decimal(JsonBody.text(v, "base_size"));
        BigDecimal quote = JsonBody.decimal(JsonBody.text(v, "quote_size"));
        if ((base == null) == (quote == null)) {
            throw CoinbaseErrors.invalidArgument("market_market_ioc needs exactly one of base_size or quote_size");
        }
        if (quote != null) {
            if (quote.signum() <= 0 || !Decimals.isMultipleOf(quote, quoteStep(ins))) {
                throw new Refused("INVALID_SIZE_PRECISION", "PREVIEW_INVALID_QUOTE_SIZE_PRECISION", "Invalid quote size");
            }
            if (quote.compareTo(ins.minNotional()) < 0) {
                throw quoteTooSmall();
            }
            return NewOrder.marketForQuote(ins.symbol(), cid, side, quote);
        }
        if (side == Side.BUY) {
            // Advanced Trade sizes a market buy by what it spends: quote_size. base_size is for market sells.
            throw new Refused("UNSUPPORTED_ORDER_CONFIGURATION", "PREVIEW_INVALID_ORDER_CONFIG",
                    "market_market_ioc BUY orders must be sized with quote_size");
        }
        checkBase(ins, base);
        OrderBook top = engine.book(ins.symbol(), 1);
        BigDecimal touch = side == Side.BUY ? top.bestAsk() : top.bestBid();
        if (touch != null && base.multiply(touch).compareTo(ins.minNotional()) < 0) {
            throw quoteTooSmall();
        }
        return NewOrder.market(ins.symbol(), cid, side, base);
    }

    private NewOrder limitOrder(Instrument ins, String cid, Side side, JsonNode v, boolean ioc) {
        BigDecimal base = JsonBody.decimal(JsonBody.text(v, "base_size"));
        BigDecimal price = JsonBody.decimal(JsonBody.text(v, "limit_price"));
        if (base == null || price == null) {
            throw CoinbaseErrors.invalidArgument("base_size and limit_price are required");
        }
        checkBase(ins, base);
        if (price.signum() <= 0) {
            throw new Refused("INVALID_LIMIT_PRICE", "PREVIEW_INVALID_LIMIT_PRICE", "Invalid limit price");
        }
        if (!Decimals.isMultipleOf(price, ins.tickSize())) {
            throw new Refused("INVALID_PRICE_PRECISION", "PREVIEW_INVALID_LIMIT_PRICE_PRECISION", "Invalid price precision");
        }
        if (base.multiply(price).compareTo(ins.minNotional()) < 0) {
            throw quoteTooSmall();
        }
        if (!ioc && v.path("post_only").asBoolean(false)) {
            OrderBook top = engine.book(ins.symbol(), 1);
            BigDecimal opposite = side == Side.BUY ? top.bestAsk() : top.bestBid();
            if (opposite != null && (side == Side.BUY ? price.compareTo(opposite) >= 0 : price.compareTo(opposite) <= 0)) {
                throw new Refused("INVALID_LIMIT_PRICE_POST_ONLY", "PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY",
                        "Post-only order would cross the book");
            }
        }
        return ioc ? NewOrder.ioc(ins.symbol(), cid, side, base, price) : NewOrder.limit(ins.symbol(), cid, side, base, price);
    }

    private static void checkBase(Instrument ins, BigDecimal base) {
        if (base.signum() <= 0 || !Decimals.isMultipleOf(base, ins.lotSize())) {
            throw new Refused("INVALID_SIZE_PRECISION", "PREVIEW_INVALID_BASE_SIZE_PRECISION", "Invalid base size precision");
        }
        if (base.compareTo(ins.minQty()) < 0) {
            throw new Refused("UNKNOWN_FAILURE_REASON", "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL", "Base size is too small");
        }
    }

    /** Quote sizes are in cents (the quote currency's smallest unit) on the USD books. */
    private static BigDecimal quoteStep(Instrument ins) {
        return new BigDecimal("0.01").min(ins.tickSize());
    }
}
