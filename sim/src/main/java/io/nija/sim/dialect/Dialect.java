package io.nija.sim.dialect;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.http.StreamHub;

/**
 * One exchange's REST dialect on top of the shared matching engine: its paths, its request signing
 * (verified with the real algorithm, implemented here independently of module venues), its JSON shapes,
 * its error bodies and status codes, and its rate-limit headers.
 *
 * <p>Implementations live in one package per exchange below this one, laid out as docs/simulator.md describes, and
 * are registered in {@link Dialects}.
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

    /**
     * Answers an injected fault (MAINTENANCE, SERVER_ERROR or RATE_LIMITED; never PROCEED or CONNECTION_RESET, which
     * the server handles). The default maps maintenance and server errors to VENUE_UNAVAILABLE and a storm to
     * RATE_LIMITED through {@link #writeError}; override where the exchange answers maintenance differently from a
     * server error.
     */
    default void writeFault(Context ctx, FaultInjector.Outcome outcome) {
        switch (outcome) {
            case MAINTENANCE -> writeError(ctx, VenueErrorKind.VENUE_UNAVAILABLE, venue() + " is under maintenance");
            case RATE_LIMITED -> writeError(ctx, VenueErrorKind.RATE_LIMITED, "Too many requests");
            default -> writeError(ctx, VenueErrorKind.VENUE_UNAVAILABLE, "Internal server error");
        }
    }

    /**
     * Registers the exchange's websocket streams (private order and fill events; REST routes they need, such as
     * Binance's listen keys) on the venue's listener. Venues without simulated streams keep the default: none.
     */
    default void streams(RoutesConfig routes, DialectContext ctx, StreamHub hub) {
    }
}
