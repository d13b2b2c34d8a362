package io.nija.venues.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The few digests the exchanges sign with. Each call builds its own Mac, so nothing is shared between threads. */
public final class Hashing {
    private Hashing() {
    }

    public static byte[] hmac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }

    /** Lowercase hex of HMAC-SHA256 over UTF-8 text (Binance, Bybit). */
    public static String hmacSha256Hex(String secret, String message) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", utf8(secret), utf8(message)));
    }

    /** Base64 of HMAC-SHA256 over UTF-8 text (OKX). */
    public static String hmacSha256Base64(String secret, String message) {
        return Base64.getEncoder().encodeToString(hmac("HmacSHA256", utf8(secret), utf8(message)));
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A short, stable, non-reversible name for an API key, used as the key of per-key rate-limit buckets and nonce
     * counters so the key itself is never kept in maps that might end up in a dump or a log line.
     */
    public static String fingerprint(String apiKey) {
        return HexFormat.of().formatHex(sha256(utf8(apiKey)), 0, 8);
    }
}
