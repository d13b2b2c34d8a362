package io.nija.sim.dialect.alpaca;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;

/**
 * Alpaca crypto: the trading API v2 ({@code /v2/...}, APCA-API-KEY-ID / APCA-API-SECRET-KEY headers) and the
 * crypto market-data order books ({@code /v1beta3/crypto/us/latest/orderbooks}) on one listener, with Alpaca's
 * status-coded {@code {code,message}} errors and its 200-per-minute key limit. Implemented from Alpaca's docs,
 * independently of module venues.
 *
 * <p>This class only wires the parts (the package's shape is described in docs/simulator.md): {@link AlpacaRoutes}
 * (route table), {@link AlpacaCalls} and {@link AlpacaLimits} (what every call goes through), {@link AlpacaAuth},
 * {@link AlpacaParams} and {@link AlpacaOrderParams} (with {@link AlpacaStops}), {@link AlpacaViews},
 * {@link AlpacaErrors}, the handlers {@link AlpacaMarket}, {@link AlpacaOrders}, {@link AlpacaAccount}, and the
 * streams {@link AlpacaStreams} (trade updates) and {@link AlpacaBookStream} (order books).
 */
public final class AlpacaDialect implements Dialect {
    public static final String NAME = "alpaca";

    @Override
    public String venue() {
        return NAME;
    }

    @Override
    public void routes(RoutesConfig routes, DialectContext ctx) {
        AlpacaCalls calls = new AlpacaCalls(ctx, new AlpacaLimits(ctx.clock()));
        AlpacaViews views = new AlpacaViews(ctx.json());
        AlpacaRoutes.register(routes, calls, new AlpacaMarket(calls, views), new AlpacaOrders(calls, views),
                new AlpacaAccount(calls, views));
    }

    @Override
    public void streams(RoutesConfig routes, DialectContext ctx, io.nija.sim.http.StreamHub hub) {
        new AlpacaStreams(ctx).register(routes, hub);
        new AlpacaBookStream(ctx).register(routes, hub);
    }

    /** Maintenance HTTP 503, a server fault HTTP 500, a storm HTTP 429, each with Alpaca's {code,message}. */
    @Override
    public void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        AlpacaErrors.write(ctx, outcome);
    }

    @Override
    public void writeError(Context ctx, VenueErrorKind kind, String message) {
        AlpacaErrors.write(ctx, kind, message);
    }
}
