package io.nija.sim.dialect.alpaca;

import io.javalin.config.RoutesConfig;

/**
 * Alpaca's REST route table: the trading API v2 (keys required, except {@code GET /v2/assets}) and the crypto
 * market-data order books, which count against their own limit. The websockets are {@link AlpacaStreams}' and
 * {@link AlpacaBookStream}'.
 */
final class AlpacaRoutes {
    private AlpacaRoutes() {
    }

    static void register(RoutesConfig r, AlpacaCalls calls, AlpacaMarket market, AlpacaOrders orders,
            AlpacaAccount account) {
        r.get("/v2/assets", c -> calls.open(c, market::assets));
        r.get("/v2/clock", c -> calls.signed(c, market::clock));
        r.get("/v2/account", c -> calls.signed(c, account::account));
        r.get("/v2/positions", c -> calls.signed(c, account::positions));
        r.post("/v2/orders", c -> calls.signed(c, orders::place));
        r.get("/v2/orders", c -> calls.signed(c, orders::list));
        r.delete("/v2/orders", c -> calls.signed(c, orders::cancelAll));
        r.get("/v2/orders:by_client_order_id", c -> calls.signed(c, orders::byClientId));
        r.get("/v2/orders/{order_id}", c -> calls.signed(c, orders::get));
        r.delete("/v2/orders/{order_id}", c -> calls.signed(c, orders::cancel));
        r.get("/v2/account/activities",
                c -> calls.signed(c, (k, x) -> orders.activities(k, x, x.queryParam("activity_types"))));
        r.get("/v2/account/activities/{activity_type}",
                c -> calls.signed(c, (k, x) -> orders.activities(k, x, x.pathParam("activity_type"))));
        r.get("/v1beta3/crypto/{loc}/latest/orderbooks", c -> calls.marketData(c, market::orderbooks));
    }
}
