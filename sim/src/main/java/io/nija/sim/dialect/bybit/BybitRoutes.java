package io.nija.sim.dialect.bybit;

import io.javalin.config.RoutesConfig;

/**
 * Bybit v5's REST route table: which path and method reach which handler, public or signed, and which per-key
 * limit ({@link BybitLimits}) a signed route counts against. The websockets are {@link BybitStreams}'.
 */
final class BybitRoutes {
    private BybitRoutes() {
    }

    static void register(RoutesConfig r, BybitCalls calls, BybitLimits limits, BybitMarket market, BybitOrders orders,
            BybitAccount account) {
        r.get("/v5/market/time", c -> calls.open(c, market::serverTime));
        r.get("/v5/market/instruments-info", c -> calls.open(c, market::instruments));
        r.get("/v5/market/orderbook", c -> calls.open(c, market::orderbook));
        r.post("/v5/order/create", c -> calls.signed(c, limits.create, orders::create));
        r.post("/v5/order/cancel", c -> calls.signed(c, limits.cancel, orders::cancel));
        r.get("/v5/order/realtime", c -> calls.signed(c, limits.realtime, orders::realtime));
        r.get("/v5/order/history", c -> calls.signed(c, limits.history, orders::history));
        r.get("/v5/execution/list", c -> calls.signed(c, limits.executions, orders::executions));
        r.get("/v5/account/wallet-balance", c -> calls.signed(c, limits.wallet, account::walletBalance));
        r.get("/v5/account/fee-rate", c -> calls.signed(c, limits.feeRate, account::feeRate));
        r.get("/v5/account/info", c -> calls.signed(c, limits.accountInfo, account::accountInfo));
        r.get("/v5/user/query-api", c -> calls.signed(c, limits.accountInfo, account::queryApi));
        r.get("/v5/asset/coin/query-info", c -> calls.signed(c, limits.accountInfo, account::coinInfo));
    }
}
