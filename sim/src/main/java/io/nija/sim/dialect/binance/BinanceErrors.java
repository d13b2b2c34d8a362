package io.nija.sim.dialect.binance;

import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.fault.FaultInjector;

/**
 * Binance's error codes and messages, in one place: the refusals handlers throw, and what the error taxonomy
 * (engine refusals, injected faults) becomes on this venue. Wording and codes as Binance's spot error page has them.
 */
final class BinanceErrors {
    private BinanceErrors() {
    }

    static BinanceError mandatory(String param) {
        return new BinanceError(400, -1102,
                "Mandatory parameter '" + param + "' was not sent, was empty/null, or malformed.");
    }

    static BinanceError illegal(String param, String legalRange) {
        return new BinanceError(400, -1100,
                "Illegal characters found in parameter '" + param + "'; legal range is '" + legalRange + "'.");
    }

    static BinanceError illegalCharacters() {
        return new BinanceError(400, -1100, "Illegal characters found in a parameter.");
    }

    static BinanceError tooMuchPrecision(String param) {
        return new BinanceError(400, -1111, "Parameter '" + param + "' has too much precision.");
    }

    static BinanceError notRequired(String param) {
        return new BinanceError(400, -1106, "Parameter '" + param + "' sent when not required.");
    }

    static BinanceError eitherRequired(String first, String second) {
        return new BinanceError(400, -1102,
                "Param '" + first + "' or '" + second + "' must be sent, but both were empty/null!");
    }

    static BinanceError invalidCombination() {
        return new BinanceError(400, -1128, "Combination of optional parameters invalid.");
    }

    static BinanceError invalidTimeInForce() {
        return new BinanceError(400, -1115, "Invalid timeInForce.");
    }

    static BinanceError invalidOrderType() {
        return new BinanceError(400, -1116, "Invalid orderType.");
    }

    static BinanceError unsupportedOrderCombination() {
        return new BinanceError(400, -1013, "Unsupported order combination");
    }

    static BinanceError filter(String filter) {
        return new BinanceError(400, -1013, "Filter failure: " + filter);
    }

    static BinanceError wouldTriggerImmediately() {
        return new BinanceError(400, -2010, "Stop price would trigger immediately.");
    }

    static BinanceError invalidSymbol() {
        return new BinanceError(400, -1121, "Invalid symbol.");
    }

    static BinanceError noSuchOrder() {
        return new BinanceError(400, -2013, "Order does not exist.");
    }

    static BinanceError unknownOrderOnCancel() {
        return new BinanceError(400, -2011, "Unknown order sent.");
    }

    static BinanceError keyFormat() {
        return new BinanceError(401, -2014, "API-key format invalid.");
    }

    static BinanceError rejectedKey() {
        return new BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action.");
    }

    static BinanceError recvWindowTooLarge() {
        return new BinanceError(400, -1131, "recvWindow must be less than 60000");
    }

    static BinanceError timestampAhead() {
        return new BinanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    }

    static BinanceError timestampOutsideWindow() {
        return new BinanceError(400, -1021, "Timestamp for this request is outside of the recvWindow.");
    }

    static BinanceError badSignature() {
        return new BinanceError(400, -1022, "Signature for this request is not valid.");
    }

    /** 429 -1003: the IP's request weight for this minute is used up; Retry-After is the rest of the minute. */
    static BinanceError weightExceeded(int weightPerMinute, long retryAfterSeconds) {
        return new BinanceError(429, -1003, "Too much request weight used; current limit is "
                + weightPerMinute + " request weight per 1 MINUTE. Please use WebSocket Streams for"
                + " live updates to avoid polling the API.", retryAfterSeconds);
    }

    /** 418 -1003: an IP that kept sending after its 429s is banned until {@code bannedUntil} (epoch ms). */
    static BinanceError banned(long bannedUntil, long retryAfterSeconds) {
        return new BinanceError(418, -1003, "Way too much request weight used; IP banned until " + bannedUntil
                + ". Please use WebSocket Streams for live updates to avoid bans.", retryAfterSeconds);
    }

    /** 429 -1015: the account's new-order count is used up; {@code limit} as "100 orders per 10 SECOND". */
    static BinanceError tooManyOrders(String limit, long retryAfterSeconds) {
        return new BinanceError(429, -1015, "Too many new orders; current limit is " + limit + ".", retryAfterSeconds);
    }

    /** A rate-limit storm: the 429 of a used-up minute, whatever the IP really used. */
    static BinanceError storm(int weightPerMinute, long nowMillis) {
        long retry = Math.max(1, (60_000 - nowMillis % 60_000 + 999) / 1000);
        return weightExceeded(weightPerMinute, retry);
    }

    /** An engine refusal or a taxonomy kind in Binance's words. */
    static BinanceError of(VenueErrorKind kind, String message, int weightPerMinute, long nowMillis) {
        return switch (kind) {
            case INSUFFICIENT_FUNDS -> new BinanceError(400, -2010, "Account has insufficient balance for requested action.");
            case DUPLICATE_ORDER -> new BinanceError(400, -2010, "Duplicate order sent.");
            case BELOW_MIN_NOTIONAL -> filter("NOTIONAL");
            case INVALID_PRICE_OR_QTY -> message != null && message.contains("trigger immediately") ? wouldTriggerImmediately()
                    : filter(message != null && message.contains("PRICE_FILTER") ? "PRICE_FILTER" : "LOT_SIZE");
            case INVALID_SYMBOL -> invalidSymbol();
            case AUTH_FAILED, PERMISSION_DENIED -> rejectedKey();
            case ORDER_NOT_FOUND -> noSuchOrder();
            case RATE_LIMITED -> storm(weightPerMinute, nowMillis);
            case VENUE_UNAVAILABLE -> new BinanceError(503, -1008,
                    "Server is currently overloaded with other requests. Please try again in a few minutes.");
            case UNKNOWN -> new BinanceError(500, -1000, "An unknown error occurred while processing the request.");
        };
    }

    /**
     * An injected fault. Maintenance: 503 with -1008 SERVER_BUSY (a refusal: nothing was done). A server error: 500
     * with -1001 (Binance: a 5xx means the execution status is unknown). A storm: 429, -1003, Retry-After.
     */
    static BinanceError fault(FaultInjector.Outcome outcome, int weightPerMinute, long nowMillis) {
        return switch (outcome) {
            case MAINTENANCE -> of(VenueErrorKind.VENUE_UNAVAILABLE, "maintenance", weightPerMinute, nowMillis);
            case RATE_LIMITED -> storm(weightPerMinute, nowMillis);
            default -> new BinanceError(500, -1001, "Internal error; unable to process your request. Please try again.");
        };
    }
}
