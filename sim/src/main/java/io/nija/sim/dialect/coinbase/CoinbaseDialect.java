package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.http.StreamHub;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coinbase Advanced Trade (https://api.coinbase.com/api/v3/brokerage) on top of the simulator's matching engine.
 *
 * <ul>
 *   <li>Public (no key): {@code /api/v3/brokerage/market/products}, {@code /market/products/{id}},
 *       {@code /market/product_book}, {@code /time}; and the v2 {@code /v2/currencies}, {@code /v2/currencies/crypto},
 *       {@code /v2/exchange-rates}, {@code /v2/time} that clients read currencies from.</li>
 *   <li>Private (JWT, {@link CoinbaseAuth}): {@code /products}, {@code /products/{id}}, {@code /product_book},
 *       {@code /best_bid_ask}, {@code /accounts}, {@code /accounts/{uuid}}, {@code POST /orders}
 *       (market_market_ioc by base_size or quote_size, limit_limit_gtc with post_only, sor_limit_ioc),
 *       {@code POST /orders/batch_cancel}, {@code /orders/historical/{order_id}}, {@code /orders/historical/batch},
 *       {@code /orders/historical/fills}, {@code /transaction_summary}.</li>
 *   <li>client_order_id is idempotent, as Coinbase documents: a repeated id creates nothing and returns the order
 *       first created with it, open or closed.</li>
 *   <li>Refused orders: HTTP 200, {@code success:false} with an {@code error_response} in Coinbase's codes
 *       (INSUFFICIENT_FUND, INVALID_PRODUCT_ID, PREVIEW_INVALID_BASE_SIZE_TOO_SMALL, ...). Other errors: HTTP 4xx with
 *       {@code {error, error_details, message}}; a missing or invalid JWT: 401 "Unauthorized".</li>
 *   <li>Limits: 30 requests a second per key on private endpoints, 10 a second per IP on public ones; over them,
 *       429 with {@code x-ratelimit-*} headers (also sent on every private answer).</li>
 * </ul>
 *
 * <p>This class only wires the parts (the package's shape is described in docs/simulator.md): {@link CoinbaseRoutes}
 * (route table), {@link CoinbaseCalls} (limits, authentication, answers), {@link CoinbaseAuth} with
 * {@link CoinbaseKeys}, {@link CoinbaseParams} and {@link CoinbaseOrderParams} (with {@link CoinbaseStops}),
 * {@link CoinbaseViews} and {@link CoinbaseAccountViews}, {@link CoinbaseErrors}, the handlers {@link CoinbaseMarket},
 * {@link CoinbaseOrders}, {@link CoinbaseAccount}, and {@link CoinbaseStreams}.
 */
public final class CoinbaseDialect implements Dialect {
    public static final String VENUE = "coinbase";

    /** The listener's context once routes are registered (null before: errors then use a default mapper). */
    private volatile DialectContext dc;

    @Override
    public String venue() {
        return VENUE;
    }

    @Override
    public void streams(RoutesConfig r, DialectContext context, StreamHub hub) {
        new CoinbaseStreams(context, new CoinbaseAuth(context.engine(), context.clock(), context.json())).register(r, hub);
    }

    @Override
    public void routes(RoutesConfig r, DialectContext context) {
        this.dc = context;
        CoinbaseCalls calls = new CoinbaseCalls(context);
        Set<String> postOnly = ConcurrentHashMap.newKeySet();
        CoinbaseViews views = new CoinbaseViews(context.json(), postOnly);
        CoinbaseRoutes.register(r, calls, new CoinbaseMarket(calls, views), new CoinbaseOrders(calls, views, postOnly),
                new CoinbaseAccount(calls, new CoinbaseAccountViews(context.json())));
    }

    @Override
    public void writeError(Context ctx, VenueErrorKind kind, String message) {
        CoinbaseErrors.write(ctx, json(), kind, message);
    }

    @Override
    public void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        CoinbaseErrors.write(ctx, json(), outcome, dc.clock().now().getEpochSecond());
    }

    private ObjectMapper json() {
        DialectContext context = dc;
        return context == null ? null : context.json();
    }
}
