package io.nija.sim.dialect.kraken;

import static io.nija.sim.dialect.kraken.KrakenParams.blank;
import static io.nija.sim.dialect.kraken.KrakenParams.count;
import static io.nija.sim.dialect.kraken.KrakenParams.decimal;
import static io.nija.sim.dialect.kraken.KrakenParams.truthy;
import static io.nija.sim.dialect.kraken.KrakenViews.seconds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.dialect.kraken.KrakenNames.PairName;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kraken's order and trade methods: AddOrder, CancelOrder, CancelAll, OpenOrders, ClosedOrders, QueryOrders,
 * TradesHistory, QueryTrades. Writes return null when the fault injector loses their answer.
 */
final class KrakenOrders {
    private static final int PAGE = 50;

    private final DialectContext dc;
    private final MatchingEngine engine;
    private final KrakenNames names;
    private final KrakenLimits limits;
    private final KrakenParams params;
    private final KrakenOrderParams orderParams;
    private final KrakenOrderViews views;

    KrakenOrders(DialectContext dc, KrakenNames names, KrakenLimits limits, KrakenParams params,
            KrakenOrderParams orderParams, KrakenOrderViews views) {
        this.dc = dc;
        this.engine = dc.engine();
        this.names = names;
        this.limits = limits;
        this.params = params;
        this.orderParams = orderParams;
        this.views = views;
    }

    ObjectNode addOrder(Context c, String apiKey, Map<String, String> p) {
        PairName pair = params.onePair(p.get("pair"));
        // The fixed cost is charged even when the order then fails validation.
        if (!limits.chargeTrading(apiKey, pair.key(), 1)) {
            throw new KrakenError(KrakenErrors.ORDER_RATE_LIMIT);
        }
        KrakenOrderParams.Order order = orderParams.read(apiKey, pair, p);
        if (order.validateOnly()) {
            return views.added(order.descr(), null);
        }
        OrderView placed = engine.place(apiKey, order.toNewOrder());
        if (dc.answerLost(c)) {
            return null;
        }
        return views.added(order.descr(), placed.venueOrderId());
    }

    ObjectNode cancelOrder(Context c, String apiKey, Map<String, String> p) {
        String clOrdId = blank(p.get("cl_ord_id")) ? null : p.get("cl_ord_id");
        String txid = blank(p.get("txid")) ? null : p.get("txid").trim();
        if ((clOrdId == null) == (txid == null)) {
            throw KrakenErrors.invalidArgument(clOrdId == null ? "txid" : "cl_ord_id");
        }
        List<OrderView> targets = new ArrayList<>();
        if (clOrdId != null) {
            // A cancel is a write: it sees the engine's own orders, never lagged.
            engine.engineOpenOrders(apiKey).stream().filter(o -> clOrdId.equals(o.clientOrderId())).forEach(targets::add);
        } else if (txid.chars().allMatch(ch -> Character.isDigit(ch) || ch == '-')) {
            // A number is a userref: every open order tagged with it.
            engine.engineOpenOrders(apiKey).stream()
                    .filter(o -> txid.equals(String.valueOf(KrakenClientIds.userref(o)))).forEach(targets::add);
        } else {
            engine.engineOrderByVenueId(apiKey, txid).filter(OrderView::isOpen).ifPresent(targets::add);
        }
        if (targets.isEmpty()) {
            throw new KrakenError(KrakenErrors.UNKNOWN_ORDER);
        }
        Instant now = dc.clock().now();
        for (OrderView o : targets) {
            int cost = KrakenLimits.cancelCost(Duration.between(o.createdAt(), now));
            if (cost > 0 && !limits.chargeTrading(apiKey, names.ofEngineSymbol(o.symbol()).key(), cost)) {
                throw new KrakenError(KrakenErrors.ORDER_RATE_LIMIT);
            }
        }
        int count = cancel(apiKey, targets);
        if (count == 0) {
            throw new KrakenError(KrakenErrors.UNKNOWN_ORDER);
        }
        if (dc.answerLost(c)) {
            return null;
        }
        return views.cancelled(count);
    }

    ObjectNode cancelAll(Context c, String apiKey) {
        int count = cancel(apiKey, engine.engineOpenOrders(apiKey));
        if (dc.answerLost(c)) {
            return null;
        }
        return views.cancelled(count);
    }

