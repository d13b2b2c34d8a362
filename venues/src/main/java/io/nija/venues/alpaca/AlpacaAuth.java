package io.nija.venues.alpaca;

import io.nija.core.venue.VenueAccount;
import io.nija.venues.common.ApiCall;

/**
 * Alpaca has no request signature: every private call carries the key id and the secret in two headers. The
 * secret therefore travels on each request (over TLS in production), which is why it is never logged here.
 */
public final class AlpacaAuth {
    public static final String KEY_HEADER = "APCA-API-KEY-ID";
    public static final String SECRET_HEADER = "APCA-API-SECRET-KEY";

    private AlpacaAuth() {
    }

    public static ApiCall.Builder authenticate(ApiCall.Builder call, VenueAccount account) {
        return call.header(KEY_HEADER, account.apiKey()).header(SECRET_HEADER, account.apiSecret());
    }
}
