package io.nija.sim.dialect.alpaca;

/**
 * An Alpaca refusal: the HTTP status carries the meaning (401 keys, 403 insufficient balance, 404 unknown order,
 * 422 validation, 429 rate limit) and the body is {@code {"code": <8 digits>, "message": "..."}}. The refusals
 * themselves, in Alpaca's words, are {@link AlpacaErrors}'.
 */
final class AlpacaError extends RuntimeException {
    final int status;
    final int code;

    AlpacaError(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
