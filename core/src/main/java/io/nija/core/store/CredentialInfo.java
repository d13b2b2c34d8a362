package io.nija.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What may be shown about a stored credential: never the secret, only a hint of the key (its last characters) and
 * what the venue said the key may do when it was checked. {@code permissions} are "read", "trade", "withdraw";
 * {@code validatedAt} is null for credentials stored without a check (paper accounts, rows from before the check).
 */
public record CredentialInfo(String venue, String keyHint, List<String> permissions, Instant validatedAt) {
    public CredentialInfo {
        Objects.requireNonNull(venue, "venue");
        permissions = List.copyOf(permissions);
    }
}
