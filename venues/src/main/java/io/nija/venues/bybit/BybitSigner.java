package io.nija.venues.bybit;

import io.nija.venues.common.Hashing;

/**
 * Bybit v5 HMAC keys: {@code X-BAPI-SIGN = hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload))},
 * where payload is the query string of a GET or the exact JSON body of a POST.
 */
public final class BybitSigner {
    private BybitSigner() {
    }

    public static String stringToSign(String timestamp, String apiKey, String recvWindow, String payload) {
        return timestamp + apiKey + recvWindow + (payload == null ? "" : payload);
    }

    public static String sign(String secret, String timestamp, String apiKey, String recvWindow, String payload) {
        return Hashing.hmacSha256Hex(secret, stringToSign(timestamp, apiKey, recvWindow, payload));
    }
}
