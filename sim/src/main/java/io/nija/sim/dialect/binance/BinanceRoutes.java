package io.nija.sim.dialect.binance;

import io.javalin.config.RoutesConfig;

/**
 * Binance's REST route table: which path and method reach which handler. Every refusal a handler throws
 * ({@link BinanceError}) is written here in Binance's {@code {code,msg}} shape. The listen-key routes and the
 * websockets are {@link BinanceStreams}'.
 */
final class BinanceRoutes {
    private BinanceRoutes() {
    }

    static void register(RoutesConfig r, BinanceCalls calls, BinanceMarket market, BinanceOrders orders,
            BinanceAccount account) {
        r.get("/api/v3/ping", market::ping);
        r.get("/api/v3/time", market::time);
        r.get("/api/v3/exchangeInfo", market::exchangeInfo);
        r.get("/api/v3/depth", market::depth);
        r.get("/api/v3/ticker/price", market::tickerPrice);
        r.get("/api/v3/ticker/bookTicker", market::bookTicker);
        r.post("/api/v3/order", orders::place);
        r.post("/api/v3/order/test", orders::test);
        r.delete("/api/v3/order", orders::cancel);
        r.get("/api/v3/order", orders::query);
        r.get("/api/v3/openOrders", orders::openOrders);
        r.delete("/api/v3/openOrders", orders::cancelAll);
        r.get("/api/v3/myTrades", account::myTrades);
        r.get("/api/v3/account", account::account);
        r.get("/api/v3/account/commission", account::commission);
        r.get("/sapi/v1/account/apiRestrictions", account::apiRestrictions);
        r.exception(BinanceError.class, (e, c) -> calls.write(c, e));
    }
}
