package io.nija.sim.dialect.okx;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.http.StreamHub;

/**
 * OKX v5 (spot, cash trade mode): {@code /api/v5/...} with OK-ACCESS-* HMAC-SHA256 signatures, the
 * {@code {code,msg,data:[]}} envelope with per-order sCode/sMsg, OKX's error codes and its 2-second per-endpoint
 * rate limits. Implemented from the v5 reference, independently of the adapter in module venues.
 *
 * <p>This class only wires the parts (the package's shape is described in docs/simulator.md): {@link OkxRoutes}
 * (route table), {@link OkxCalls} and {@link OkxLimits} (what every call goes through), {@link OkxAuth},
 * {@link OkxParams} and {@link OkxOrderParams}, {@link OkxViews} and {@link OkxAccountViews}, {@link OkxErrors},
 * the handlers {@link OkxMarket}, {@link OkxOrders}, {@link OkxAccount}, and {@link OkxStreams}.
 */
public final class OkxDialect implements Dialect {
    public static final String NAME = "okx";

    @Override
    public String venue() {
        return NAME;
    }

    @Override
    public void routes(RoutesConfig routes, DialectContext ctx) {
        OkxLimits limits = new OkxLimits(ctx.clock());
        OkxCalls calls = new OkxCalls(ctx);
        OkxViews views = new OkxViews(ctx.json());
        OkxRoutes.register(routes, calls, limits, new OkxMarket(calls, views),
                new OkxOrders(calls, limits, new OkxOrderParams(calls), views),
                new OkxAccount(calls, limits, views, new OkxAccountViews(ctx.json())));
    }

    @Override
    public void streams(RoutesConfig routes, DialectContext ctx, StreamHub hub) {
        new OkxStreams(ctx).register(routes, hub);
    }

    @Override
    public void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        OkxErrors.write(ctx, OkxErrors.of(outcome));
    }

    @Override
    public void writeError(Context ctx, VenueErrorKind kind, String message) {
        OkxErrors.write(ctx, OkxErrors.of(kind, message));
    }
}
