package io.nija.sim.dialect.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.sim.engine.MatchingEngine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Binance's public market data calls (no key, no signature): ping, time, exchangeInfo, depth and the tickers. */
final class BinanceMarket {
    private final BinanceCalls calls;
    private final BinanceViews views;
    private final MatchingEngine engine;
    private final ObjectMapper json;
    private final AtomicLong updateIds = new AtomicLong(1_000_000);

    BinanceMarket(BinanceCalls calls, BinanceViews views, ObjectMapper json) {
        this.calls = calls;
        this.views = views;
        this.engine = calls.engine();
        this.json = json;
    }

    void ping(Context c) {
        calls.charge(c, 1);
        calls.ok(c, views.empty());
    }

    void time(Context c) {
        calls.charge(c, 1);
        calls.ok(c, views.serverTime(calls.now()));
    }

    void exchangeInfo(Context c) {
        calls.charge(c, 20);
        BinanceParams p = BinanceParams.of(c);
        List<Instrument> selected = new ArrayList<>();
        String one = p.get("symbol");
        String many = p.get("symbols");
        if (one != null) {
            selected.add(calls.instrument(one));
        } else if (many != null) {
            JsonNode list;
            try {
                list = json.readTree(many);
            } catch (JsonProcessingException e) {
                throw BinanceErrors.illegal("symbols", "^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$");
            }
            for (JsonNode s : list) {
                selected.add(calls.instrument(s.asText()));
            }
        } else {
            selected.addAll(engine.instruments());
        }
        calls.ok(c, views.exchangeInfo(selected, calls.limits().config(), calls.now(), engine::quoteAsset));
    }

    void depth(Context c) {
        BinanceParams p = BinanceParams.of(c);
        int limit = p.limit(100, 5000);
        calls.charge(c, limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250);
        String symbol = p.required("symbol");
        calls.instrument(symbol);
        OrderBook book = engine.book(symbol, limit);
        calls.ok(c, views.depth(updateIds.incrementAndGet(), book));
    }

    void tickerPrice(Context c) {
        BinanceParams p = BinanceParams.of(c);
        String symbol = p.get("symbol");
        calls.charge(c, symbol == null ? 4 : 2);
        if (symbol != null) {
            calls.ok(c, price(calls.instrument(symbol)));
            return;
        }
        ArrayNode out = views.array();
        engine.instruments().forEach(i -> out.add(price(i)));
        calls.ok(c, out);
    }

    /** The last trade's price; the mid (or zero) before the first trade. */
    private JsonNode price(Instrument i) {
        BigDecimal last = engine.lastTradePrice(i.symbol());
        if (last == null) {
            OrderBook b = engine.book(i.symbol(), 1);
            last = b.mid() != null ? b.mid() : BigDecimal.ZERO;
        }
        return views.price(i, last);
    }

    void bookTicker(Context c) {
        BinanceParams p = BinanceParams.of(c);
        String symbol = p.get("symbol");
        calls.charge(c, symbol == null ? 4 : 2);
        if (symbol != null) {
            Instrument i = calls.instrument(symbol);
            calls.ok(c, views.bookTicker(i, engine.book(i.symbol(), 1)));
            return;
        }
        ArrayNode out = views.array();
        engine.instruments().forEach(i -> out.add(views.bookTicker(i, engine.book(i.symbol(), 1))));
        calls.ok(c, out);
    }
}
