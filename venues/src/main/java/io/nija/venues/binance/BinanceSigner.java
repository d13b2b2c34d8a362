package io.nija.venues.binance;

import io.nija.venues.common.Hashing;
import io.nija.venues.common.QueryString;

/**
 * Binance SIGNED endpoints: {@code signature = hex(HMAC-SHA256(secretKey, totalParams))} where totalParams is the
 * query string concatenated with the request body, with no separator. This adapter sends every parameter in the
 * query string (as ccxt does), so the payload is the query string alone.
 */
public final class BinanceSigner {
    private BinanceSigner() {
    }

    /** The documented algorithm: lowercase hex HMAC-SHA256 of the UTF-8 payload. */
    public static String sign(String secretKey, String payload) {
        return Hashing.hmacSha256Hex(secretKey, payload);
    }

    /** Payload for a request that carries parameters in both places: query string then body, joined with nothing. */
    public static String payload(String queryString, String body) {
        return (queryString == null ? "" : queryString) + (body == null ? "" : body);
    }

    /**
     * Appends recvWindow and timestamp, signs, and returns the full query string ending in {@code &signature=}.
     * recvWindow bounds how late the request may arrive; Binance re-checks it before the matching engine.
     */
    public static String signedQuery(QueryString params, String secretKey, long recvWindowMillis, long timestampMillis) {
        params.add("recvWindow", recvWindowMillis).add("timestamp", timestampMillis);
        String query = params.encode();
        return query + "&signature=" + sign(secretKey, query);
    }
}
