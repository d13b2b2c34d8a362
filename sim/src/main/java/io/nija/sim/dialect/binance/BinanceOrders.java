package io.nija.sim.dialect.binance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import java.util.Optional;

/**
 * Binance's signed order calls: new order (and its test), cancel, cancel all of a symbol, query one, open orders.
 * A new order counts against the account's order limits (X-MBX-ORDER-COUNT-*) only once it passed the checks.
 */
final class BinanceOrders {
    private final BinanceCalls calls;
    private final BinanceAuth auth;
    private final BinanceViews views;
    private final MatchingEngine engine;

    BinanceOrders(BinanceCalls calls, BinanceAuth auth, BinanceViews views) {
        this.calls = calls;
        this.auth = auth;
        this.views = views;
        this.engine = calls.engine();
    }

    void place(Context c) {
        place(c, false);
    }

    /** POST /api/v3/order/test: checked like a new order, then answered {} without placing it. */
    void test(Context c) {
        place(c, true);
    }

    private void place(Context c, boolean testOnly) {
        calls.charge(c, 1);
        BinanceParams p = BinanceParams.of(c);
        String key = auth.authenticate(c, p);
        String symbol = p.required("symbol");
        Instrument ins = calls.instrument(symbol);
        BinanceOrderParams request = BinanceOrderParams.read(p, symbol, ins, engine);
        if (testOnly) {
            calls.ok(c, views.empty());
            return;
        }
        BinanceLimits limits = calls.limits();
        int[] counts = limits.order(key, calls.now());
        OrderView placed;
        try {
            placed = engine.place(key, request.order());
        } catch (VenueException e) {
            limits.unorder(key);
            throw e;
        }
        if (calls.answerLost(c)) {
            return;
        }
        c.header("X-MBX-ORDER-COUNT-10S", Integer.toString(counts[0]));
        c.header("X-MBX-ORDER-COUNT-1D", Integer.toString(counts[1]));
        calls.ok(c, views.placed(placed, request.responseType()));
    }

    void cancel(Context c) {
        calls.charge(c, 1);
        BinanceParams p = BinanceParams.of(c);
        String key = auth.authenticate(c, p);
        String symbol = p.required("symbol");
        calls.instrument(symbol);
        OrderView order = find(key, p, symbol, true).filter(OrderView::isOpen)
                .orElseThrow(BinanceErrors::unknownOrderOnCancel);
        OrderView cancelled;
        try {
            cancelled = engine.cancelByVenueId(key, order.venueOrderId());
        } catch (VenueException e) {
            if (e.kind() == VenueErrorKind.ORDER_NOT_FOUND) {
                throw BinanceErrors.unknownOrderOnCancel(); // filled between the look-up and the cancel
            }
            throw e;
        }
        if (calls.answerLost(c)) {
            return;
        }
        String cancelId = p.get("newClientOrderId");
        calls.ok(c, views.cancelled(cancelled, cancelId));
    }

    void cancelAll(Context c) {
        calls.charge(c, 1);
        BinanceParams p = BinanceParams.of(c);
        String key = auth.authenticate(c, p);
        String symbol = p.required("symbol");
        calls.instrument(symbol);
        ArrayNode out = views.array();
        for (OrderView o : engine.engineOpenOrders(key)) {
            if (!o.symbol().equals(symbol)) {
                continue;
            }
            try {
                out.add(views.cancelled(engine.cancelByVenueId(key, o.venueOrderId()), null));
            } catch (VenueException e) {
                if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (out.isEmpty()) {
            throw BinanceErrors.unknownOrderOnCancel();
        }
        calls.ok(c, out);
    }

    void query(Context c) {
        calls.charge(c, 4);
        BinanceParams p = BinanceParams.of(c);
        String key = auth.authenticate(c, p);
        String symbol = p.required("symbol");
        calls.instrument(symbol);
        OrderView o = find(key, p, symbol, false).orElseThrow(BinanceErrors::noSuchOrder);
        calls.ok(c, views.order(o));
    }

    void openOrders(Context c) {
        BinanceParams p = BinanceParams.of(c);
        String symbol = p.get("symbol");
        calls.charge(c, symbol == null ? 80 : 6);
        String key = auth.authenticate(c, p);
        if (symbol != null) {
            calls.instrument(symbol);
        }
        ArrayNode out = views.array();
        for (OrderView o : engine.openOrders(key)) {
            if (symbol == null || o.symbol().equals(symbol)) {
                out.add(views.order(o));
            }
        }
        calls.ok(c, out);
    }

    /**
     * The order named by orderId or origClientOrderId on this symbol, if the account has it: as the read endpoints
     * show it ({@code forWrite} false: lagged, needs read permission) or as the matching engine holds it (a cancel).
     */
    private Optional<OrderView> find(String key, BinanceParams p, String symbol, boolean forWrite) {
        Long orderId = p.integer("orderId");
        String clientId = p.get("origClientOrderId");
        if (orderId == null && clientId == null) {
            throw BinanceErrors.eitherRequired("origClientOrderId", "orderId");
        }
        Optional<OrderView> o;
        if (forWrite) {
            o = orderId != null ? engine.engineOrderByVenueId(key, Long.toString(orderId))
                    : engine.engineOrderByClientId(key, clientId);
        } else {
            o = orderId != null ? engine.orderByVenueId(key, Long.toString(orderId))
                    : engine.orderByClientId(key, clientId);
        }
        return o.filter(v -> v.symbol().equals(symbol)
                && (clientId == null || v.clientOrderId().equals(clientId)));
    }
}
