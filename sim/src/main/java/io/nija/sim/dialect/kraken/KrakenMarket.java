package io.nija.sim.dialect.kraken;

import static io.nija.sim.dialect.kraken.KrakenParams.blank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.market.OrderBook;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.dialect.kraken.KrakenNames.PairName;
import io.nija.sim.engine.MatchingEngine;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Kraken's public market data: Time, SystemStatus, Assets, AssetPairs, Depth, Ticker. */
final class KrakenMarket {
    private final DialectContext dc;
    private final MatchingEngine engine;
    private final KrakenNames names;
    private final KrakenParams params;
    private final KrakenViews views;

    KrakenMarket(DialectContext dc, KrakenNames names, KrakenParams params, KrakenViews views) {
        this.dc = dc;
        this.engine = dc.engine();
        this.names = names;
        this.params = params;
        this.views = views;
    }

    ObjectNode time() {
        return views.time(dc.clock().now());
    }

    ObjectNode systemStatus() {
        return systemStatus("online");
    }

    /** SystemStatus saying {@code status} ("maintenance" while the fault injector says so). */
    ObjectNode systemStatus(String status) {
        return views.systemStatus(status, dc.clock().now());
    }

    ObjectNode assets(Map<String, String> p) {
        Map<String, String> wanted = new LinkedHashMap<>();
        if (blank(p.get("asset"))) {
            wanted.putAll(names.assetsByCode());
        } else {
            for (String a : p.get("asset").split(",")) {
                String asset = names.engineAsset(a).orElseThrow(() -> new KrakenError(KrakenErrors.UNKNOWN_ASSET));
                wanted.put(KrakenNames.code(asset), asset);
            }
        }
        return views.assets(wanted);
    }

    ObjectNode assetPairs(Map<String, String> p) {
        String info = blank(p.get("info")) ? "info" : p.get("info");
        if (!Set.of("info", "leverage", "fees", "margin").contains(info)) {
            throw KrakenErrors.invalidArgument("info");
        }
        return views.assetPairs(params.pairs(p.get("pair"), true), info, engine.defaultFees());
    }

    ObjectNode depth(Map<String, String> p) {
        PairName pair = params.onePair(p.get("pair"));
        int count = KrakenParams.depthCount(p);
        return views.depth(pair, engine.book(pair.engineSymbol(), count));
    }

    ObjectNode ticker(Map<String, String> p) {
        ObjectNode r = views.object();
        for (PairName pair : params.pairs(p.get("pair"), true)) {
            OrderBook book = engine.book(pair.engineSymbol(), 1);
            BigDecimal last = engine.lastTradePrice(pair.engineSymbol());
            if (last == null) {
                last = book.mid();
            }
            views.ticker(r, pair, book, last);
        }
        return r;
    }
}
