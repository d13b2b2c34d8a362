package io.nija.venues.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The few digests the exchanges sign with. Nothing is shared between threads (HMAC-SHA256 keeps one Mac per thread). */
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
        return HexFormat.of().formatHex(hmacSha256(secret, message));
    }

    /**
     * Each thread's HMAC-SHA256 and the secret it was last keyed with. Looking the algorithm up and keying it cost
     * more than signing a request, and a thread mostly signs for the same key again (one user's lane, one venue
     * executor), so the keyed Mac is reused; doFinal leaves it ready for the same key. Only the calling thread ever
     * touches its own Mac, so nothing is shared between threads.
     */
    private static final ThreadLocal<KeyedMac> SHA256 = ThreadLocal.withInitial(() -> new KeyedMac("HmacSHA256"));

    private static byte[] hmacSha256(String secret, String message) {
        return SHA256.get().sign(secret, utf8(message));
    }

    private static final class KeyedMac {
        private final Mac mac;
        private String secret;

        KeyedMac(String algorithm) {
            try {
                this.mac = Mac.getInstance(algorithm);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JDK has " + algorithm, e);
            }
        }

        byte[] sign(String key, byte[] message) {
            if (!key.equals(secret)) {
                try {
                    mac.init(new SecretKeySpec(utf8(key), mac.getAlgorithm()));
                } catch (GeneralSecurityException e) {
                    secret = null;
                    throw new IllegalStateException("an HMAC key is any bytes", e);
                }
                secret = key;
            }
            return mac.doFinal(message);
        }
    }

    /** Base64 of HMAC-SHA256 over UTF-8 text (OKX). */
    public static String hmacSha256Base64(String secret, String message) {
        return Base64.getEncoder().encodeToString(hmacSha256(secret, message));
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
