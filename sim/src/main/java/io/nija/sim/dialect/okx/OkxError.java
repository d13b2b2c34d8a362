package io.nija.sim.dialect.okx;

/**
 * An OKX refusal: the HTTP status, OKX's string code and its message, exactly as the v5 error table gives them
 * (50xxx for the API layer, 51xxx for trading).
 */
final class OkxError extends RuntimeException {
    final int status;
    final String code;

    OkxError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static OkxError empty(String param) {
        return new OkxError(400, "50014", "Parameter " + param + " can not be empty");
    }

    static OkxError param(String param) {
        return new OkxError(400, "51000", "Parameter " + param + " error");
    }

    static OkxError noInstrument() {
        return new OkxError(200, "51001", "Instrument ID does not exist");
    }

    static OkxError rateLimited() {
        return new OkxError(429, "50011",
                "Rate limit reached. Please refer to API documentation and throttle requests accordingly");
    }
}
