package io.nija.venues.coinbase;

import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A Coinbase CDP API key secret turned into a JDK private key. Two formats are issued: an EC P-256 key as PEM
 * ("-----BEGIN EC PRIVATE KEY-----", SEC1, signed ES256) and an Ed25519 key as base64 of 64 bytes (seed then public
 * key) or 32 bytes (seed), signed EdDSA. The JDK reads neither directly, so both are wrapped in PKCS#8 here.
 */
record CoinbaseKey(PrivateKey key, String jwsAlgorithm, String jdkSignature) {
    // AlgorithmIdentifier { id-ecPublicKey, prime256v1 } in DER.
    private static final byte[] EC_P256_ALGORITHM = HexFormat.of().parseHex("301306072a8648ce3d020106082a8648ce3d030107");
    // PKCS#8 prefix for an Ed25519 private key: version 0, AlgorithmIdentifier { 1.3.101.112 }, OCTET STRING { OCTET STRING (32) }.
    private static final byte[] ED25519_PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    static CoinbaseKey parse(String secret) {
        // Secrets pasted from a JSON key file often carry literal "\n" instead of line breaks.
        String text = secret.replace("\\n", "\n").trim();
        try {
            if (text.contains("-----BEGIN EC PRIVATE KEY-----")) {
                byte[] sec1 = pemBody(text, "EC PRIVATE KEY");
                return ec(wrapSec1(sec1));
            }
            if (text.contains("-----BEGIN PRIVATE KEY-----")) {
                return ec(pemBody(text, "PRIVATE KEY"));
            }
            byte[] raw = Base64.getDecoder().decode(text);
            if (raw.length != 64 && raw.length != 32) {
                throw new IllegalArgumentException("an Ed25519 secret is 32 or 64 bytes");
            }
            byte[] pkcs8 = new byte[ED25519_PKCS8_PREFIX.length + 32];
            System.arraycopy(ED25519_PKCS8_PREFIX, 0, pkcs8, 0, ED25519_PKCS8_PREFIX.length);
            System.arraycopy(raw, 0, pkcs8, ED25519_PKCS8_PREFIX.length, 32);
            PrivateKey k = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new CoinbaseKey(k, "EdDSA", "Ed25519");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Never include the secret text in the message.
            throw new VenueException(VenueErrorKind.AUTH_FAILED,
                    "coinbase API secret is neither an EC P-256 PEM key nor a base64 Ed25519 key", null, e);
        }
    }

    private static CoinbaseKey ec(byte[] pkcs8) throws GeneralSecurityException {
        PrivateKey k = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        // P1363 gives the raw R||S (64 bytes) JWS wants, instead of DER.
        return new CoinbaseKey(k, "ES256", "SHA256withECDSAinP1363Format");
    }

    private static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("malformed PEM");
        }
        String body = pem.substring(b + begin.length(), e).replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /** PrivateKeyInfo { version 0, AlgorithmIdentifier(EC, P-256), OCTET STRING(sec1) }. */
    static byte[] wrapSec1(byte[] sec1) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(new byte[] {0x02, 0x01, 0x00});
        inner.writeBytes(EC_P256_ALGORITHM);
        inner.write(0x04);
        inner.writeBytes(derLength(sec1.length));
        inner.writeBytes(sec1);
        byte[] content = inner.toByteArray();
        ByteArrayOutputStream outer = new ByteArrayOutputStream();
        outer.write(0x30);
        outer.writeBytes(derLength(content.length));
        outer.writeBytes(content);
        return outer.toByteArray();
    }

    private static byte[] derLength(int len) {
        if (len < 0x80) {
            return new byte[] {(byte) len};
        }
        if (len < 0x100) {
            return new byte[] {(byte) 0x81, (byte) len};
        }
        return new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
    }
}
