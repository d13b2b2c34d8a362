package io.nija.sim.dialect.bybit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.sim.engine.MatchingEngine;
import java.util.concurrent.atomic.AtomicLong;

/** Bybit's public market calls (no key, no signature): server time, instruments-info and the orderbook. */
final class BybitMarket {
    private final BybitCalls calls;
    private final BybitViews views;
    private final MatchingEngine engine;
    private final AtomicLong bookUpdates = new AtomicLong(1_000_000);

    BybitMarket(BybitCalls calls, BybitViews views) {
        this.calls = calls;
        this.views = views;
        this.engine = calls.engine();
    }

    ObjectNode serverTime(String apiKey, Context c) {
        return views.serverTime(calls.context().clock().now());
    }

    ObjectNode instruments(String apiKey, Context c) {
        String category = BybitParams.param(c, "category");
        boolean spot = BybitParams.spot(category);
        ObjectNode n = views.page(category);
        ArrayNode list = n.putArray("list");
        String symbol = BybitParams.param(c, "symbol");
        if (spot) {
            for (Instrument i : engine.instruments()) {
                if (symbol == null || symbol.equals(i.symbol())) {
                    list.add(views.instrument(i, engine.quoteAsset(i.symbol())));
                }
            }
        }
        n.put("nextPageCursor", "");
        return n;
    }

    ObjectNode orderbook(String apiKey, Context c) {
        BybitParams.spot(BybitParams.param(c, "category"));
        String symbol = BybitParams.param(c, "symbol");
        if (symbol == null) {
            throw BybitErrors.paramsError("symbol is required");
        }
        if (engine.instrument(symbol).isEmpty()) {
            throw BybitErrors.invalidRequestedSymbol();
        }
        int depth = BybitParams.limit(c, 1, 1000);
        return views.book(engine.book(symbol, depth), bookUpdates.incrementAndGet());
    }
}
