package io.nija.sim.dialect.alpaca;

/**
 * An Alpaca refusal: the HTTP status carries the meaning (401 keys, 403 insufficient balance, 404 unknown order,
 * 422 validation, 429 rate limit) and the body is {@code {"code": <8 digits>, "message": "..."}}.
 */
final class AlpacaError extends RuntimeException {
    final int status;
    final int code;

    AlpacaError(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static AlpacaError unauthorized() {
        return new AlpacaError(401, 40110000, "request is not authorized");
    }

    static AlpacaError invalid(String message) {
        return new AlpacaError(422, 40010001, message);
    }

    static AlpacaError notFound() {
        return new AlpacaError(404, 40410000, "order not found");
    }

    static AlpacaError rateLimited() {
        return new AlpacaError(429, 42910000, "rate limit exceeded");
    }
}
