package io.nija.venues.okx;

import io.nija.venues.common.Hashing;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * OKX v5: {@code OK-ACCESS-SIGN = base64(HMAC-SHA256(secretKey, timestamp + METHOD + requestPath + body))}. The
 * timestamp is ISO-8601 UTC with milliseconds and must equal the OK-ACCESS-TIMESTAMP header; requestPath includes
 * the query string for GET; body is the exact JSON sent, or empty.
 */
public final class OkxSigner {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private OkxSigner() {
    }

    public static String timestamp(Instant now) {
        return ISO_MILLIS.format(now);
    }

    public static String prehash(String timestamp, String method, String requestPath, String body) {
        return timestamp + method.toUpperCase(java.util.Locale.ROOT) + requestPath + (body == null ? "" : body);
    }

    public static String sign(String secretKey, String timestamp, String method, String requestPath, String body) {
        return Hashing.hmacSha256Base64(secretKey, prehash(timestamp, method, requestPath, body));
    }
}
