package io.nija.sim.dialect.kraken;

import static io.nija.sim.dialect.kraken.KrakenParams.blank;
import static io.nija.sim.dialect.kraken.KrakenParams.decimal;
import static io.nija.sim.dialect.kraken.KrakenParams.truthy;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.signal.Side;
import io.nija.sim.dialect.kraken.KrakenNames.PairName;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.StopTrigger;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AddOrder's parameters, checked in Kraken's order and refused in its words before the order reaches the book, into
 * the engine's {@link NewOrder}. The pair and the trading counter's fixed cost come first ({@link KrakenOrders}).
 */
final class KrakenOrderParams {
    private static final Pattern CL_ORD_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[\\x20-\\x7E]{1,18}");
    private static final Set<String> KNOWN_ORDER_TYPES = Set.of("market", "limit", "iceberg", "stop-loss", "take-profit",
            "stop-loss-limit", "take-profit-limit", "trailing-stop", "trailing-stop-limit", "settle-position");

    private final MatchingEngine engine;
    private final KrakenLimits limits;

    KrakenOrderParams(MatchingEngine engine, KrakenLimits limits) {
        this.engine = engine;
        this.limits = limits;
    }

    /** A checked AddOrder: what to place, its Kraken description, and whether it is only to be validated. */
    record Order(PairName pair, Side side, String orderType, String timeInForce, boolean quoteSized, BigDecimal volume,
            BigDecimal price, StopTrigger trigger, String clOrdId, Integer userref, String descr, boolean validateOnly) {

        NewOrder toNewOrder() {
            String symbol = pair.engineSymbol();
            String engineClientId = clOrdId != null ? clOrdId : KrakenClientIds.internal(userref);
            if (trigger != null) {
                return NewOrder.stopLimit(symbol, engineClientId, side, volume, price, trigger);
            } else if ("market".equals(orderType)) {
                return quoteSized ? NewOrder.marketForQuote(symbol, engineClientId, side, volume)
                        : NewOrder.market(symbol, engineClientId, side, volume);
            } else if ("IOC".equals(timeInForce)) {
                return NewOrder.ioc(symbol, engineClientId, side, volume, price);
            }
            return NewOrder.limit(symbol, engineClientId, side, volume, price);
        }
    }

