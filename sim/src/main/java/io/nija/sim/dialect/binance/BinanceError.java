package io.nija.sim.dialect.binance;

/**
 * A refusal in Binance's words: HTTP status, {@code {"code": -1121, "msg": "Invalid symbol."}} and, for 429/418,
 * a Retry-After in seconds. Thrown by handlers, made by {@link BinanceErrors}, written by {@link BinanceCalls}.
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
}
