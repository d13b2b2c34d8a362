package io.nija.sim.dialect.kraken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.fault.FaultInjector;

/**
 * Kraken's refusals: the mapping from the error taxonomy and fault outcomes to Kraken's strings and statuses, and the
 * {@code {"error":[...]}} body they are written in. The strings themselves are constants of {@link KrakenError}.
 */
final class KrakenErrors {
    private static final ObjectMapper FALLBACK = new ObjectMapper();

    private KrakenErrors() {
    }

    /** Kraken's words for an engine refusal. */
    static String of(VenueException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return switch (e.kind()) {
            case INSUFFICIENT_FUNDS -> KrakenError.INSUFFICIENT_FUNDS;
            case BELOW_MIN_NOTIONAL -> KrakenError.COST_MINIMUM;
            case INVALID_SYMBOL -> KrakenError.UNKNOWN_PAIR;
            case INVALID_PRICE_OR_QTY -> m.contains("below the minimum") ? KrakenError.ORDER_MINIMUM
                    : m.contains("PRICE") || m.contains("price") ? "EOrder:Invalid price"
                    : KrakenError.INVALID_ARGUMENTS + ":volume";
            case AUTH_FAILED -> KrakenError.INVALID_KEY;
            case PERMISSION_DENIED -> "EGeneral:Permission denied";
            case DUPLICATE_ORDER -> KrakenError.DUPLICATE_ORDER;
            case ORDER_NOT_FOUND -> KrakenError.UNKNOWN_ORDER;
            case RATE_LIMITED -> KrakenError.RATE_LIMIT;
            case VENUE_UNAVAILABLE -> KrakenError.UNAVAILABLE;
            case UNKNOWN -> KrakenError.INTERNAL;
        };
    }

    /** The server's taxonomy error: Kraken's API layer answers refusals with HTTP 200 and the error array. */
    static KrakenError of(VenueErrorKind kind, String message) {
        return switch (kind) {
            case RATE_LIMITED -> new KrakenError(200, KrakenError.RATE_LIMIT);
            case VENUE_UNAVAILABLE -> new KrakenError(200, KrakenError.UNAVAILABLE);
            case UNKNOWN -> new KrakenError(500, KrakenError.INTERNAL);
            default -> new KrakenError(200, of(new VenueException(kind, message == null ? "" : message)));
        };
    }

    /**
     * Maintenance: the API is up and says {@code EService:Unavailable} (HTTP 200). A server error: HTTP 503 with the
     * same string, as when the service behind the API is down. A storm: {@code EAPI:Rate limit exceeded}.
     */
    static KrakenError fault(FaultInjector.Outcome outcome) {
        return switch (outcome) {
            case MAINTENANCE -> new KrakenError(200, KrakenError.UNAVAILABLE);
            case RATE_LIMITED -> new KrakenError(200, KrakenError.RATE_LIMIT);
            default -> new KrakenError(503, KrakenError.UNAVAILABLE);
        };
    }

    /** Writes {@code {"error":["<error>"]}}; {@code json} may be null when the routes are not registered yet. */
    static void write(Context c, ObjectMapper json, int status, String error) {
        ObjectNode root = (json == null ? FALLBACK : json).createObjectNode();
        root.putArray("error").add(error);
        writeBody(c, json, status, root);
    }

    static void writeBody(Context c, ObjectMapper json, int status, ObjectNode body) {
        try {
            c.status(status);
            c.contentType("application/json; charset=utf-8");
            c.result((json == null ? FALLBACK : json).writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Kraken response", e);
        }
    }
}
