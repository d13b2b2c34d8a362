package io.nija.sim.dialect.kraken;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Kraken's route table. Kraken names the method in the path ({@code /0/public/Ticker}, {@code /0/private/AddOrder}),
 * so the table maps method names to handlers, and each private method to what it costs on the per-key REST counter
 * (AddOrder and CancelOrder cost nothing there: the trading-engine counter of {@link KrakenLimits} counts them).
 */
final class KrakenRoutes {
    /** A public method: its parameters to its result. */
    interface PublicMethod {
        ObjectNode answer(Map<String, String> p);
    }

    /** A private method: its result, or null when the answer is lost and nothing is to be written. */
    interface PrivateMethod {
        ObjectNode answer(Context c, String apiKey, Map<String, String> p);
    }

    record PrivateRoute(int restCost, PrivateMethod method) {
    }

    private final Map<String, PublicMethod> publicMethods = new HashMap<>();
    private final Map<String, PrivateRoute> privateMethods = new HashMap<>();

    KrakenRoutes(KrakenMarket market, KrakenOrders orders, KrakenAccount account) {
        publicMethods.put("Time", p -> market.time());
        publicMethods.put("SystemStatus", p -> market.systemStatus());
        publicMethods.put("Assets", market::assets);
        publicMethods.put("AssetPairs", market::assetPairs);
        publicMethods.put("Depth", market::depth);
        publicMethods.put("Ticker", market::ticker);

        privateMethods.put("Balance", new PrivateRoute(1, (c, k, p) -> account.balance(k)));
        privateMethods.put("BalanceEx", new PrivateRoute(1, (c, k, p) -> account.balanceEx(k)));
        privateMethods.put("TradeVolume", new PrivateRoute(1, (c, k, p) -> account.tradeVolume(k, p)));
        privateMethods.put("OpenOrders", new PrivateRoute(1, (c, k, p) -> orders.openOrders(k, p)));
        privateMethods.put("ClosedOrders", new PrivateRoute(1, (c, k, p) -> orders.closedOrders(k, p)));
        privateMethods.put("QueryOrders", new PrivateRoute(1, (c, k, p) -> orders.queryOrders(k, p)));
        privateMethods.put("CancelAll", new PrivateRoute(1, (c, k, p) -> orders.cancelAll(c, k)));
        privateMethods.put("TradesHistory", new PrivateRoute(2, (c, k, p) -> orders.tradesHistory(k, p)));
        privateMethods.put("QueryTrades", new PrivateRoute(2, (c, k, p) -> orders.queryTrades(k, p)));
        privateMethods.put("AddOrder", new PrivateRoute(0, orders::addOrder));
        privateMethods.put("CancelOrder", new PrivateRoute(0, orders::cancelOrder));
        privateMethods.put("GetApiKeyInfo", new PrivateRoute(1, (c, k, p) -> account.apiKeyInfo(k)));
        privateMethods.put("GetWebSocketsToken", new PrivateRoute(1, (c, k, p) -> account.webSocketsToken(k)));
    }

    void register(RoutesConfig routes, KrakenCalls calls) {
        routes.get("/0/public/{method}", c -> calls.publicCall(c, this));
        routes.post("/0/public/{method}", c -> calls.publicCall(c, this));
        routes.post("/0/private/{method}", c -> calls.privateCall(c, this));
        routes.get("/0/private/{method}",
                c -> calls.fail(c, new KrakenError(405, KrakenErrors.INVALID_ARGUMENTS + ":method must be POST")));
    }

    Optional<PublicMethod> publicMethod(String name) {
        return Optional.ofNullable(publicMethods.get(name));
    }

    Optional<PrivateRoute> privateMethod(String name) {
        return Optional.ofNullable(privateMethods.get(name));
    }
}
