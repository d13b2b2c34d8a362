package io.nija.sim.dialect.okx;

import io.javalin.http.Context;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.support.Hmac;
import io.nija.sim.dialect.DialectContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * OKX v5 request authentication, verified as OKX does it: the four OK-ACCESS-* headers must be present, the
 * timestamp (ISO-8601 UTC with milliseconds) within 30 seconds of the server clock, the key known, the passphrase
 * the key's, and {@code OK-ACCESS-SIGN == base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath + body))}
 * where requestPath carries the query string as sent and body is the exact bytes of a POST (empty for a GET).
 * Every refusal is HTTP 401 with the 501xx code of the v5 error table.
 */
final class OkxAuth {
    static final Duration MAX_SKEW = Duration.ofSeconds(30);

    private OkxAuth() {
    }

    /** The request's api key once everything checks out; an {@link OkxError} otherwise. */
    static String verify(Context c, DialectContext ctx) {
        String key = c.header("OK-ACCESS-KEY");
        String sign = c.header("OK-ACCESS-SIGN");
        String ts = c.header("OK-ACCESS-TIMESTAMP");
        String passphrase = c.header("OK-ACCESS-PASSPHRASE");
        if (blank(key)) {
            throw unauthorized("50103", "Request header \"OK-ACCESS-KEY\" cannot be empty.");
        }
        if (blank(passphrase)) {
            throw unauthorized("50104", "Request header \"OK-ACCESS-PASSPHRASE\" cannot be empty.");
        }
        if (blank(sign)) {
            throw unauthorized("50106", "Request header \"OK-ACCESS-SIGN\" cannot be empty.");
        }
        if (blank(ts)) {
            throw unauthorized("50107", "Request header \"OK-ACCESS-TIMESTAMP\" cannot be empty.");
        }
        Instant sent;
        try {
            sent = Instant.parse(ts);
        } catch (DateTimeParseException e) {
            throw unauthorized("50112", "Invalid OK-ACCESS-TIMESTAMP");
        }
        Instant now = ctx.clock().now();
        if (Duration.between(sent, now).abs().compareTo(MAX_SKEW) > 0) {
            throw unauthorized("50102", "Timestamp request expired");
        }
        Optional<String> secret = ctx.engine().signingSecret(key);
        if (secret.isEmpty()) {
            throw unauthorized("50111", "Invalid OK-ACCESS-KEY");
        }
        try {
            ctx.engine().authenticate(key, secret.get(), passphrase);
        } catch (VenueException e) {
            throw unauthorized("50105", "Request header \"OK-ACCESS-PASSPHRASE\" incorrect.");
        }
        String expected = Hmac.sha256Base64(secret.get(), prehash(c, ts));
        if (!Hmac.same(expected, sign)) {
            throw unauthorized("50113", "Invalid Sign");
        }
        return key;
    }

    /** timestamp + METHOD + requestPath(?query) + body, from the request as it arrived. */
    static String prehash(Context c, String ts) {
        String method = c.method().name().toUpperCase(Locale.ROOT);
        String query = c.queryString();
        String path = c.req().getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
        String body = "GET".equals(method) || "DELETE".equals(method) ? "" : c.body();
        return ts + method + path + body;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static OkxError unauthorized(String code, String message) {
        return new OkxError(401, code, message);
    }
}
