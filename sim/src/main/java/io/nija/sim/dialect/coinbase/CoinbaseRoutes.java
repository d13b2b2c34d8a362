package io.nija.sim.dialect.coinbase;

import io.javalin.config.RoutesConfig;

/**
 * Coinbase's REST route table: the Advanced Trade paths under {@link #BROKERAGE} (public {@code /market/...} and
 * {@code /time}, JWT-signed the rest) and the public v2 currency paths. All signed routes share one per-key limit and
 * all public ones one per-IP limit ({@link CoinbaseCalls}). The websockets are {@link CoinbaseStreams}'.
 */
final class CoinbaseRoutes {
    static final String BROKERAGE = "/api/v3/brokerage";

    private CoinbaseRoutes() {
    }

    static void register(RoutesConfig r, CoinbaseCalls calls, CoinbaseMarket market, CoinbaseOrders orders,
            CoinbaseAccount account) {
        r.get(BROKERAGE + "/market/products", calls.open(c -> calls.ok(c, market.products(c))));
        r.get(BROKERAGE + "/market/products/{product_id}", calls.open(c -> calls.ok(c, market.product(c.pathParam("product_id")))));
        r.get(BROKERAGE + "/market/product_book", calls.open(c -> calls.ok(c, market.productBook(c))));
        r.get(BROKERAGE + "/time", calls.open(c -> calls.ok(c, market.time())));
        r.get("/v2/currencies", calls.open(c -> calls.ok(c, market.fiatCurrencies())));
        r.get("/v2/currencies/crypto", calls.open(c -> calls.ok(c, market.cryptoCurrencies())));
        r.get("/v2/exchange-rates", calls.open(c -> calls.ok(c, market.exchangeRates())));
        r.get("/v2/time", calls.open(c -> calls.ok(c, market.v2Time())));

        r.get(BROKERAGE + "/products", calls.signed((c, key) -> calls.ok(c, market.products(c))));
        r.get(BROKERAGE + "/products/{product_id}", calls.signed((c, key) -> calls.ok(c, market.product(c.pathParam("product_id")))));
        r.get(BROKERAGE + "/product_book", calls.signed((c, key) -> calls.ok(c, market.productBook(c))));
        r.get(BROKERAGE + "/best_bid_ask", calls.signed((c, key) -> calls.ok(c, market.bestBidAsk(c))));
        r.get(BROKERAGE + "/accounts", calls.signed((c, key) -> calls.ok(c, account.accounts(c, key))));
        r.get(BROKERAGE + "/accounts/{account_uuid}", calls.signed((c, key) -> calls.ok(c, account.account(key, c.pathParam("account_uuid")))));
        r.get(BROKERAGE + "/transaction_summary", calls.signed((c, key) -> calls.ok(c, account.transactionSummary(key))));
        r.get(BROKERAGE + "/key_permissions", calls.signed((c, key) -> calls.ok(c, account.keyPermissions(key))));
        r.post(BROKERAGE + "/orders", calls.signed(orders::create));
        r.post(BROKERAGE + "/orders/batch_cancel", calls.signed(orders::batchCancel));
        r.get(BROKERAGE + "/orders/historical/batch", calls.signed((c, key) -> calls.ok(c, orders.orders(c, key))));
        r.get(BROKERAGE + "/orders/historical/fills", calls.signed((c, key) -> calls.ok(c, orders.fills(c, key))));
        r.get(BROKERAGE + "/orders/historical/{order_id}", calls.signed((c, key) -> calls.ok(c, orders.order(key, c.pathParam("order_id")))));
    }
}
