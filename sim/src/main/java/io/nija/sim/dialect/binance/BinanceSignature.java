package io.nija.sim.dialect.binance;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binance's HMAC-SHA256 request signature, on the server side: the payload ("totalParams") is the query string
 * as sent followed directly by the request body as sent (no separator), with the {@code signature} parameter itself
 * taken out; the signature is the hex HMAC-SHA256 of it with the secret key, compared case-insensitively.
 */
final class BinanceSignature {
    private static final HexFormat HEX = HexFormat.of();

    private BinanceSignature() {
    }

    /** Lowercase hex HMAC-SHA256(secret, payload), both UTF-8. */
    static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time, case-insensitive comparison of a received hex signature with the expected one. */
    static boolean matches(String secret, String payload, String received) {
        if (received == null) {
            return false;
        }
        byte[] expected = sign(secret, payload).getBytes(StandardCharsets.US_ASCII);
        byte[] given = received.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /**
     * What was signed: the raw query string and the raw body, concatenated, each without its {@code signature=}
     * parameter (it is normally the last one of whichever part carries it).
     */
    static String payload(String rawQuery, String rawBody) {
        return withoutSignature(rawQuery == null ? "" : rawQuery) + withoutSignature(rawBody == null ? "" : rawBody);
    }

    static String withoutSignature(String part) {
        if (part.isEmpty()) {
            return part;
        }
        StringBuilder out = new StringBuilder(part.length());
        for (String segment : part.split("&", -1)) {
            if (segment.equals("signature") || segment.startsWith("signature=")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(segment);
        }
        return out.toString();
    }
}
