package io.nija.sim.dialect.kraken;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.http.StreamHub;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kraken Spot REST (https://api.kraken.com/0) on top of the simulator's matching engine.
 *
 * <ul>
 *   <li>Public: {@code GET|POST /0/public/Time, SystemStatus, Assets, AssetPairs, Depth, Ticker}.</li>
 *   <li>Private ({@code POST /0/private/...}, form-encoded, JSON also accepted): Balance, BalanceEx, TradeVolume,
 *       AddOrder (cl_ord_id or userref; market, limit; GTC or IOC; post-only; validate), CancelOrder (by txid,
 *       userref or cl_ord_id), CancelAll, OpenOrders, ClosedOrders, QueryOrders, TradesHistory, QueryTrades.</li>
 *   <li>Authentication as documented: {@code API-Key} names the account, {@code API-Sign} is verified with the
 *       real algorithm ({@link KrakenSignature}), the {@code nonce} must grow per key.</li>
 *   <li>Errors in Kraken's words inside {@code {"error":[...]}} with HTTP 200; unknown methods 404.</li>
 *   <li>Limits as Kraken counts them, per API key ({@link KrakenLimits}); the simulated accounts are of the
 *       Intermediate verification tier unless the dialect is built with another.</li>
 * </ul>
 *
 * <p>This class only wires the parts (the package's shape is described in docs/simulator.md): {@link KrakenRoutes}
 * (method table and REST costs), {@link KrakenCalls} (the order every call goes through), {@link KrakenAuth},
 * {@link KrakenParams} and {@link KrakenOrderParams} (request parameters), {@link KrakenViews} and
 * {@link KrakenOrderViews} (answer shapes), {@link KrakenError} and {@link KrakenErrors} (Kraken's words), the
 * handlers {@link KrakenMarket}, {@link KrakenOrders}, {@link KrakenAccount}, and {@link KrakenStreams}.
 */
public final class KrakenDialect implements Dialect {
    public static final String VENUE = "kraken";

    private final KrakenLimits.Tier tier;
    /** Websocket tokens (GetWebSocketsToken) and the keys they were issued to; see {@link KrakenStreams}. */
    private final Map<String, String> wsTokens = new ConcurrentHashMap<>();
    private volatile KrakenCalls calls;
    private volatile KrakenMarket market;

    /** A Kraken dialect whose accounts are of the Intermediate tier. */
    public KrakenDialect() {
        this(KrakenLimits.Tier.INTERMEDIATE);
    }

    KrakenDialect(KrakenLimits.Tier tier) {
        this.tier = tier;
    }

    @Override
    public String venue() {
        return VENUE;
    }

    @Override
    public void routes(RoutesConfig routes, DialectContext context) {
        KrakenNames names = new KrakenNames(context.engine());
        KrakenLimits limits = new KrakenLimits(tier, context.clock());
        KrakenParams params = new KrakenParams(context.json(), names);
        KrakenViews views = new KrakenViews(context.json());
        KrakenMarket wiredMarket = new KrakenMarket(context, names, params, views);
        KrakenOrders orders = new KrakenOrders(context, names, limits, params,
                new KrakenOrderParams(context.engine(), limits), new KrakenOrderViews(context.json(), names));
        KrakenAccount account = new KrakenAccount(context, params, views, wsTokens);
        KrakenCalls wired = new KrakenCalls(context.json(), params, new KrakenAuth(context.engine()), limits);
        new KrakenRoutes(wiredMarket, orders, account).register(routes, wired);
        this.market = wiredMarket;
        this.calls = wired;
    }

    @Override
    public void streams(RoutesConfig routes, DialectContext context, StreamHub hub) {
        new KrakenStreams(context, wsTokens).register(routes, hub);
    }

    @Override
    public void writeError(Context ctx, VenueErrorKind kind, String message) {
        fail(ctx, KrakenErrors.of(kind, message));
    }

    @Override
    public void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        if (outcome == FaultInjector.Outcome.MAINTENANCE && ctx.path().endsWith("/0/public/SystemStatus")) {
            // The one endpoint that answers during maintenance, with what it is for.
            calls.ok(ctx, market.systemStatus("maintenance"));
            return;
        }
        fail(ctx, KrakenErrors.fault(outcome));
    }

    /** Before the routes are registered there is no context's mapper yet; the errors then use a plain one. */
    private void fail(Context ctx, KrakenError e) {
        KrakenCalls wired = calls;
        if (wired == null) {
            KrakenErrors.write(ctx, null, e.status(), e.getMessage());
        } else {
            wired.fail(ctx, e);
        }
    }
}
