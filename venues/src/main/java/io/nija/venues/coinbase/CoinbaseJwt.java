package io.nija.venues.coinbase;

import io.nija.core.venue.VenueAccount;
import io.nija.venues.common.Hashing;
import io.nija.venues.common.Json;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Coinbase Advanced Trade authentication: a fresh JWT for every request, sent as {@code Authorization: Bearer}.
 * Header {@code {alg, kid: key name, nonce: random hex, typ: JWT}}; claims {@code {sub: key name, iss: "cdp",
 * nbf: now, exp: now + 120, uri: "METHOD host/path"}}. The uri binds the token to one method and path (no query
 * string), which is why a token cannot be reused across calls.
 */
public final class CoinbaseJwt {
    static final long LIFETIME_SECONDS = 120;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<String> nonces;
    // Parsing a PEM key per request is wasteful; cache by key fingerprint, never by the secret text.
    private final Map<String, CoinbaseKey> keys = new ConcurrentHashMap<>();

    public CoinbaseJwt() {
        this(CoinbaseJwt::randomNonce);
    }

    /** Tests inject a fixed nonce so the header can be checked; the signature itself stays randomised (ECDSA). */
    public CoinbaseJwt(Supplier<String> nonces) {
        this.nonces = nonces;
    }

    public static String uri(String method, String host, String path) {
        return method + " " + host + path;
    }

    /** A token for the websocket's subscribe messages: no uri claim, as Coinbase documents for websockets. */
    public String websocketToken(VenueAccount account, Instant now) {
        return token(account, null, null, null, now);
    }

    public String token(VenueAccount account, String method, String host, String path, Instant now) {
        CoinbaseKey key = keys.computeIfAbsent(Hashing.fingerprint(account.apiKey() + "\n" + account.apiSecret()),
                k -> CoinbaseKey.parse(account.apiSecret()));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", key.jwsAlgorithm());
        header.put("kid", account.apiKey());
        header.put("nonce", nonces.get());
        header.put("typ", "JWT");
        long nbf = now.getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", account.apiKey());
        claims.put("iss", "cdp");
        claims.put("nbf", nbf);
        claims.put("exp", nbf + LIFETIME_SECONDS);
        if (method != null) {
            claims.put("uri", uri(method, host, path)); // a websocket's token has none
        }
        String signingInput = B64URL.encodeToString(Hashing.utf8(Json.write(header))) + "."
                + B64URL.encodeToString(Hashing.utf8(Json.write(claims)));
        try {
            Signature sig = Signature.getInstance(key.jdkSignature());
            sig.initSign(key.key());
            sig.update(Hashing.utf8(signingInput));
            return signingInput + "." + B64URL.encodeToString(sig.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a Coinbase JWT", e);
        }
    }

    private static String randomNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
