package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.engine.MatchingEngine;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coinbase's market calls, public and private alike: products, one product, the product book, best bid/ask, the
 * server time, and the v2 currencies, exchange rates and time that clients read currencies from.
 */
final class CoinbaseMarket {
    private final DialectContext dc;
    private final MatchingEngine engine;
    private final ObjectMapper json;
    private final CoinbaseViews views;

    CoinbaseMarket(CoinbaseCalls calls, CoinbaseViews views) {
        this.dc = calls.context();
        this.engine = calls.engine();
        this.json = calls.json();
        this.views = views;
    }

    ObjectNode products(Context c) {
        ObjectNode r = json.createObjectNode();
        ArrayNode list = r.putArray("products");
        String type = c.queryParam("product_type");
        List<String> ids = c.queryParams("product_ids");
        if (type == null || type.isBlank() || "SPOT".equalsIgnoreCase(type)) {
            for (Instrument ins : engine.instruments()) {
                if (ids.isEmpty() || ids.contains(ins.symbol())) {
                    list.add(productJson(ins));
                }
            }
        }
        int offset = CoinbaseParams.intParam(c.queryParam("offset"), 0);
        int limit = CoinbaseParams.intParam(c.queryParam("limit"), 0);
        if (offset > 0 || limit > 0) {
            ArrayNode page = json.createArrayNode();
            for (int i = offset; i < list.size() && (limit == 0 || page.size() < limit); i++) {
                page.add(list.get(i));
            }
            r.set("products", page);
        }
        r.put("num_products", r.path("products").size());
        return r;
    }

    ObjectNode product(String productId) {
        Instrument ins = engine.instrument(productId).orElseThrow(() ->
                CoinbaseErrors.notFound("product_id " + productId + " not found"));
        return productJson(ins);
    }

    private ObjectNode productJson(Instrument ins) {
        String quote = engine.quoteAsset(ins.symbol());
        OrderBook top = engine.book(ins.symbol(), 1);
        BigDecimal last = engine.lastTradePrice(ins.symbol());
        return views.product(ins, quote, last, top.mid());
    }

    ObjectNode productBook(Context c) {
        String productId = c.queryParam("product_id");
        Instrument ins = CoinbaseParams.instrumentOrInvalid(engine, productId);
        int limit = CoinbaseParams.intParam(c.queryParam("limit"), 0);
        OrderBook book = engine.book(ins.symbol(), limit > 0 ? limit : 1000);
        return views.productBook(ins, book, engine.lastTradePrice(ins.symbol()));
    }

    ObjectNode bestBidAsk(Context c) {
        List<String> ids = c.queryParams("product_ids");
        ObjectNode r = json.createObjectNode();
        ArrayNode books = r.putArray("pricebooks");
        for (Instrument ins : engine.instruments()) {
            if (ids.isEmpty() || ids.contains(ins.symbol())) {
                books.add(views.pricebook(ins, engine.book(ins.symbol(), 1)));
            }
        }
        for (String id : ids) {
            if (engine.instrument(id).isEmpty()) {
                throw CoinbaseErrors.invalidProductId();
            }
        }
        return r;
    }

    ObjectNode time() {
        return views.time(dc.clock().now());
    }

    ObjectNode fiatCurrencies() {
        return views.fiatCurrencies(assets(true));
    }

    ObjectNode cryptoCurrencies() {
        return views.cryptoCurrencies(assets(false));
    }

    ObjectNode exchangeRates() {
        Map<String, BigDecimal> mids = new LinkedHashMap<>();
        for (Instrument ins : engine.instruments()) {
            BigDecimal mid = engine.book(ins.symbol(), 1).mid();
            if (mid != null && mid.signum() > 0) {
                mids.put(ins.pair().base(), mid);
            }
        }
        return views.exchangeRates(mids);
    }

    ObjectNode v2Time() {
        return views.v2Time(dc.clock().now());
    }

    private Set<String> assets(boolean quotes) {
        Set<String> out = new LinkedHashSet<>();
        for (Instrument ins : engine.instruments()) {
            out.add(quotes ? engine.quoteAsset(ins.symbol()) : ins.pair().base());
        }
        return out;
    }
}
