package io.nija.sim.dialect.binance;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One request's parameters, read from the query string and from an {@code application/x-www-form-urlencoded} body;
 * a parameter in both is taken from the query string, as Binance does. Typed reads refuse a bad value with Binance's
 * code for it (-1100 illegal characters, -1102 mandatory, -1111 too much precision).
 */
final class BinanceParams {
    /** Binance accepts decimals with at most 8 places (more is -1111). */
    static final int SCALE = 8;
    private static final Pattern DECIMAL = Pattern.compile("^([0-9]{1,20})(\\.[0-9]{1,20})?$");
    private static final String DECIMAL_RANGE = "^([0-9]{1,20})(\\.[0-9]{1,20})?$";

    private final Map<String, String> values = new LinkedHashMap<>();

    private BinanceParams() {
    }

    static BinanceParams of(Context c) {
        BinanceParams p = new BinanceParams();
        if (isForm(c)) {
            parseInto(c.body(), p.values);
        }
        parseInto(c.queryString(), p.values);
        return p;
    }

    /** Binance reads (and signs) the body only when it is form-encoded or carries no content type. */
    static boolean isForm(Context c) {
        String contentType = c.contentType();
        return contentType == null || contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The value, or null when absent or empty. */
    String get(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    String required(String name) {
        String v = get(name);
        if (v == null) {
            throw BinanceErrors.mandatory(name);
        }
        return v;
    }

    BigDecimal decimal(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        if (!DECIMAL.matcher(v).matches()) {
            throw BinanceErrors.illegal(name, DECIMAL_RANGE);
        }
        BigDecimal d = new BigDecimal(v);
        if (d.stripTrailingZeros().scale() > SCALE) {
            throw BinanceErrors.tooMuchPrecision(name);
        }
        return d;
    }

    Long integer(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw BinanceErrors.illegal(name, "^[0-9]{1,20}$");
        }
    }

    /** {@code limit} within 1..max, {@code dflt} when absent (Binance clamps rather than refuses). */
    int limit(int dflt, int max) {
        Long requested = integer("limit");
        return requested == null ? dflt : (int) Math.max(1, Math.min(max, requested));
    }

    private static void parseInto(String raw, Map<String, String> out) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.put(k, v);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw BinanceErrors.illegalCharacters();
        }
    }
}
