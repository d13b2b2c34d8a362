package io.nija.sim.dialect.bybit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.http.Dialect;
import io.nija.sim.http.DialectContext;
import java.util.Locale;

/**
 * Bybit v5 (category=spot, unified trading account): {@code /v5/...} with X-BAPI-* HMAC-SHA256 signatures, the
 * {@code {retCode,retMsg,result,retExtInfo,time}} envelope, Bybit's retCodes, per-UID per-endpoint limits with
 * the X-Bapi-Limit-* headers and the per-IP limit. Implemented from the v5 docs, independently of module venues.
 */
public final class BybitDialect implements Dialect {
    public static final String NAME = "bybit";

    /** The listener's clock once routes are registered (error bodies carry Bybit's "time"). */
    private volatile io.nija.core.time.Clock clock = new io.nija.core.time.SystemClock();

    @Override
    public String venue() {
        return NAME;
    }

    @Override
    public void streams(RoutesConfig routes, DialectContext ctx, io.nija.sim.http.StreamHub hub) {
        new BybitStreams(ctx).register(routes, hub);
    }

    @Override
    public void routes(RoutesConfig routes, DialectContext ctx) {
        this.clock = ctx.clock();
        new BybitApi(ctx).routes(routes);
    }

    /** Maintenance HTTP 503 / a server fault HTTP 500 (retCode 10016), a storm retCode 10006 with the limit headers. */
    @Override
    public void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        switch (outcome) {
            case MAINTENANCE -> write(ctx, new BybitError(503, 10016, "System is under maintenance, please try again later."));
            case RATE_LIMITED -> writeError(ctx, VenueErrorKind.RATE_LIMITED, "storm");
            default -> write(ctx, new BybitError(500, 10016, "Internal server error."));
        }
    }

    @Override
    public void writeError(Context ctx, VenueErrorKind kind, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        BybitError e = switch (kind) {
            case VENUE_UNAVAILABLE -> m.contains("maintenance")
                    ? new BybitError(503, 10016, "System is under maintenance, please try again later.")
                    : new BybitError(500, 10016, "Internal server error.");
            case RATE_LIMITED -> {
                long now = clock.epochMillis();
                ctx.header("X-Bapi-Limit-Status", "0");
                ctx.header("X-Bapi-Limit", "20");
                ctx.header("X-Bapi-Limit-Reset-Timestamp", Long.toString(now + 1000));
                yield BybitError.tooManyVisits();
            }
            default -> BybitApi.general(new io.nija.core.venue.VenueException(kind, message));
        };
        write(ctx, e);
    }

    private void write(Context ctx, BybitError e) {
        String body = "{\"retCode\":" + e.code + ",\"retMsg\":\"" + e.getMessage().replace("\"", "\\\"")
                + "\",\"result\":{},\"retExtInfo\":{},\"time\":" + clock.epochMillis() + "}";
        ctx.status(e.status).contentType("application/json").result(body);
    }
}
