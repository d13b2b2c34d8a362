package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.sim.dialect.alpaca.AlpacaCalls.Answer;
import io.nija.sim.engine.MatchingEngine;
import java.util.Optional;

/** Public data: the crypto assets, the market clock (always open for crypto) and the latest order books. */
final class AlpacaMarket {
    private final AlpacaCalls calls;
    private final MatchingEngine engine;
    private final AlpacaViews views;

    AlpacaMarket(AlpacaCalls calls, AlpacaViews views) {
        this.calls = calls;
        this.engine = calls.engine();
        this.views = views;
    }

    Answer assets(String apiKey, Context c) {
        String assetClass = c.queryParam("asset_class");
        String status = c.queryParam("status");
        ArrayNode out = views.array();
        if ((assetClass == null || assetClass.equals("crypto")) && (status == null || status.equals("active"))) {
            engine.instruments().forEach(i -> out.add(views.asset(i)));
        }
        return Answer.ok(out);
    }

    Answer clock(String apiKey, Context c) {
        return Answer.ok(views.clock(calls.context().clock().now()));
    }

    /**
     * {@code {"orderbooks":{"BTC/USD":{"a":[{"p":..,"s":..}],"b":[..],"t":".."}}}} with p and s as JSON numbers.
     * Unknown symbols are left out.
     */
    Answer orderbooks(String apiKey, Context c) {
        if (!"us".equals(c.pathParam("loc"))) {
            throw AlpacaErrors.locationNotFound();
        }
        String symbols = c.queryParam("symbols");
        if (symbols == null || symbols.isBlank()) {
            throw AlpacaErrors.symbolsRequired();
        }
        ObjectNode root = views.object();
        ObjectNode books = root.putObject("orderbooks");
        for (String s : symbols.split(",")) {
            Optional<Instrument> ins = AlpacaParams.listing(engine, s);
            if (ins.isEmpty()) {
                continue;
            }
            books.set(s.trim(), views.orderbook(engine.book(ins.get().symbol(), 100)));
        }
        return Answer.ok(root);
    }
}
