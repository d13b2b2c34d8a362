package io.nija.sim.dialect.alpaca;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;

/**
 * Alpaca crypto: the trading API v2 ({@code /v2/...}, APCA-API-KEY-ID / APCA-API-SECRET-KEY headers) and the
 * crypto market-data order books ({@code /v1beta3/crypto/us/latest/orderbooks}) on one listener, with Alpaca's
 * status-coded {@code {code,message}} errors and its 200-per-minute key limit. Implemented from Alpaca's docs,
 * independently of module venues.
 */
public final class AlpacaDialect implements Dialect {
    public static final String NAME = "alpaca";

    @Override
    public String venue() {
        return NAME;
    }

    @Override
    public void routes(RoutesConfig routes, DialectContext ctx) {
        new AlpacaApi(ctx).routes(routes);
    }

    @Override
    public void streams(RoutesConfig routes, DialectContext ctx, io.nija.sim.http.StreamHub hub) {
        new AlpacaStreams(ctx).register(routes, hub);
        new AlpacaBookStream(ctx).register(routes, hub);
    }

    /** Maintenance HTTP 503, a server fault HTTP 500, a storm HTTP 429, each with Alpaca's {code,message}. */
    @Override
    public void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        switch (outcome) {
            case MAINTENANCE -> AlpacaApi.write(ctx, new AlpacaError(503, 50310000, "service unavailable"));
            case RATE_LIMITED -> AlpacaApi.write(ctx, AlpacaError.rateLimited());
            default -> AlpacaApi.write(ctx, new AlpacaError(500, 50010000, "internal server error occurred"));
        }
    }

    @Override
    public void writeError(Context ctx, VenueErrorKind kind, String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        AlpacaError e = kind == VenueErrorKind.VENUE_UNAVAILABLE && !m.contains("maintenance")
                ? new AlpacaError(500, 50010000, "internal server error occurred")
                : AlpacaApi.general(new VenueException(kind, message));
        AlpacaApi.write(ctx, e);
    }
}
