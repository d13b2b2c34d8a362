package io.nija.sim.dialect.alpaca;

import io.javalin.http.Context;
import io.nija.core.venue.VenueException;
import io.nija.sim.engine.MatchingEngine;

/** Alpaca's keys: APCA-API-KEY-ID / APCA-API-SECRET-KEY headers on every trading call, no signature. */
final class AlpacaAuth {
    static final String KEY_HEADER = "APCA-API-KEY-ID";
    static final String SECRET_HEADER = "APCA-API-SECRET-KEY";

    private AlpacaAuth() {
    }

    /**
     * The key id when both headers name a known account; 401 when they do not (or are missing but required).
     * Null when no keys were sent and none are required.
     */
    static String apiKey(Context c, boolean required, MatchingEngine engine) {
        String key = c.header(KEY_HEADER);
        String secret = c.header(SECRET_HEADER);
        if ((key == null || key.isBlank()) && (secret == null || secret.isBlank())) {
            if (required) {
                throw AlpacaErrors.unauthorized();
            }
            return null;
        }
        if (key == null || secret == null) {
            throw AlpacaErrors.unauthorized();
        }
        try {
            engine.authenticate(key, secret, null);
        } catch (VenueException e) {
            throw AlpacaErrors.unauthorized();
        }
        return key;
    }
}
