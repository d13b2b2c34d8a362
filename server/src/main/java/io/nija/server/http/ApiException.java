package io.nija.server.http;

/**
 * An error the API answers with {@code {error:{code,message}}} and the given HTTP status. Messages are shown
 * to the caller and may be logged: they must never carry a secret (credential, passphrase, token, webhook
 * secret) or an echo of a request body.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    private ApiException(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds for a Retry-After header; 0 when there is none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException rateLimited(long retryAfterSeconds) {
        return new ApiException(429, "rate_limited", "too many requests for this token; retry after "
                + retryAfterSeconds + " s", retryAfterSeconds);
    }

    /** The user's trades-per-second budget is spent: nothing was stored, the same signal may be sent again. */
    public static ApiException tradeRateExceeded(String message, java.time.Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiException(429, "trade_rate_exceeded", message + "; retry after " + seconds + " s", seconds);
    }
}
