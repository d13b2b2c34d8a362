package io.nija.sim.dialect.kraken;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kraken's private-endpoint signature, as documented (spot-rest-auth): {@code API-Sign =
 * base64(HMAC-SHA512(key = base64decode(secret), message = uriPath || SHA256(nonce || postData)))}, where the inner
 * SHA-256 is the raw 32-byte digest appended to the UTF-8 bytes of the path, and postData is the exact request body.
 *
 * <p>The simulator's own implementation, independent of module venues: the documented vector is a test of it.
 */
final class KrakenSignature {
    private KrakenSignature() {
    }

    /** The API-Sign value for a request; IllegalArgumentException if the secret is not base64. */
    static String sign(String secretBase64, String uriPath, String nonce, String postData) {
        byte[] key = Base64.getDecoder().decode(secretBase64.trim());
        try {
            byte[] inner = MessageDigest.getInstance("SHA-256").digest((nonce + postData).getBytes(StandardCharsets.UTF_8));
            byte[] path = uriPath.getBytes(StandardCharsets.UTF_8);
            byte[] message = new byte[path.length + inner.length];
            System.arraycopy(path, 0, message, 0, path.length);
            System.arraycopy(inner, 0, message, path.length, inner.length);
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and HmacSHA512 are in every JDK", e);
        }
    }

    /** True when {@code given} is the signature of this request under {@code secretBase64}; constant-time compare. */
    static boolean verify(String secretBase64, String uriPath, String nonce, String postData, String given) {
        if (secretBase64 == null || given == null || nonce == null) {
            return false;
        }
        final byte[] expected;
        final byte[] provided;
        try {
            expected = Base64.getDecoder().decode(sign(secretBase64, uriPath, nonce, postData));
            provided = Base64.getDecoder().decode(given.trim());
        } catch (IllegalArgumentException e) {
            return false; // a secret or a signature that is not base64 can never match
        }
        return MessageDigest.isEqual(expected, provided);
    }
}