    Order read(String apiKey, PairName pair, Map<String, String> p) {
        Instrument ins = pair.instrument();
        String typeText = p.get("type");
        if (!"buy".equals(typeText) && !"sell".equals(typeText)) {
            throw KrakenErrors.invalidArgument("type");
        }
        Side side = "buy".equals(typeText) ? Side.BUY : Side.SELL;
        String orderType = p.get("ordertype");
        if (orderType == null || !KNOWN_ORDER_TYPES.contains(orderType)) {
            throw KrakenErrors.invalidArgument("ordertype");
        }
        if (!"market".equals(orderType) && !"limit".equals(orderType) && !KrakenStops.isTriggered(orderType)) {
            // Real order types the simulator does not model.
            throw KrakenErrors.invalidArgument("ordertype");
        }
        Set<String> flags = new LinkedHashSet<>();
        if (!blank(p.get("oflags"))) {
            for (String f : p.get("oflags").split(",")) {
                String flag = f.trim();
                if (!Set.of("post", "fcib", "fciq", "nompp", "viqc").contains(flag)) {
                    throw KrakenErrors.invalidArgument("oflags");
                }
                flags.add(flag);
            }
        }
        String tif = blank(p.get("timeinforce")) ? "GTC" : p.get("timeinforce");
        if (!Set.of("GTC", "IOC", "GTD").contains(tif)) {
            throw KrakenErrors.invalidArgument("timeinforce");
        }
        if ("GTD".equals(tif)) {
            throw KrakenErrors.invalidArgument("timeinforce"); // needs expiretm, not modelled here
        }
        boolean quoteSized = flags.contains("viqc") && "market".equals(orderType) && side == Side.BUY;
        BigDecimal volume = decimal(p, "volume");
        if (volume == null || volume.signum() <= 0) {
            throw KrakenErrors.invalidArgument("volume");
        }
        BigDecimal price = null;
        StopTrigger trigger = null;
        if ("limit".equals(orderType) || KrakenStops.isTriggered(orderType)) {
            price = decimal(p, "price");
            if (price == null || price.signum() <= 0) {
                throw KrakenErrors.invalidArgument("price");
            }
        }
        if (KrakenStops.isTriggered(orderType)) {
            // price is the trigger, price2 the limit it works at once triggered.
            trigger = KrakenStops.trigger(orderType, side, price, p);
            price = decimal(p, "price2");
            if (price == null || price.signum() <= 0) {
                throw KrakenErrors.invalidArgument("price2");
            }
            if (!Decimals.isMultipleOf(trigger.stopPrice(), ins.tickSize())) {
                throw invalidPrice(pair);
            }
        }
        String clOrdId = blank(p.get("cl_ord_id")) ? null : p.get("cl_ord_id");
        Integer userref = null;
        if (!blank(p.get("userref"))) {
            try {
                userref = Integer.parseInt(p.get("userref").trim());
            } catch (NumberFormatException e) {
                throw KrakenErrors.invalidArgument("userref");
            }
        }
        if (clOrdId != null && (userref != null || !CL_ORD_ID.matcher(clOrdId).matches())) {
            throw KrakenErrors.invalidArgument("cl_ord_id");
        }
        // Kraken's own checks, in its words, before the order reaches the book.
        if (!quoteSized) {
            if (!Decimals.isMultipleOf(volume, ins.lotSize())) {
                throw KrakenErrors.invalidArgument("volume");
            }
            if (volume.compareTo(ins.minQty()) < 0) {
                throw new KrakenError(KrakenErrors.ORDER_MINIMUM);
            }
        }
        if (price != null && !Decimals.isMultipleOf(price, ins.tickSize())) {
            throw invalidPrice(pair);
        }
        BigDecimal valuation = price;
        if (valuation == null) {
            OrderBook top = engine.book(pair.engineSymbol(), 1);
            valuation = side == Side.BUY ? top.bestAsk() : top.bestBid();
        }
        BigDecimal cost = quoteSized ? volume : valuation == null ? null : volume.multiply(valuation);
        if (cost != null && cost.compareTo(ins.minNotional()) < 0) {
            throw new KrakenError(KrakenErrors.COST_MINIMUM);
        }
        boolean rests = ("limit".equals(orderType) || trigger != null) && "GTC".equals(tif);
        if (rests && flags.contains("post")) {
            OrderBook top = engine.book(pair.engineSymbol(), 1);
            BigDecimal opposite = side == Side.BUY ? top.bestAsk() : top.bestBid();
            if (opposite != null && (side == Side.BUY ? price.compareTo(opposite) >= 0 : price.compareTo(opposite) <= 0)) {
                throw new KrakenError(KrakenErrors.POST_ONLY);
            }
        }
        if (rests) {
            long open = engine.engineOpenOrders(apiKey).stream().filter(o -> o.symbol().equals(pair.engineSymbol())).count();
            if (open >= limits.tier().maxOpenOrdersPerPair) {
                throw new KrakenError(KrakenErrors.ORDERS_LIMIT);
            }
        }
        String descr = KrakenOrderViews.descr(typeText, volume, pair, orderType, price);
        return new Order(pair, side, orderType, tif, quoteSized, volume, price, trigger, clOrdId, userref, descr,
                truthy(p.get("validate")));
    }

    private static KrakenError invalidPrice(PairName pair) {
        return new KrakenError("EOrder:Invalid price:" + pair.altname() + " price can only be specified up to "
                + pair.instrument().priceScale() + " decimals.");
    }
}
