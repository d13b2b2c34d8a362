package io.nija.core.engine;

import io.nija.core.venue.VenueAccount;
import java.util.Optional;

/** Where the engine finds a user's credentials for a venue (decrypted on demand by the implementation). */
@FunctionalInterface
public interface AccountDirectory {
    Optional<VenueAccount> account(String userId, String venue);
}
