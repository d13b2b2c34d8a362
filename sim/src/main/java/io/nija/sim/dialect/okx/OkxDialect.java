package io.nija.sim.dialect.okx;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import java.util.Locale;

/**
 * OKX v5 (spot, cash trade mode): {@code /api/v5/...} with OK-ACCESS-* HMAC-SHA256 signatures, the
 * {@code {code,msg,data:[]}} envelope with per-order sCode/sMsg, OKX's error codes and its 2-second per-endpoint
 * rate limits. Implemented from the v5 reference, independently of the adapter in module venues.
 */
public final class OkxDialect implements Dialect {
    public static final String NAME = "okx";

    @Override
    public String venue() {
        return NAME;
    }

    @Override
    public void routes(RoutesConfig routes, DialectContext ctx) {
        new OkxApi(ctx).routes(routes);
    }

    @Override
    public void streams(RoutesConfig routes, DialectContext ctx, io.nija.sim.http.StreamHub hub) {
        new OkxStreams(ctx).register(routes, hub);
    }

    /** Maintenance is 50001 (HTTP 503), a server fault 50026 (HTTP 500), a storm 50011 (HTTP 429). */
    @Override
    public void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        switch (outcome) {
            case MAINTENANCE -> write(ctx, new OkxError(503, "50001", "Service temporarily unavailable. Please try again later"));
            case RATE_LIMITED -> write(ctx, OkxError.rateLimited());
            default -> write(ctx, new OkxError(500, "50026", "System error. Try again later"));
        }
    }

    /**
     * OKX's own answers: 50001 "Service temporarily unavailable" (HTTP 503) for maintenance, 50026 "System error"
     * (HTTP 500) for a server fault, 50011 (HTTP 429) for a rate limit, and the v5 codes for the rest.
     */
    @Override
    public void writeError(Context ctx, VenueErrorKind kind, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        OkxError e = switch (kind) {
            case VENUE_UNAVAILABLE -> m.contains("maintenance") || m.contains("unavailable")
                    ? new OkxError(503, "50001", "Service temporarily unavailable. Please try again later")
                    : new OkxError(500, "50026", "System error. Try again later");
            case RATE_LIMITED -> OkxError.rateLimited();
            case AUTH_FAILED -> new OkxError(401, "50113", "Invalid Sign");
            case PERMISSION_DENIED -> new OkxError(401, "50120", "This API key doesn't have permission to use this function");
            case INSUFFICIENT_FUNDS -> new OkxError(200, "51008", "Order failed. Insufficient balance in account.");
            case INVALID_SYMBOL -> OkxError.noInstrument();
            case BELOW_MIN_NOTIONAL -> new OkxError(200, "51020",
                    "Order amount should be greater than the min available amount.");
            case INVALID_PRICE_OR_QTY -> OkxError.param("sz");
            case DUPLICATE_ORDER -> new OkxError(200, "51016", "Duplicated clOrdId");
            case ORDER_NOT_FOUND -> new OkxError(200, "51603", "Order does not exist");
            case UNKNOWN -> new OkxError(500, "50026", "System error. Try again later");
        };
        write(ctx, e);
    }

    private static void write(Context ctx, OkxError e) {
        String body = "{\"code\":\"" + e.code + "\",\"msg\":\"" + e.getMessage().replace("\"", "\\\"") + "\",\"data\":[]}";
        ctx.status(e.status).contentType("application/json").result(body);
    }
}
