package io.nija.sim.dialect.alpaca;

import io.javalin.http.Context;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.fault.FaultInjector;

/**
 * Alpaca's refusals: one factory per refusal with Alpaca's wording, the mapping from the error taxonomy and the
 * fault outcomes, and the {@code {code,message}} body writer.
 */
final class AlpacaErrors {
    private AlpacaErrors() {
    }

    static AlpacaError unauthorized() {
        return new AlpacaError(401, 40110000, "request is not authorized");
    }

    static AlpacaError invalid(String message) {
        return new AlpacaError(422, 40010001, message);
    }

    static AlpacaError notFound() {
        return new AlpacaError(404, 40410000, "order not found");
    }

    static AlpacaError rateLimited() {
        return new AlpacaError(429, 42910000, "rate limit exceeded");
    }

    static AlpacaError unavailable() {
        return new AlpacaError(503, 50310000, "service unavailable");
    }

    static AlpacaError internal() {
        return new AlpacaError(500, 50010000, "internal server error occurred");
    }

    /** The market data call's answer to a location other than "us". */
    static AlpacaError locationNotFound() {
        return new AlpacaError(404, 40410000, "not found");
    }

    static AlpacaError symbolsRequired() {
        return new AlpacaError(400, 40010001, "symbols is required");
    }

    /** Alpaca refuses an order below its cost floor with 403 / 40310000 (the code it also uses for balance). */
    static AlpacaError belowMinimal(Instrument ins) {
        return new AlpacaError(403, 40310000, "cost basis must be >= minimal amount of order "
                + Decimals.plain(ins.minNotional()));
    }

    static AlpacaError insufficientBalance(String asset) {
        return new AlpacaError(403, 40310000, "insufficient balance for " + asset);
    }

    /** A cancel of an order that is no longer open. */
    static AlpacaError alreadyInState(String status) {
        return new AlpacaError(422, 42210000, "order is already in \"" + status + "\" state");
    }

    /** An engine refusal in Alpaca's words. */
    static AlpacaError of(VenueException e) {
        return switch (e.kind()) {
            case AUTH_FAILED -> unauthorized();
            case PERMISSION_DENIED -> new AlpacaError(403, 40310000, "request is not authorized");
            case INSUFFICIENT_FUNDS -> new AlpacaError(403, 40310000, "insufficient balance");
            case INVALID_SYMBOL -> invalid("asset not found");
            case BELOW_MIN_NOTIONAL -> new AlpacaError(403, 40310000, "cost basis must be >= minimal amount of order");
            case INVALID_PRICE_OR_QTY -> invalid("invalid qty or price");
            case DUPLICATE_ORDER -> invalid("client_order_id must be unique");
            case ORDER_NOT_FOUND -> notFound();
            case RATE_LIMITED -> rateLimited();
            case VENUE_UNAVAILABLE -> unavailable();
            case UNKNOWN -> internal();
        };
    }

    /** Maintenance HTTP 503, a server fault HTTP 500, a storm HTTP 429, each with Alpaca's {code,message}. */
    static void write(Context c, FaultInjector.Outcome outcome) {
        switch (outcome) {
            case MAINTENANCE -> write(c, unavailable());
            case RATE_LIMITED -> write(c, rateLimited());
            default -> write(c, internal());
        }
    }

    /** A taxonomy error; an outage that is not maintenance is Alpaca's 500. */
    static void write(Context c, VenueErrorKind kind, String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        AlpacaError e = kind == VenueErrorKind.VENUE_UNAVAILABLE && !m.contains("maintenance")
                ? internal()
                : of(new VenueException(kind, message));
        write(c, e);
    }

    static void write(Context c, AlpacaError e) {
        String body = "{\"code\":" + e.code + ",\"message\":\"" + e.getMessage().replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}";
        c.status(e.status).contentType("application/json").result(body);
    }
}
