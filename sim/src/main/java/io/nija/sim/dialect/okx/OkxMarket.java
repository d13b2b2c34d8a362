package io.nija.sim.dialect.okx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.sim.engine.MatchingEngine;

/** OKX's public market data: server time, spot instruments and the order book. */
final class OkxMarket {
    private final OkxCalls calls;
    private final MatchingEngine engine;
    private final OkxViews views;

    OkxMarket(OkxCalls calls, OkxViews views) {
        this.calls = calls;
        this.engine = calls.engine();
        this.views = views;
    }

    ArrayNode serverTime(Context c) {
        ArrayNode data = calls.json().createArrayNode();
        data.add(views.serverTime(calls.context().clock().now()));
        return data;
    }

    ArrayNode instruments(Context c) {
        String instType = OkxParams.param(c, "instType");
        OkxParams.requireSpot(instType, true);
        ArrayNode data = calls.json().createArrayNode();
        if (!"SPOT".equals(instType)) {
            return data; // this venue lists spot only
        }
        String instId = OkxParams.param(c, "instId");
        for (Instrument i : engine.instruments()) {
            if (instId == null || instId.equals(i.symbol())) {
                data.add(views.instrument(i, engine.quoteAsset(i.symbol())));
            }
        }
        return data;
    }

    ArrayNode books(Context c) {
        String instId = OkxParams.param(c, "instId");
        calls.instrument(instId);
        int sz = 1;
        String s = OkxParams.param(c, "sz");
        if (s != null) {
            try {
                sz = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw OkxErrors.param("sz");
            }
            if (sz < 1) {
                throw OkxErrors.param("sz");
            }
        }
        OrderBook book = engine.book(instId, Math.min(sz, 400));
        ArrayNode data = calls.json().createArrayNode();
        data.add(views.book(book));
        return data;
    }
}
