package io.nija.venues.common;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of request parameters. Order matters: Binance and Bybit sign the exact string that is sent, and
 * Kraken signs the exact form body, so the string built here is the one signed and the one sent.
 */
public final class QueryString {
    private final List<Map.Entry<String, String>> params = new ArrayList<>();

    public static QueryString of() {
        return new QueryString();
    }

    /** Adds a parameter; a null value is skipped so optional fields can be added unconditionally. */
    public QueryString add(String name, Object value) {
        if (value != null) {
            params.add(Map.entry(name, value.toString()));
        }
        return this;
    }

    public boolean isEmpty() {
        return params.isEmpty();
    }

    /** {@code a=1&b=2}, values percent-encoded as application/x-www-form-urlencoded (so non-ASCII is encoded). */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> p : params) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(encodeComponent(p.getKey())).append('=').append(encodeComponent(p.getValue()));
        }
        return sb.toString();
    }

    /** Percent-encoding with %20 for space, which every exchange here accepts in queries and form bodies alike. */
    public static String encodeComponent(String s) {
        if (isUnreserved(s)) {
            return s; // what URLEncoder leaves as it is: the usual symbol, side, number or id, without a copy
        }
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Only characters URLEncoder never changes: letters, digits and {@code . - * _}. */
    private static boolean isUnreserved(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean same = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '*' || c == '_';
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return encode();
    }
}
