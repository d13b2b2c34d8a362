package io.nija.sim.dialect.kraken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.fault.FaultInjector;

/**
 * Kraken's refusals: its error strings, the mapping from the error taxonomy and fault outcomes to Kraken's strings and statuses, and the
 * {@code {"error":[...]}} body they are written in.
 */
final class KrakenErrors {
    static final String INVALID_KEY = "EAPI:Invalid key";
    static final String INVALID_SIGNATURE = "EAPI:Invalid signature";
    static final String INVALID_NONCE = "EAPI:Invalid nonce";
    static final String RATE_LIMIT = "EAPI:Rate limit exceeded";
    static final String ORDER_RATE_LIMIT = "EOrder:Rate limit exceeded";
    static final String ORDERS_LIMIT = "EOrder:Orders limit exceeded";
    static final String INSUFFICIENT_FUNDS = "EOrder:Insufficient funds";
    static final String ORDER_MINIMUM = "EOrder:Order minimum not met";
    static final String COST_MINIMUM = "EOrder:Cost minimum not met";
    static final String UNKNOWN_ORDER = "EOrder:Unknown order";
    static final String INVALID_ORDER = "EOrder:Invalid order";
    static final String POST_ONLY = "EOrder:Post only order";
    /** The exact string for a cl_ord_id that is still open is not published by Kraken; this one is the simulator's. */
    static final String DUPLICATE_ORDER = "EOrder:Duplicate order";
    static final String UNKNOWN_PAIR = "EQuery:Unknown asset pair";
    static final String UNKNOWN_ASSET = "EQuery:Unknown asset";
    static final String INVALID_ARGUMENTS = "EGeneral:Invalid arguments";
    static final String UNKNOWN_METHOD = "EGeneral:Unknown method";
    static final String INTERNAL = "EGeneral:Internal error";
    static final String UNAVAILABLE = "EService:Unavailable";

    private static final ObjectMapper FALLBACK = new ObjectMapper();

    private KrakenErrors() {
    }

    /** {@code EGeneral:Invalid arguments:<field>}. */
    static KrakenError invalidArgument(String field) {
        return new KrakenError(INVALID_ARGUMENTS + ":" + field);
    }

    /** Kraken's words for an engine refusal. */
    static String of(VenueException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return switch (e.kind()) {
            case INSUFFICIENT_FUNDS -> KrakenErrors.INSUFFICIENT_FUNDS;
            case BELOW_MIN_NOTIONAL -> KrakenErrors.COST_MINIMUM;
            case INVALID_SYMBOL -> KrakenErrors.UNKNOWN_PAIR;
            case INVALID_PRICE_OR_QTY -> m.contains("below the minimum") ? KrakenErrors.ORDER_MINIMUM
                    : m.contains("PRICE") || m.contains("price") ? "EOrder:Invalid price"
                    : KrakenErrors.INVALID_ARGUMENTS + ":volume";
            case AUTH_FAILED -> KrakenErrors.INVALID_KEY;
            case PERMISSION_DENIED -> "EGeneral:Permission denied";
            case DUPLICATE_ORDER -> KrakenErrors.DUPLICATE_ORDER;
            case ORDER_NOT_FOUND -> KrakenErrors.UNKNOWN_ORDER;
            case RATE_LIMITED -> KrakenErrors.RATE_LIMIT;
            case VENUE_UNAVAILABLE -> KrakenErrors.UNAVAILABLE;
            case UNKNOWN -> KrakenErrors.INTERNAL;
        };
    }

    /** The server's taxonomy error: Kraken's API layer answers refusals with HTTP 200 and the error array. */
    static KrakenError of(VenueErrorKind kind, String message) {
        return switch (kind) {
            case RATE_LIMITED -> new KrakenError(200, KrakenErrors.RATE_LIMIT);
            case VENUE_UNAVAILABLE -> new KrakenError(200, KrakenErrors.UNAVAILABLE);
            case UNKNOWN -> new KrakenError(500, KrakenErrors.INTERNAL);
            default -> new KrakenError(200, of(new VenueException(kind, message == null ? "" : message)));
        };
    }

    /**
     * Maintenance: the API is up and says {@code EService:Unavailable} (HTTP 200). A server error: HTTP 503 with the
     * same string, as when the service behind the API is down. A storm: {@code EAPI:Rate limit exceeded}.
     */
    static KrakenError fault(FaultInjector.Outcome outcome) {
        return switch (outcome) {
            case MAINTENANCE -> new KrakenError(200, KrakenErrors.UNAVAILABLE);
            case RATE_LIMITED -> new KrakenError(200, KrakenErrors.RATE_LIMIT);
            default -> new KrakenError(503, KrakenErrors.UNAVAILABLE);
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
