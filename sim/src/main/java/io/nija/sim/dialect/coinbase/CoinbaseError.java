package io.nija.sim.dialect.coinbase;

/**
 * A Coinbase refusal answered with its own HTTP status and the {@code {error, error_details, message}} body. Thrown
 * by handlers, made by {@link CoinbaseErrors}, written by {@link CoinbaseCalls}. (A refused order is not one of these:
 * Coinbase answers it 200 with {@code success:false}, see {@link CoinbaseOrderParams.Refused}.)
 */
final class CoinbaseError extends RuntimeException {
    final int status;
    final String code;

    CoinbaseError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
