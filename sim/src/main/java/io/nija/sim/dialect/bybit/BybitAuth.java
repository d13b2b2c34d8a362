package io.nija.sim.dialect.bybit;

import io.javalin.http.Context;
import io.nija.sim.dialect.support.Hmac;
import io.nija.sim.dialect.DialectContext;
import java.util.Optional;

/**
 * Bybit v5 HMAC authentication as Bybit verifies it: X-BAPI-API-KEY, X-BAPI-TIMESTAMP (ms), X-BAPI-RECV-WINDOW
 * (default 5000) and {@code X-BAPI-SIGN == hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload))},
 * where payload is the query string of a GET exactly as sent, or the exact JSON body of a POST. The timestamp must
 * satisfy {@code server_time - recv_window <= timestamp < server_time + 1000}.
 */
final class BybitAuth {
    static final long DEFAULT_RECV_WINDOW = 5000;

    private BybitAuth() {
    }

    static String verify(Context c, DialectContext ctx) {
        String key = c.header("X-BAPI-API-KEY");
        String sign = c.header("X-BAPI-SIGN");
        String ts = c.header("X-BAPI-TIMESTAMP");
        String window = c.header("X-BAPI-RECV-WINDOW");
        if (key == null || key.isBlank()) {
            throw BybitErrors.invalidKey();
        }
        long now = ctx.clock().epochMillis();
        long recvWindow = DEFAULT_RECV_WINDOW;
        long sent;
        try {
            sent = Long.parseLong(ts == null ? "" : ts.trim());
            if (window != null && !window.isBlank()) {
                recvWindow = Long.parseLong(window.trim());
            }
        } catch (NumberFormatException e) {
            throw timestampError(ts == null ? "" : ts, now, window == null ? "" : window);
        }
        if (!(now - recvWindow <= sent && sent < now + 1000)) {
            throw timestampError(Long.toString(sent), now, Long.toString(recvWindow));
        }
        Optional<String> secret = ctx.engine().signingSecret(key);
        if (secret.isEmpty()) {
            throw BybitErrors.invalidKey();
        }
        String origin = ts.trim() + key + (window == null ? "" : window.trim()) + payload(c);
        if (!Hmac.same(Hmac.sha256Hex(secret.get(), origin), sign == null ? null : sign.toLowerCase(java.util.Locale.ROOT))) {
            throw BybitErrors.badSign(origin);
        }
        return key;
    }

    /** The query string of a GET as sent, or the body of a POST. */
    static String payload(Context c) {
        if ("GET".equals(c.method().name())) {
            String q = c.queryString();
            return q == null ? "" : q;
        }
        return c.body();
    }

    private static BybitError timestampError(String sent, long now, String window) {
        return BybitErrors.timestamp(sent, now, window);
    }
}
