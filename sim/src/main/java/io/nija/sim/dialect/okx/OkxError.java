package io.nija.sim.dialect.okx;

/**
 * An OKX refusal: the HTTP status, OKX's string code and its message, exactly as the v5 error table gives them
 * (50xxx for the API layer, 51xxx for trading). The catalogue of refusals is {@link OkxErrors}.
 */
final class OkxError extends RuntimeException {
    final int status;
    final String code;

    OkxError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
