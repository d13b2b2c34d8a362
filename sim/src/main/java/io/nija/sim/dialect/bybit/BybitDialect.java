package io.nija.sim.dialect.bybit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.time.Clock;
import io.nija.core.time.SystemClock;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.http.StreamHub;

/**
 * Bybit v5 (category=spot, unified trading account): {@code /v5/...} with X-BAPI-* HMAC-SHA256 signatures, the
 * {@code {retCode,retMsg,result,retExtInfo,time}} envelope, Bybit's retCodes, per-UID per-endpoint limits with
 * the X-Bapi-Limit-* headers and the per-IP limit. Implemented from the v5 docs, independently of module venues.
 *
 * <p>This class only wires the parts (the package's shape is described in docs/simulator.md): {@link BybitRoutes}
 * (route table), {@link BybitCalls} and {@link BybitLimits} (what every call goes through), {@link BybitAuth},
 * {@link BybitParams} and {@link BybitOrderParams}, {@link BybitViews} and {@link BybitAccountViews},
 * {@link BybitErrors}, the handlers {@link BybitMarket}, {@link BybitOrders}, {@link BybitAccount}, and
 * {@link BybitStreams}.
 */
public final class BybitDialect implements Dialect {
    public static final String NAME = "bybit";

    /** The listener's clock once routes are registered (error bodies carry Bybit's "time"). */
    private volatile Clock clock = new SystemClock();

    @Override
    public String venue() {
        return NAME;
    }

    @Override
    public void streams(RoutesConfig routes, DialectContext ctx, StreamHub hub) {
        new BybitStreams(ctx).register(routes, hub);
    }

    @Override
    public void routes(RoutesConfig routes, DialectContext ctx) {
        this.clock = ctx.clock();
        BybitLimits limits = new BybitLimits(ctx.clock());
        BybitCalls calls = new BybitCalls(ctx, limits);
        BybitRoutes.register(routes, calls, limits, new BybitMarket(calls, new BybitViews(ctx.json())),
                new BybitOrders(calls, new BybitViews(ctx.json()), ctx.json()),
                new BybitAccount(calls, new BybitAccountViews(ctx.json())));
    }

    @Override
    public void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        BybitErrors.write(ctx, outcome, clock.epochMillis());
    }

    @Override
    public void writeError(Context ctx, VenueErrorKind kind, String message) {
        BybitErrors.write(ctx, kind, message, clock.epochMillis());
    }
}
