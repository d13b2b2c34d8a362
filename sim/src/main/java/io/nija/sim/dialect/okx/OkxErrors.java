package io.nija.sim.dialect.okx;

import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.fault.FaultInjector;
import java.util.Locale;

/**
 * OKX's refusals in its own words: one factory per refusal, the mapping from the error taxonomy and fault outcomes,
 * and the error body written outside a call ({@code {code,msg,data:[]}}).
 */
final class OkxErrors {
    private OkxErrors() {
    }

    static OkxError empty(String param) {
        return new OkxError(400, "50014", "Parameter " + param + " can not be empty");
    }

    static OkxError param(String param) {
        return new OkxError(400, "51000", "Parameter " + param + " error");
    }

    static OkxError noInstrument() {
        return new OkxError(200, "51001", "Instrument ID does not exist");
    }

    static OkxError rateLimited() {
        return new OkxError(429, "50011",
                "Rate limit reached. Please refer to API documentation and throttle requests accordingly");
    }

    static OkxError jsonFormat() {
        return new OkxError(400, "50002", "Json data format error");
    }

    static OkxError batchTooLarge() {
        return new OkxError(400, "51000", "Parameter batch orders error: at most 20 orders");
    }

    static OkxError unavailable() {
        return new OkxError(503, "50001", "Service temporarily unavailable. Please try again later");
    }

    static OkxError systemError() {
        return new OkxError(500, "50026", "System error. Try again later");
    }

    static OkxError noPermission() {
        return new OkxError(401, "50120", "This API key doesn't have permission to use this function");
    }

    static OkxError orderNotFound() {
        return new OkxError(200, "51603", "Order does not exist");
    }

    static OkxError duplicateClOrdId() {
        return new OkxError(200, "51016", "Duplicated clOrdId");
    }

    static OkxError belowMinAmount() {
        return new OkxError(200, "51020", "Order amount should be greater than the min available amount.");
    }

    static OkxError notMultipleOfLot() {
        return new OkxError(200, "51121", "Order quantity must be a multiple of the lot size.");
    }

    static OkxError accountMode() {
        return new OkxError(200, "51010", "You can't complete this request under your current account mode.");
    }

    static OkxError insufficient(String ccy) {
        return new OkxError(200, "51008", "Order failed. Insufficient " + ccy + " balance in account.");
    }

    static OkxError cancelNotFound() {
        return new OkxError(200, "51400", "Cancellation failed as the order does not exist.");
    }

    static OkxError cancelCanceled() {
        return new OkxError(200, "51401", "Cancellation failed as the order is already canceled.");
    }

    static OkxError cancelCompleted() {
        return new OkxError(200, "51402", "Cancellation failed as the order is already completed.");
    }

    /** An engine refusal outside an order operation. */
    static OkxError topLevel(VenueException e) {
        return switch (e.kind()) {
            case INVALID_SYMBOL -> noInstrument();
            case AUTH_FAILED -> new OkxError(401, "50111", "Invalid OK-ACCESS-KEY");
            case PERMISSION_DENIED -> noPermission();
            case ORDER_NOT_FOUND -> orderNotFound();
            case RATE_LIMITED -> rateLimited();
            case VENUE_UNAVAILABLE -> unavailable();
            default -> systemError();
        };
    }

    /** Maintenance is 50001 (HTTP 503), a server fault 50026 (HTTP 500), a storm 50011 (HTTP 429). */
    static OkxError of(FaultInjector.Outcome outcome) {
        return switch (outcome) {
            case MAINTENANCE -> unavailable();
            case RATE_LIMITED -> rateLimited();
            default -> systemError();
        };
    }

    /**
     * A taxonomy error in OKX's words: 50001 "Service temporarily unavailable" (HTTP 503) for maintenance, 50026
     * "System error" (HTTP 500) for a server fault, 50011 (HTTP 429) for a rate limit, and the v5 codes for the rest.
     */
    static OkxError of(VenueErrorKind kind, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case VENUE_UNAVAILABLE -> m.contains("maintenance") || m.contains("unavailable")
                    ? unavailable() : systemError();
            case RATE_LIMITED -> rateLimited();
            case AUTH_FAILED -> new OkxError(401, "50113", "Invalid Sign");
            case PERMISSION_DENIED -> noPermission();
            case INSUFFICIENT_FUNDS -> new OkxError(200, "51008", "Order failed. Insufficient balance in account.");
            case INVALID_SYMBOL -> noInstrument();
            case BELOW_MIN_NOTIONAL -> belowMinAmount();
            case INVALID_PRICE_OR_QTY -> param("sz");
            case DUPLICATE_ORDER -> duplicateClOrdId();
            case ORDER_NOT_FOUND -> orderNotFound();
            case UNKNOWN -> systemError();
        };
    }

    /** The error body for answers written outside a call (faults, taxonomy errors). */
    static void write(Context ctx, OkxError e) {
        String body = "{\"code\":\"" + e.code + "\",\"msg\":\"" + e.getMessage().replace("\"", "\\\"") + "\",\"data\":[]}";
        ctx.status(e.status).contentType("application/json").result(body);
    }
}
