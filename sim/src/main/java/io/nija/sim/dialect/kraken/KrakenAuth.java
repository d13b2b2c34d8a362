package io.nija.sim.dialect.kraken;

import io.javalin.http.Context;
import io.nija.sim.engine.MatchingEngine;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kraken's authentication: API-Key must name an account, the body must carry a nonce, API-Sign must be the documented
 * HMAC over this path and body ({@link KrakenSignature}), and the nonce must be larger than the last one this key used.
 */
final class KrakenAuth {
    private final MatchingEngine engine;
    /** The last nonce per key, in memory only: a restarted simulator accepts any nonce once per key. */
    private final Map<String, Long> lastNonce = new ConcurrentHashMap<>();

    KrakenAuth(MatchingEngine engine) {
        this.engine = engine;
    }

    /** Returns the api key, or throws Kraken's refusal. */
    String authenticate(Context c, Map<String, String> p) {
        String apiKey = c.header("API-Key");
        Optional<String> secret = apiKey == null || apiKey.isBlank() ? Optional.empty() : engine.signingSecret(apiKey);
        if (secret.isEmpty()) {
            throw new KrakenError(KrakenErrors.INVALID_KEY);
        }
        String nonceText = p.get("nonce");
        long nonce;
        try {
            nonce = Long.parseUnsignedLong(nonceText == null ? "" : nonceText.trim());
        } catch (NumberFormatException e) {
            throw new KrakenError(KrakenErrors.INVALID_NONCE);
        }
        String body = c.body() == null ? "" : c.body();
        if (!KrakenSignature.verify(secret.get(), c.path(), nonceText.trim(), body, c.header("API-Sign"))) {
            throw new KrakenError(KrakenErrors.INVALID_SIGNATURE);
        }
        boolean[] fresh = {false};
        lastNonce.compute(apiKey, (k, last) -> {
            if (last == null || Long.compareUnsigned(nonce, last) > 0) {
                fresh[0] = true;
                return nonce;
            }
            return last;
        });
        if (!fresh[0]) {
            throw new KrakenError(KrakenErrors.INVALID_NONCE);
        }
        return apiKey;
    }
}
