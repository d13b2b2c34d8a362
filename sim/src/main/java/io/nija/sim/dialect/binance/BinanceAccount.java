package io.nija.sim.dialect.binance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Binance's signed account calls: myTrades, account (balances and fees), commission and the key's restrictions. */
final class BinanceAccount {
    private final BinanceCalls calls;
    private final BinanceAuth auth;
    private final BinanceViews views;
    private final MatchingEngine engine;

    BinanceAccount(BinanceCalls calls, BinanceAuth auth, BinanceViews views) {
        this.calls = calls;
        this.auth = auth;
        this.views = views;
        this.engine = calls.engine();
    }

    void myTrades(Context c) {
        BinanceParams p = BinanceParams.of(c);
        Long orderId = p.integer("orderId");
        calls.charge(c, orderId == null ? 20 : 5);
        String key = auth.authenticate(c, p);
        String symbol = p.required("symbol");
        calls.instrument(symbol);
        Long fromId = p.integer("fromId");
        Long startTime = p.integer("startTime");
        Long endTime = p.integer("endTime");
        int limit = p.limit(500, 1000);
        if (fromId != null && (startTime != null || endTime != null)) {
            throw BinanceErrors.invalidCombination();
        }
        List<AccountFill> fills = new ArrayList<>();
        for (AccountFill f : engine.fills(key)) {
            if (!f.symbol().equals(symbol)) {
                continue;
            }
            if (orderId != null && !Long.toString(orderId).equals(f.venueOrderId())) {
                continue;
            }
            if (fromId != null && BinanceViews.id(f.tradeId()) < fromId) {
                continue;
            }
            long t = f.time().toEpochMilli();
            if ((startTime != null && t < startTime) || (endTime != null && t > endTime)) {
                continue;
            }
            fills.add(f);
        }
        fills.sort(Comparator.comparingLong((AccountFill f) -> BinanceViews.id(f.tradeId())));
        // With fromId or startTime the oldest come first; otherwise the most recent ones.
        if (fills.size() > limit) {
            fills = fromId != null || startTime != null ? fills.subList(0, limit)
                    : fills.subList(fills.size() - limit, fills.size());
        }
        ArrayNode out = views.array();
        for (AccountFill f : fills) {
            out.add(views.trade(f));
        }
        calls.ok(c, out);
    }

    void account(Context c) {
        calls.charge(c, 20);
        BinanceParams p = BinanceParams.of(c);
        String key = auth.authenticate(c, p);
        boolean omitZero = "true".equalsIgnoreCase(p.get("omitZeroBalances"));
        calls.ok(c, views.account(key, engine.fees(key), engine.balances(key).values(), omitZero, calls.now()));
    }

    /** The key's permissions: any key may ask. */
    void apiRestrictions(Context c) {
        calls.charge(c, 1);
        BinanceParams p = BinanceParams.of(c);
        String key = auth.authenticate(c, p);
        calls.ok(c, views.apiRestrictions(engine.accountOptions(key), calls.now()));
    }

    void commission(Context c) {
        calls.charge(c, 20);
        BinanceParams p = BinanceParams.of(c);
        String key = auth.authenticate(c, p);
        String symbol = p.required("symbol");
        calls.instrument(symbol);
        calls.ok(c, views.commission(symbol, engine.fees(key)));
    }
}
