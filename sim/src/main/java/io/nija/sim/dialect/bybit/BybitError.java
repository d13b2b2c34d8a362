package io.nija.sim.dialect.bybit;

/**
 * A Bybit v5 refusal: the HTTP status (200 for most), retCode and retMsg as the v5 error page words them. Thrown by
 * handlers, made by {@link BybitErrors}, written in the v5 envelope by {@link BybitErrors#write}.
 */
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
}
