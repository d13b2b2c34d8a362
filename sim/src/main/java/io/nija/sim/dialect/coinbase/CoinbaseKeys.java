package io.nija.sim.dialect.coinbase;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The public key a Coinbase CDP API key's JWTs are verified with, derived from the key's secret the way Coinbase
 * holds it. CDP issues two kinds of secret: an EC P-256 private key in PEM ("-----BEGIN EC PRIVATE KEY-----", SEC1;
 * PKCS#8 "-----BEGIN PRIVATE KEY-----" is accepted too), whose JWTs are ES256; and an Ed25519 key as base64 of 64
 * bytes (seed then public key) or of the 32-byte seed, whose JWTs are EdDSA. The simulator's paper accounts use the
 * second form.
 *
 * <p>The EC public point is computed here as d·G on P-256 (the JDK does not derive it from a private key); the
 * Ed25519 public key is the JDK's key-pair generator run on the seed. Written for the simulator, independently of
 * module venues.
 */
final class CoinbaseKeys {
    /** A verification key and the JWS / JDK algorithm names that go with it. */
    record VerifyKey(PublicKey publicKey, String jwsAlgorithm, String jdkAlgorithm) {
    }

    private static final ECParameterSpec P256 = p256();

    private CoinbaseKeys() {
    }

    /** The verification key for a secret; IllegalArgumentException if it is neither form. */
    static VerifyKey fromSecret(String secret) {
        String text = secret.replace("\\n", "\n").trim();
        try {
            if (text.contains("-----BEGIN EC PRIVATE KEY-----")) {
                return ec(sec1PrivateScalar(pemBody(text, "EC PRIVATE KEY")));
            }
            if (text.contains("-----BEGIN PRIVATE KEY-----")) {
                byte[] der = pemBody(text, "PRIVATE KEY");
                PrivateKey k;
                try {
                    k = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException notEc) {
                    PrivateKey ed = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
                    // The seed is the last 32 bytes of an Ed25519 PKCS#8 (OCTET STRING inside OCTET STRING).
                    byte[] enc = ed.getEncoded();
                    return ed25519(Arrays.copyOfRange(enc, enc.length - 32, enc.length), null);
                }
                return ec(((ECPrivateKey) k).getS());
            }
            byte[] raw = Base64.getDecoder().decode(text);
            if (raw.length == 64) {
                return ed25519(Arrays.copyOfRange(raw, 0, 32), Arrays.copyOfRange(raw, 32, 64));
            }
            if (raw.length == 32) {
                return ed25519(raw, null);
            }
            throw new IllegalArgumentException("an Ed25519 secret is 32 or 64 bytes");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a Coinbase API secret", e);
        }
    }

    // ---- EC P-256 -------------------------------------------------------------------------------------

    private static VerifyKey ec(BigInteger d) throws GeneralSecurityException {
        BigInteger n = P256.getOrder();
        if (d.signum() <= 0 || d.compareTo(n) >= 0) {
            throw new IllegalArgumentException("EC private scalar out of range");
        }
        ECPoint q = multiply(P256.getGenerator(), d);
        PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, P256));
        // JWS ES256 signatures are the raw R||S pair, which is the JDK's P1363 format.
        return new VerifyKey(pub, "ES256", "SHA256withECDSAinP1363Format");
    }

    /** SEC1 ECPrivateKey ::= SEQUENCE { version INTEGER(1), privateKey OCTET STRING, [0] params, [1] publicKey }. */
    private static BigInteger sec1PrivateScalar(byte[] der) {
        int[] pos = {0};
        expect(der, pos, 0x30);
        readLength(der, pos);
        expect(der, pos, 0x02);
        int vlen = readLength(der, pos);
        pos[0] += vlen;
        expect(der, pos, 0x04);
        int klen = readLength(der, pos);
        if (pos[0] + klen > der.length) {
            throw new IllegalArgumentException("truncated SEC1 key");
        }
        return new BigInteger(1, Arrays.copyOfRange(der, pos[0], pos[0] + klen));
    }

    private static void expect(byte[] der, int[] pos, int tag) {
        if (pos[0] >= der.length || (der[pos[0]] & 0xFF) != tag) {
            throw new IllegalArgumentException("malformed SEC1 key");
        }
        pos[0]++;
    }

    private static int readLength(byte[] der, int[] pos) {
        int first = der[pos[0]++] & 0xFF;
        if (first < 0x80) {
            return first;
        }
        int bytes = first & 0x7F;
        if (bytes < 1 || bytes > 3) {
            throw new IllegalArgumentException("malformed DER length");
        }
        int len = 0;
        for (int i = 0; i < bytes; i++) {
            len = (len << 8) | (der[pos[0]++] & 0xFF);
        }
        return len;
    }

    /** d·P on P-256 by double-and-add in affine coordinates (speed is no concern: once per key). */
    static ECPoint multiply(ECPoint p, BigInteger d) {
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = p;
        for (int i = 0; i < d.bitLength(); i++) {
            if (d.testBit(i)) {
                result = add(result, addend);
            }
            addend = add(addend, addend);
        }
        return result;
    }

    private static ECPoint add(ECPoint a, ECPoint b) {
        if (a.equals(ECPoint.POINT_INFINITY)) {
            return b;
        }
        if (b.equals(ECPoint.POINT_INFINITY)) {
            return a;
        }
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x1 = a.getAffineX();
        BigInteger y1 = a.getAffineY();
        BigInteger x2 = b.getAffineX();
        BigInteger y2 = b.getAffineY();
        BigInteger lambda;
        if (x1.equals(x2)) {
            if (!y1.equals(y2) || y1.signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger num = x1.pow(2).multiply(BigInteger.valueOf(3)).add(P256.getCurve().getA());
            lambda = num.multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
        }
        BigInteger x3 = lambda.pow(2).subtract(x1).subtract(x2).mod(p);
        BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(p);
        return new ECPoint(x3, y3);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has P-256", e);
        }
    }

    // ---- Ed25519 --------------------------------------------------------------------------------------

    /**
     * The public key of an Ed25519 seed: the JDK generator reads its private key from the random source, so a source
     * that yields the seed gives that seed's key pair. When the secret carries the public half too, it must match.
     */
    private static VerifyKey ed25519(byte[] seed, byte[] givenPublic) throws GeneralSecurityException {
        byte[] copy = seed.clone();
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(copy, 0, bytes, 0, Math.min(copy.length, bytes.length));
            }
        });
        PublicKey pub = g.generateKeyPair().getPublic();
        if (givenPublic != null) {
            byte[] enc = pub.getEncoded(); // X.509 SubjectPublicKeyInfo: 12-byte prefix, then the 32-byte key
            if (!Arrays.equals(Arrays.copyOfRange(enc, enc.length - 32, enc.length), givenPublic)) {
                throw new IllegalArgumentException("the Ed25519 secret's public half does not match its seed");
            }
        }
        return new VerifyKey(pub, "EdDSA", "Ed25519");
    }

    private static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("malformed PEM");
        }
        return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e).replaceAll("\\s", ""));
    }
}
