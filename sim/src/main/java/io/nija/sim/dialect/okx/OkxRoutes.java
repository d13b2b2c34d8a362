package io.nija.sim.dialect.okx;

import io.javalin.config.RoutesConfig;

/**
 * OKX v5's REST route table: which path and method reach which handler, public (counted per IP against the
 * route's {@link OkxLimits} limit) or signed (the handler counts its own per-user limits). The websockets are
 * {@link OkxStreams}'.
 */
final class OkxRoutes {
    private OkxRoutes() {
    }

    static void register(RoutesConfig r, OkxCalls calls, OkxLimits limits, OkxMarket market, OkxOrders orders,
            OkxAccount account) {
        r.get("/api/v5/public/time", c -> calls.publicCall(c, limits.time, market::serverTime));
        r.get("/api/v5/public/instruments", c -> calls.publicCall(c, limits.instruments, market::instruments));
        r.get("/api/v5/market/books", c -> calls.publicCall(c, limits.books, market::books));
        r.post("/api/v5/trade/order", c -> calls.privateCall(c, orders::placeOrder));
        r.post("/api/v5/trade/batch-orders", c -> calls.privateCall(c, orders::batchOrders));
        r.post("/api/v5/trade/cancel-order", c -> calls.privateCall(c, orders::cancelOrder));
        r.post("/api/v5/trade/cancel-batch-orders", c -> calls.privateCall(c, orders::cancelBatch));
        r.get("/api/v5/trade/order", c -> calls.privateCall(c, orders::getOrder));
        r.get("/api/v5/trade/orders-pending", c -> calls.privateCall(c, orders::ordersPending));
        r.get("/api/v5/trade/orders-history",
                c -> calls.privateCall(c, (k, x) -> orders.ordersHistory(k, x, limits.ordersHistory)));
        r.get("/api/v5/trade/orders-history-archive",
                c -> calls.privateCall(c, (k, x) -> orders.ordersHistory(k, x, limits.ordersHistory)));
        r.get("/api/v5/trade/fills", c -> calls.privateCall(c, (k, x) -> orders.fills(k, x, limits.fills, false)));
        r.get("/api/v5/trade/fills-history",
                c -> calls.privateCall(c, (k, x) -> orders.fills(k, x, limits.fillsHistory, true)));
        r.get("/api/v5/account/balance", c -> calls.privateCall(c, account::balance));
        r.get("/api/v5/account/trade-fee", c -> calls.privateCall(c, account::tradeFee));
        r.get("/api/v5/account/config", c -> calls.privateCall(c, account::accountConfig));
        r.get("/api/v5/asset/currencies", c -> calls.privateCall(c, account::currencies));
    }
}