    /** Cancels each order; one that is gone meanwhile is not counted. */
    private int cancel(String apiKey, List<OrderView> orders) {
        int count = 0;
        for (OrderView o : orders) {
            try {
                engine.cancelByVenueId(apiKey, o.venueOrderId());
                count++;
            } catch (VenueException e) {
                if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                    throw e;
                }
            }
        }
        return count;
    }

    ObjectNode openOrders(String apiKey, Map<String, String> p) {
        boolean trades = truthy(p.get("trades"));
        ObjectNode r = views.object();
        ObjectNode open = r.putObject("open");
        for (OrderView o : engine.openOrders(apiKey)) {
            if (matchesFilters(o, p)) {
                open.set(o.venueOrderId(), views.orderInfo(o, trades));
            }
        }
        return r;
    }

    ObjectNode closedOrders(String apiKey, Map<String, String> p) {
        boolean trades = truthy(p.get("trades"));
        String closetime = blank(p.get("closetime")) ? "both" : p.get("closetime");
        BigDecimal start = decimal(p, "start");
        BigDecimal end = decimal(p, "end");
        int ofs = count(p, "ofs", 0);
        List<OrderView> closed = new ArrayList<>();
        for (OrderView o : engine.orders(apiKey)) {
            if (o.isOpen() || !matchesFilters(o, p)) {
                continue;
            }
            BigDecimal t = "open".equals(closetime) ? seconds(o.createdAt()) : seconds(o.updatedAt());
            if ((start != null && t.compareTo(start) <= 0) || (end != null && t.compareTo(end) > 0)) {
                continue;
            }
            closed.add(o);
        }
        closed.sort(Comparator.comparing(OrderView::updatedAt).reversed());
        ObjectNode r = views.object();
        ObjectNode out = r.putObject("closed");
        for (OrderView o : closed.subList(Math.min(ofs, closed.size()), Math.min(ofs + PAGE, closed.size()))) {
            out.set(o.venueOrderId(), views.orderInfo(o, trades));
        }
        r.put("count", closed.size());
        return r;
    }

    ObjectNode queryOrders(String apiKey, Map<String, String> p) {
        String[] ids = KrakenParams.ids(p, "txid", 50);
        boolean trades = truthy(p.get("trades"));
        ObjectNode r = views.object();
        for (String raw : ids) {
            String id = raw.trim();
            OrderView o = engine.orderByVenueId(apiKey, id).orElseThrow(() -> new KrakenError(KrakenErrors.INVALID_ORDER));
            if (blank(p.get("userref")) || p.get("userref").trim().equals(String.valueOf(KrakenClientIds.userref(o)))) {
                r.set(o.venueOrderId(), views.orderInfo(o, trades));
            }
        }
        return r;
    }

    private static boolean matchesFilters(OrderView o, Map<String, String> p) {
        if (!blank(p.get("cl_ord_id")) && !p.get("cl_ord_id").equals(KrakenClientIds.clOrdId(o))) {
            return false;
        }
        return blank(p.get("userref")) || p.get("userref").trim().equals(String.valueOf(KrakenClientIds.userref(o)));
    }

    ObjectNode tradesHistory(String apiKey, Map<String, String> p) {
        BigDecimal start = decimal(p, "start");
        BigDecimal end = decimal(p, "end");
        int ofs = count(p, "ofs", 0);
        Map<String, OrderView> orders = ordersById(apiKey);
        List<AccountFill> fills = new ArrayList<>();
        for (AccountFill f : engine.fills(apiKey)) {
            BigDecimal t = seconds(f.time());
            if ((start == null || t.compareTo(start) > 0) && (end == null || t.compareTo(end) <= 0)) {
                fills.add(f);
            }
        }
        List<AccountFill> newestFirst = new ArrayList<>(fills);
        Collections.reverse(newestFirst);
        ObjectNode r = views.object();
        ObjectNode out = r.putObject("trades");
        for (AccountFill f : newestFirst.subList(Math.min(ofs, newestFirst.size()), Math.min(ofs + PAGE, newestFirst.size()))) {
            out.set(KrakenOrderViews.tradeTxid(f.fillId()), views.tradeInfo(f, orders.get(f.venueOrderId())));
        }
        r.put("count", fills.size());
        return r;
    }

    ObjectNode queryTrades(String apiKey, Map<String, String> p) {
        String[] ids = KrakenParams.ids(p, "txid", 20);
        Map<String, AccountFill> byTxid = new HashMap<>();
        for (AccountFill f : engine.fills(apiKey)) {
            byTxid.put(KrakenOrderViews.tradeTxid(f.fillId()), f);
        }
        Map<String, OrderView> orders = ordersById(apiKey);
        ObjectNode r = views.object();
        for (String raw : ids) {
            AccountFill f = byTxid.get(raw.trim());
            if (f == null) {
                throw KrakenErrors.invalidArgument("txid");
            }
            r.set(raw.trim(), views.tradeInfo(f, orders.get(f.venueOrderId())));
        }
        return r;
    }

    private Map<String, OrderView> ordersById(String apiKey) {
        Map<String, OrderView> out = new HashMap<>();
        for (OrderView o : engine.orders(apiKey)) {
            out.put(o.venueOrderId(), o);
        }
        return out;
    }
}
