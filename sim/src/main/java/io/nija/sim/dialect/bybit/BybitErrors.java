package io.nija.sim.dialect.bybit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.fault.FaultInjector;
import java.util.Locale;

/**
 * Bybit v5's retCodes and retMsgs, in one place: the refusals handlers throw, what the error taxonomy (engine
 * refusals, injected faults) becomes on this venue, and the {@code {retCode,retMsg,result,retExtInfo,time}} envelope
 * every answer is written in. Most refusals are HTTP 200 with a non-zero retCode; a bad key is 401.
 */
final class BybitErrors {
    private BybitErrors() {
    }

    /** Spot's "Data sent for paramter '%s' is not valid." (the typo is Bybit's). */
    static BybitError param(String name) {
        return new BybitError(170130, "Data sent for paramter '" + name + "' is not valid.");
    }

    static BybitError paramsError(String detail) {
        return new BybitError(10001, "params error: " + detail);
    }

    static BybitError illegalCategory() {
        return new BybitError(10001, "Illegal category");
    }

    static BybitError invalidSymbol() {
        return new BybitError(170121, "Invalid symbol.");
    }

    /** The market endpoints' wording for a symbol the venue does not list. */
    static BybitError invalidRequestedSymbol() {
        return new BybitError(10001, "The requested symbol is invalid.");
    }

    static BybitError accountTypeOnlyUnified() {
        return new BybitError(10001, "accountType only support UNIFIED.");
    }

    static BybitError tooManyVisits() {
        return new BybitError(10006, "Too many visits!");
    }

    static BybitError invalidKey() {
        return new BybitError(401, 10003, "API key is invalid.");
    }

    static BybitError badSign(String origin) {
        return new BybitError(10004, "error sign! origin_string[" + origin + "]");
    }

    static BybitError timestamp(String sent, long now, String window) {
        return new BybitError(10002, "invalid request, please check your server timestamp or recv_window param. "
                + "req_timestamp[" + sent + "],server_timestamp[" + now + "],recv_window[" + window + "]");
    }

    static BybitError orderNotFound() {
        return new BybitError(170213, "Order does not exist.");
    }

    static BybitError quantityDecimals() {
        return new BybitError(170137, "Order quantity has too many decimals.");
    }

    static BybitError priceDecimals() {
        return new BybitError(170134, "Order price has too many decimals.");
    }

    static BybitError quantityBelowMinimum() {
        return new BybitError(170136, "Order quantity lower than the minimum.");
    }

    static BybitError valueBelowMinimum() {
        return new BybitError(170140, "Order value exceeded lower limit.");
    }

    static BybitError triggerAtCurrentPrice() {
        return new BybitError(170310, "Order trigger price must not be equal to the current price.");
    }

    static BybitError maintenance() {
        return new BybitError(503, 10016, "System is under maintenance, please try again later.");
    }

    static BybitError serverError() {
        return new BybitError(500, 10016, "Internal server error.");
    }

    /** An engine refusal in Bybit's words. */
    static BybitError of(VenueErrorKind kind) {
        return switch (kind) {
            case INVALID_SYMBOL -> invalidSymbol();
            case AUTH_FAILED -> invalidKey();
            case PERMISSION_DENIED -> new BybitError(10005, "Permission denied, please check your API key permissions.");
            case ORDER_NOT_FOUND -> orderNotFound();
            case RATE_LIMITED -> tooManyVisits();
            case INSUFFICIENT_FUNDS -> new BybitError(170131, "Insufficient balance.");
            case DUPLICATE_ORDER -> new BybitError(170141, "Duplicate clientOrderId.");
            case BELOW_MIN_NOTIONAL -> valueBelowMinimum();
            case INVALID_PRICE_OR_QTY -> quantityDecimals();
            case VENUE_UNAVAILABLE -> new BybitError(503, 10016, "Service unavailable, please try again later.");
            case UNKNOWN -> serverError();
        };
    }

    /**
     * A taxonomy kind written by the server (faults, refusals reaching the HTTP layer): as {@link #of}, except that
     * VENUE_UNAVAILABLE is maintenance (503) or a server error (500) by its message, and RATE_LIMITED carries the
     * X-Bapi-Limit headers of a used-up endpoint.
     */
    static void write(Context c, VenueErrorKind kind, String message, long nowMillis) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        BybitError e = switch (kind) {
            case VENUE_UNAVAILABLE -> m.contains("maintenance") ? maintenance() : serverError();
            case RATE_LIMITED -> {
                c.header("X-Bapi-Limit-Status", "0");
                c.header("X-Bapi-Limit", "20");
                c.header("X-Bapi-Limit-Reset-Timestamp", Long.toString(nowMillis + 1000));
                yield tooManyVisits();
            }
            default -> of(kind);
        };
        write(c, e, nowMillis);
    }

    /** Maintenance HTTP 503 / a server fault HTTP 500 (retCode 10016), a storm retCode 10006 with the limit headers. */
    static void write(Context c, FaultInjector.Outcome outcome, long nowMillis) {
        switch (outcome) {
            case MAINTENANCE -> write(c, maintenance(), nowMillis);
            case RATE_LIMITED -> write(c, VenueErrorKind.RATE_LIMITED, "storm", nowMillis);
            default -> write(c, serverError(), nowMillis);
        }
    }

    /** A refusal in the v5 envelope, with an empty result. */
    static void write(Context c, BybitError e, long nowMillis) {
        write(c, e.status, e.code, e.getMessage(), JsonNodeFactory.instance.objectNode(), nowMillis);
    }

    /** The v5 envelope: {@code {retCode, retMsg, result, retExtInfo: {}, time}}. */
    static void write(Context c, int status, int code, String msg, ObjectNode result, long nowMillis) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("retCode", code);
        n.put("retMsg", msg);
        n.set("result", result);
        n.putObject("retExtInfo");
        n.put("time", nowMillis);
        c.status(status).contentType("application/json").result(n.toString());
    }
}
