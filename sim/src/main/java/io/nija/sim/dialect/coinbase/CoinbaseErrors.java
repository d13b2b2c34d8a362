package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.fault.FaultInjector;

/**
 * Coinbase's refusals in its own words: one factory per refusal, the mapping from the error taxonomy and fault
 * outcomes, and the writers of the error body, the bare 401 and every JSON answer.
 */
final class CoinbaseErrors {
    static final String NOT_FOUND_ORDER = "order with this orderID was not found";

    private CoinbaseErrors() {
    }

    static CoinbaseError invalidArgument(String message) {
        return new CoinbaseError(400, "INVALID_ARGUMENT", message);
    }

    static CoinbaseError invalidProductId() {
        return invalidArgument("valid product_id is required");
    }

    static CoinbaseError notFound(String message) {
        return new CoinbaseError(404, "NOT_FOUND", message);
    }

    static CoinbaseError orderNotFound() {
        return notFound(NOT_FOUND_ORDER);
    }

    /** A taxonomy error (engine refusals, the server's checks) as Coinbase answers it. */
    static void write(Context ctx, ObjectMapper json, VenueErrorKind kind, String message) {
        String m = message == null || message.isBlank() ? kind.wire() : message;
        switch (kind) {
            case RATE_LIMITED -> tooManyRequests(ctx, json);
            case AUTH_FAILED -> unauthorized(ctx);
            // A valid key without the scope the call needs: 401, as Coinbase answers a read-only key's order.
            case PERMISSION_DENIED -> error(ctx, json, 401, "PERMISSION_DENIED", "Missing required scopes");
            case VENUE_UNAVAILABLE -> error(ctx, json, 503, "UNAVAILABLE", m);
            case UNKNOWN -> error(ctx, json, 500, "INTERNAL", m);
            case ORDER_NOT_FOUND -> error(ctx, json, 404, "NOT_FOUND", NOT_FOUND_ORDER);
            case INVALID_SYMBOL -> error(ctx, json, 400, "INVALID_ARGUMENT", "valid product_id is required");
            case INSUFFICIENT_FUNDS -> error(ctx, json, 400, "INSUFFICIENT_FUND", "Insufficient balance in source account");
            default -> error(ctx, json, 400, "INVALID_ARGUMENT", m);
        }
    }

    /** Maintenance: 503 Service Unavailable; a server error: 500; a storm: 429, as Coinbase answers them. */
    static void write(Context ctx, ObjectMapper json, FaultInjector.Outcome outcome, long nowEpochSecond) {
        switch (outcome) {
            case MAINTENANCE -> error(ctx, json, 503, "UNAVAILABLE", "Coinbase is down for scheduled maintenance");
            case RATE_LIMITED -> {
                ctx.header("x-ratelimit-limit", String.valueOf(CoinbaseCalls.PRIVATE_PER_SECOND));
                ctx.header("x-ratelimit-remaining", "0");
                ctx.header("x-ratelimit-reset", String.valueOf(nowEpochSecond + 1));
                tooManyRequests(ctx, json);
            }
            default -> error(ctx, json, 500, "INTERNAL", "Internal server error");
        }
    }

    static void write(Context ctx, ObjectMapper json, CoinbaseError e) {
        error(ctx, json, e.status, e.code, e.getMessage());
    }

    static void tooManyRequests(Context ctx, ObjectMapper json) {
        error(ctx, json, 429, "rate_limit_exceeded", "Too many requests");
    }

    static void error(Context c, ObjectMapper json, int status, String code, String message) {
        ObjectNode body = (json == null ? new ObjectMapper() : json).createObjectNode();
        body.put("error", code);
        body.put("error_details", message);
        body.put("message", message);
        write(c, json, status, body);
    }

    /** What Coinbase answers a missing, expired or badly signed JWT with. */
    static void unauthorized(Context c) {
        c.status(401);
        c.contentType("text/plain; charset=utf-8");
        c.result("Unauthorized\n");
    }

    static void write(Context c, ObjectMapper json, int status, ObjectNode body) {
        try {
            c.status(status);
            c.contentType("application/json; charset=utf-8");
            c.result((json == null ? new ObjectMapper() : json).writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Coinbase response", e);
        }
    }
}
