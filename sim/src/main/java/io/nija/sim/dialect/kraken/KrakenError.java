package io.nija.sim.dialect.kraken;

/**
 * A request Kraken refuses, in Kraken's words ("EOrder:Insufficient funds"). Kraken answers these with HTTP 200 and
 * the string in the {@code error} array; {@code status} differs only for what never reaches Kraken's API layer.
 */
final class KrakenError extends RuntimeException {
    static final String INVALID_KEY = "EAPI:Invalid key";
    static final String INVALID_SIGNATURE = "EAPI:Invalid signature";
    static final String INVALID_NONCE = "EAPI:Invalid nonce";
    static final String RATE_LIMIT = "EAPI:Rate limit exceeded";
    static final String ORDER_RATE_LIMIT = "EOrder:Rate limit exceeded";
    static final String ORDERS_LIMIT = "EOrder:Orders limit exceeded";
    static final String INSUFFICIENT_FUNDS = "EOrder:Insufficient funds";
    static final String ORDER_MINIMUM = "EOrder:Order minimum not met";
    static final String COST_MINIMUM = "EOrder:Cost minimum not met";
    static final String UNKNOWN_ORDER = "EOrder:Unknown order";
    static final String INVALID_ORDER = "EOrder:Invalid order";
    static final String POST_ONLY = "EOrder:Post only order";
    /** The exact string for a cl_ord_id that is still open is not published by Kraken; this one is the simulator's. */
    static final String DUPLICATE_ORDER = "EOrder:Duplicate order";
    static final String UNKNOWN_PAIR = "EQuery:Unknown asset pair";
    static final String UNKNOWN_ASSET = "EQuery:Unknown asset";
    static final String INVALID_ARGUMENTS = "EGeneral:Invalid arguments";
    static final String UNKNOWN_METHOD = "EGeneral:Unknown method";
    static final String INTERNAL = "EGeneral:Internal error";
    static final String UNAVAILABLE = "EService:Unavailable";

    private final int status;

    KrakenError(String error) {
        this(200, error);
    }

    KrakenError(int status, String error) {
        super(error);
        this.status = status;
    }

    static KrakenError invalidArgument(String field) {
        return new KrakenError(INVALID_ARGUMENTS + ":" + field);
    }

    int status() {
        return status;
    }
}
