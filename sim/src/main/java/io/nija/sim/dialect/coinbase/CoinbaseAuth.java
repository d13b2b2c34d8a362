package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.time.Clock;
import io.nija.sim.engine.MatchingEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coinbase Advanced Trade authentication: {@code Authorization: Bearer <JWT>}, a fresh token per request. The JWT
 * header names the key ({@code kid}, an "organizations/{org}/apiKeys/{id}" name) and the algorithm (ES256 for an EC
 * P-256 key, EdDSA for an Ed25519 key); the claims are {@code sub} (the key name again), {@code iss} ("cdp"; older
 * tools send "coinbase-cloud"), {@code nbf}, {@code exp} (at most 120 s after nbf) and the request it is for,
 * {@code uri = "METHOD host/path"} without the query string ({@code uris}, a list, in the EdDSA form some clients
 * send). The signature is verified with the public key derived from the key's secret ({@link CoinbaseKeys}).
 *
 * <p>The host in the uri is Coinbase's own ({@code api.coinbase.com}) or the address the request was sent to (a
 * client pointed at the simulator signs for the host it calls); a leading "http://" is tolerated, which is what
 * clients that only strip "https://" produce against a loopback URL. Method and path must match exactly.
 */
final class CoinbaseAuth {
    static final long MAX_LIFETIME_SECONDS = 120;
    /** Tolerated clock difference between client and exchange. */
    static final long SKEW_SECONDS = 5;
    private static final Set<String> ISSUERS = Set.of("cdp", "coinbase-cloud");
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    /** The outcome: the authenticated api key, or null with the reason (never shown to the client, as on Coinbase). */
    record Result(String apiKey, String reason) {
        boolean ok() {
            return apiKey != null;
        }

        static Result refused(String reason) {
            return new Result(null, reason);
        }
    }

    private final MatchingEngine engine;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, CoinbaseKeys.VerifyKey> keys = new ConcurrentHashMap<>();

    CoinbaseAuth(MatchingEngine engine, Clock clock, ObjectMapper json) {
        this.engine = engine;
        this.clock = clock;
        this.json = json;
    }

    /** The JWT of a websocket subscribe message: checked as a REST token, except that it names no request (no uri). */
    Result authenticateWebsocket(String jwt) {
        return authenticate("Bearer " + (jwt == null ? "" : jwt), null, null, null);
    }

    Result authenticate(String authorization, String method, String host, String path) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Result.refused("no bearer token");
        }
        String token = authorization.substring(7).trim();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Result.refused("not a JWS compact token");
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            header = json.readTree(B64URL.decode(parts[0]));
            claims = json.readTree(B64URL.decode(parts[1]));
            signature = B64URL.decode(parts[2]);
        } catch (IOException | IllegalArgumentException e) {
            return Result.refused("undecodable token");
        }
        String kid = header.path("kid").asText("");
        String alg = header.path("alg").asText("");
        if (kid.isEmpty()) {
            return Result.refused("no kid");
        }
        if (!kid.equals(claims.path("sub").asText(null))) {
            return Result.refused("sub is not the kid");
        }
        if (!ISSUERS.contains(claims.path("iss").asText(""))) {
            return Result.refused("wrong issuer");
        }
        if (!claims.path("nbf").canConvertToLong() || !claims.path("exp").canConvertToLong()) {
            return Result.refused("nbf and exp are required");
        }
        long nbf = claims.path("nbf").asLong();
        long exp = claims.path("exp").asLong();
        long now = clock.now().getEpochSecond();
        if (exp - nbf > MAX_LIFETIME_SECONDS || exp <= nbf) {
            return Result.refused("token lifetime over " + MAX_LIFETIME_SECONDS + " s");
        }
        if (now + SKEW_SECONDS < nbf) {
            return Result.refused("token not yet valid");
        }
        if (now >= exp) {
            return Result.refused("token expired");
        }
        if (method != null && !uriMatches(claims, method, host, path)) {
            return Result.refused("uri claim is for another request");
        }
        String secret = engine.signingSecret(kid).orElse(null);
        if (secret == null) {
            return Result.refused("unknown key");
        }
        CoinbaseKeys.VerifyKey key;
        try {
            key = keys.computeIfAbsent(fingerprint(kid, secret), k -> CoinbaseKeys.fromSecret(secret));
        } catch (IllegalArgumentException e) {
            return Result.refused("the account's secret is not a Coinbase key");
        }
        if (!key.jwsAlgorithm().equals(alg)) {
            return Result.refused("alg " + alg + " does not fit the key");
        }
        try {
            Signature verifier = Signature.getInstance(key.jdkAlgorithm());
            verifier.initVerify(key.publicKey());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) {
                return Result.refused("bad signature");
            }
        } catch (GeneralSecurityException e) {
            return Result.refused("bad signature");
        }
        return new Result(kid, null);
    }

    private static boolean uriMatches(JsonNode claims, String method, String host, String path) {
        if (claims.hasNonNull("uri")) {
            return uriMatches(claims.path("uri").asText(), method, host, path);
        }
        for (JsonNode u : claims.path("uris")) {
            if (uriMatches(u.asText(), method, host, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean uriMatches(String uri, String method, String host, String path) {
        int space = uri.indexOf(' ');
        if (space <= 0 || !uri.substring(0, space).equals(method.toUpperCase(Locale.ROOT))) {
            return false;
        }
        String target = uri.substring(space + 1);
        if (target.startsWith("http://")) {
            target = target.substring("http://".length());
        }
        int q = target.indexOf('?');
        if (q >= 0) {
            target = target.substring(0, q);
        }
        return target.equals("api.coinbase.com" + path) || (host != null && target.equals(host + path));
    }

    private static String fingerprint(String kid, String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((kid + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
