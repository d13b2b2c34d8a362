package io.nija.venues.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.venue.VenueAccount;
import io.nija.venues.common.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Coinbase publishes no deterministic vector (ECDSA signatures are randomised), so this is the conformance test the
 * research notes describe: decode the token, check header and claims, verify the signature with the public key.
 */
class CoinbaseJwtTest {
    static final String KEY_NAME = "organizations/org-1/apiKeys/key-1";
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void es256TokenFromSec1PemHasDocumentedClaimsAndVerifies() throws Exception {
        KeyPair pair = ecKeyPair();
        VenueAccount account = new VenueAccount("u1", "coinbase", KEY_NAME, sec1Pem(pair), null);
        String token = new CoinbaseJwt(() -> "abc123").token(account, "GET", "api.coinbase.com",
                "/api/v3/brokerage/accounts", NOW);

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        assertThat(header.path("alg").asText()).isEqualTo("ES256");
        assertThat(header.path("kid").asText()).isEqualTo(KEY_NAME);
        assertThat(header.path("nonce").asText()).isEqualTo("abc123");
        assertThat(claims.path("sub").asText()).isEqualTo(KEY_NAME);
        assertThat(claims.path("iss").asText()).isEqualTo("cdp");
        assertThat(claims.path("nbf").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.path("exp").asLong() - claims.path("nbf").asLong()).isEqualTo(120);
        assertThat(claims.path("uri").asText()).isEqualTo("GET api.coinbase.com/api/v3/brokerage/accounts");

        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        assertThat(sig).hasSize(64);
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(pair.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(sig)).isTrue();
    }

    @Test
    void acceptsEscapedNewlinesAndPkcs8() throws Exception {
        KeyPair pair = ecKeyPair();
        String escaped = sec1Pem(pair).replace("\n", "\\n");
        VenueAccount a = new VenueAccount("u1", "coinbase", KEY_NAME, escaped, null);
        assertThat(new CoinbaseJwt().token(a, "POST", "h", "/p", NOW)).contains(".");
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        VenueAccount b = new VenueAccount("u1", "coinbase", KEY_NAME, pkcs8, null);
        assertThat(new CoinbaseJwt().token(b, "POST", "h", "/p", NOW)).contains(".");
    }

    @Test
    void ed25519KeyGivesEdDsaTokenThatVerifies() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        byte[] x509 = pair.getPublic().getEncoded();
        byte[] pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        byte[] secret = new byte[64];
        System.arraycopy(seed, 0, secret, 0, 32);
        System.arraycopy(pub, 0, secret, 32, 32);
        VenueAccount account = new VenueAccount("u1", "coinbase", KEY_NAME,
                Base64.getEncoder().encodeToString(secret), null);
        String token = new CoinbaseJwt().token(account, "POST", "api.coinbase.com", "/api/v3/brokerage/orders", NOW);
        String[] parts = token.split("\\.");
        assertThat(decode(parts[0]).path("alg").asText()).isEqualTo("EdDSA");
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(pair.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /**
     * The SEC1 form Coinbase hands out: the JDK encodes PKCS#8, whose last OCTET STRING is the SEC1 structure
     * (ECPrivateKey). Extracting it gives the "BEGIN EC PRIVATE KEY" body.
     */
    static String sec1Pem(KeyPair pair) {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        int i = 0;
        // Walk: SEQUENCE hdr, INTEGER version, SEQUENCE algid, then OCTET STRING with the SEC1 bytes.
        i = skipHeader(pkcs8, i);
        i = skipElement(pkcs8, i);
        i = skipElement(pkcs8, i);
        int[] hl = headerAndLength(pkcs8, i);
        byte[] sec1 = Arrays.copyOfRange(pkcs8, i + hl[0], i + hl[0] + hl[1]);
        return "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(sec1)
                + "\n-----END EC PRIVATE KEY-----\n";
    }

    private static int skipHeader(byte[] der, int i) {
        return i + headerAndLength(der, i)[0];
    }

    private static int skipElement(byte[] der, int i) {
        int[] hl = headerAndLength(der, i);
        return i + hl[0] + hl[1];
    }

    private static int[] headerAndLength(byte[] der, int i) {
        int len = der[i + 1] & 0xFF;
        if (len < 0x80) {
            return new int[] {2, len};
        }
        int n = len & 0x7F;
        int l = 0;
        for (int k = 0; k < n; k++) {
            l = (l << 8) | (der[i + 2 + k] & 0xFF);
        }
        return new int[] {2 + n, l};
    }

    private static JsonNode decode(String part) {
        return Json.parse(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }
}
