package io.nija.sim.dialect.binance;

/**
 * A refusal in Binance's words: HTTP status, {@code {"code": -1121, "msg": "Invalid symbol."}} and, for 429/418,
 * a Retry-After in seconds. Thrown by handlers, written by {@link BinanceDialect}.
 */
final class BinanceError extends RuntimeException {
    final int status;
    final int code;
    final long retryAfterSeconds;

    BinanceError(int status, int code, String msg) {
        this(status, code, msg, -1);
    }

    BinanceError(int status, int code, String msg, long retryAfterSeconds) {
        super(msg, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static BinanceError mandatory(String param) {
        return new BinanceError(400, -1102,
                "Mandatory parameter '" + param + "' was not sent, was empty/null, or malformed.");
    }

    static BinanceError illegal(String param, String legalRange) {
        return new BinanceError(400, -1100,
                "Illegal characters found in parameter '" + param + "'; legal range is '" + legalRange + "'.");
    }

    static BinanceError filter(String filter) {
        return new BinanceError(400, -1013, "Filter failure: " + filter);
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

    static BinanceError rejectedKey() {
        return new BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action.");
    }
}
