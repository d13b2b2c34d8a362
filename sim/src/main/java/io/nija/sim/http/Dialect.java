package io.nija.sim.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;

/**
 * One exchange's REST dialect on top of the shared matching engine: its paths, its request signing
 * (verified with the real algorithm, implemented here independently of module venues), its JSON shapes,
 * its error bodies and status codes, and its rate-limit headers.
 *
 * <p>Implementations live in one package per exchange under {@code io.nija.sim.dialect}.
 */
public interface Dialect {
    /** The venue this dialect speaks for (binance, kraken, coinbase, alpaca, okx, bybit). */
    String venue();

    /** Registers every exchange route on the venue's listener. Admin routes (/__sim/) are added by the server. */
    void routes(RoutesConfig routes, DialectContext ctx);

    /**
     * Writes an error the way this exchange does (status code, headers, body) for one of the taxonomy's kinds:
     * used for injected faults (VENUE_UNAVAILABLE for maintenance and 5xx, RATE_LIMITED for a storm) and for
     * engine refusals that reach the HTTP layer.
     */
    void writeError(Context ctx, VenueErrorKind kind, String message);
}
