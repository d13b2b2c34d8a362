package io.nija.sim.dialect.bybit;

/** A Bybit v5 refusal: the HTTP status (200 for most), retCode and retMsg as the v5 error page words them. */
final class BybitError extends RuntimeException {
    final int status;
    final int code;

    BybitError(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    BybitError(int code, String message) {
        this(200, code, message);
    }

    /** Spot's "Data sent for paramter '%s' is not valid." (the typo is Bybit's). */
    static BybitError param(String name) {
        return new BybitError(170130, "Data sent for paramter '" + name + "' is not valid.");
    }

    static BybitError paramsError(String detail) {
        return new BybitError(10001, "params error: " + detail);
    }

    static BybitError invalidSymbol() {
        return new BybitError(170121, "Invalid symbol.");
    }

    static BybitError tooManyVisits() {
        return new BybitError(10006, "Too many visits!");
    }
}
