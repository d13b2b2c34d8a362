package io.nija.sim.dialect.support;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 as the simulated exchanges verify it, written here independently of module venues (a bug shared
 * by the adapter and the simulator would otherwise pass both).
 */
public final class Hmac {
    private Hmac() {
    }

    public static byte[] sha256(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** base64(HMAC-SHA256(UTF-8 key, message)), the OKX form. */
    public static String sha256Base64(String key, String message) {
        return Base64.getEncoder().encodeToString(sha256(key.getBytes(StandardCharsets.UTF_8), message));
    }

    /** lowercase hex(HMAC-SHA256(UTF-8 key, message)), the Bybit and Binance form. */
    public static String sha256Hex(String key, String message) {
        return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8), message));
    }

    /** Constant-time comparison of two texts (null never matches). */
    public static boolean same(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
