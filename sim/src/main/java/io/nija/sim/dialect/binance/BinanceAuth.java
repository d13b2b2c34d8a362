package io.nija.sim.dialect.binance;

import io.javalin.http.Context;
import io.nija.sim.account.Credentials;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Binance's checks on a signed (TRADE / USER_DATA) call, in Binance's order: the X-MBX-APIKEY header's format and
 * account, the timestamp (ms or µs) against the receive window (default 5000 ms, at most 60000) and 1 s of clock
 * lead, then the HMAC-SHA256 signature over query string and form body ({@link BinanceSignature}).
 */
final class BinanceAuth {
    static final String API_KEY_HEADER = "X-MBX-APIKEY";
    private static final Pattern KEY_FORMAT = Pattern.compile("^[A-Za-z0-9_\\-/+=.]{1,256}$");
    private static final long DEFAULT_RECV_WINDOW = 5000;
    private static final long MAX_RECV_WINDOW = 60_000;

    private final BinanceCalls calls;

    BinanceAuth(BinanceCalls calls) {
        this.calls = calls;
    }

    /** Checks the key, the receive window and the signature; returns the account's api key. */
    String authenticate(Context c, BinanceParams p) {
        String key = c.header(API_KEY_HEADER);
        if (key == null || key.isBlank() || !KEY_FORMAT.matcher(key).matches()) {
            throw BinanceErrors.keyFormat();
        }
        Credentials credentials = calls.engine().credentials(key).orElseThrow(BinanceErrors::rejectedKey);
        Long timestamp = p.integer("timestamp");
        if (timestamp == null) {
            throw BinanceErrors.mandatory("timestamp");
        }
        long tsMillis = timestamp > 100_000_000_000_000L ? timestamp / 1000 : timestamp; // µs or ms
        long recvWindow = recvWindow(p);
        long serverTime = calls.now();
        if (tsMillis >= serverTime + 1000) {
            throw BinanceErrors.timestampAhead();
        }
        if (serverTime - tsMillis > recvWindow) {
            throw BinanceErrors.timestampOutsideWindow();
        }
        String signature = p.get("signature");
        if (signature == null) {
            throw BinanceErrors.mandatory("signature");
        }
        String body = BinanceParams.isForm(c) ? c.body() : "";
        if (!BinanceSignature.matches(credentials.apiSecret(), BinanceSignature.payload(c.queryString(), body),
                signature)) {
            throw BinanceErrors.badSignature();
        }
        return key;
    }

    /** recvWindow in whole ms (rounded up; up to three decimals are allowed), 5000 when absent. */
    private static long recvWindow(BinanceParams p) {
        String rw = p.get("recvWindow");
        if (rw == null) {
            return DEFAULT_RECV_WINDOW;
        }
        BigDecimal w;
        try {
            w = new BigDecimal(rw);
        } catch (NumberFormatException e) {
            throw BinanceErrors.illegal("recvWindow", "^[0-9]{1,5}(\\.[0-9]{1,3})?$");
        }
        if (w.signum() <= 0 || w.compareTo(BigDecimal.valueOf(MAX_RECV_WINDOW)) > 0 || w.scale() > 3) {
            throw BinanceErrors.recvWindowTooLarge();
        }
        return w.setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
