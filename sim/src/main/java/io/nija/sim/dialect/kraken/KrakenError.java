package io.nija.sim.dialect.kraken;

/**
 * A request Kraken refuses, in Kraken's words ("EOrder:Insufficient funds"; the catalogue is {@link KrakenErrors}).
 * Kraken answers these with HTTP 200 and the string in the {@code error} array; {@code status} differs only for what
 * never reaches Kraken's API layer.
 */
final class KrakenError extends RuntimeException {
    private final int status;

    KrakenError(String error) {
        this(200, error);
    }

    KrakenError(int status, String error) {
        super(error);
        this.status = status;
    }

    int status() {
        return status;
    }
}
