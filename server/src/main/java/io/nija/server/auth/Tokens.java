package io.nija.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens: 32 random bytes, shown once, stored only as their SHA-256. Looking a token up by its hash
 * means the secret itself is never compared byte by byte; the admin token is compared with
 * {@link MessageDigest#isEqual}, which takes constant time.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "nja_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** The raw SHA-256 of a token; compare two with {@link MessageDigest#isEqual} (constant time). */
    public static byte[] digest(String token) {
        return sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean sameToken(String presented, String expected) {
        if (presented == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented.getBytes(StandardCharsets.UTF_8)),
                sha256(expected.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Compares two stored hashes (hex SHA-256, as {@link #hash} makes them) in time that does not depend on
     * where they differ. Used for webhook secrets, whose hash is looked up by strategy, not by the secret.
     */
    public static boolean sameHash(String presentedHash, String storedHash) {
        if (presentedHash == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(presentedHash.getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
