package io.nija.venues.kraken;

import io.nija.venues.common.Hashing;
import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * Kraken private endpoints: {@code API-Sign = base64(HMAC-SHA512(base64decode(secret), uriPath + SHA256(nonce +
 * postData)))}. The SHA-256 part is the raw 32-byte digest appended to the path bytes (not its hex), and the
 * secret is used decoded; those are the two classic mistakes the documented vector catches.
 */
public final class KrakenSigner {
    private KrakenSigner() {
    }

    public static String sign(String secretBase64, String uriPath, String nonce, String postData) {
        byte[] key = Base64.getDecoder().decode(secretBase64);
        byte[] inner = Hashing.sha256(Hashing.utf8(nonce + postData));
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(Hashing.utf8(uriPath));
        message.writeBytes(inner);
        return Base64.getEncoder().encodeToString(Hashing.hmac("HmacSHA512", key, message.toByteArray()));
    }
}
