package io.nija.core.venue;

import java.util.Objects;

/**
 * The credentials one user trades with on one venue. {@link #toString()} never shows the secret parts,
 * so an account that ends up in a log message leaks nothing.
 */
public record VenueAccount(String userId, String venue, String apiKey, String apiSecret, String passphrase) {
    public VenueAccount {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
    }

    @Override
    public String toString() {
        return "VenueAccount[user=" + userId + ", venue=" + venue + ", key=" + redact(apiKey) + "]";
    }

    private static String redact(String key) {
        return key.length() <= 4 ? "****" : key.substring(0, 4) + "****";
    }
}
