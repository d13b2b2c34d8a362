package io.nija.server.app;

import io.nija.core.venue.KeyPermissions;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.server.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks the venue about a key before it is stored, so a wrong secret or a read-only key is refused at once instead of
 * silently dropping the venue from the user's routing later. Three calls: the key's permissions (where the venue can
 * say; any valid key may ask, so a failure there means the key or secret is wrong), a read of the account (balances)
 * and a read of open orders. Refusals carry the venue's own reason; nothing here stores anything.
 */
final class CredentialCheck {
    static final String WITHDRAW_WARNING = "withdraw_permission";

    /** What the venue said: the permissions to record and the warnings to answer with. */
    record Outcome(List<String> permissions, List<String> warnings) { }

    private CredentialCheck() {
    }

    static Outcome check(Venue venue, VenueAccount account) {
        Optional<KeyPermissions> stated = call(() -> venue.keyPermissions(account), "read its permissions");
        if (stated.isPresent()) {
            if (!stated.get().canRead()) {
                throw lacks("the key cannot read the account or its orders (read permission missing)");
            }
            if (!stated.get().canTrade()) {
                throw lacks("the key cannot trade (trade permission missing)");
            }
        }
        call(() -> venue.balances(account), "read the account");
        call(() -> venue.openOrders(account), "read orders");
        // Without introspection the reads above prove read; trade stays unknown until the first order.
        KeyPermissions held = stated.orElse(new KeyPermissions(true, false, false));
        List<String> warnings = new ArrayList<>();
        if (held.canWithdraw()) {
            warnings.add(WITHDRAW_WARNING);
        }
        return new Outcome(held.wire(), List.copyOf(warnings));
    }

    private static <T> T call(java.util.function.Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (VenueException e) {
            // The venue's message names the problem (never the secret: adapters build it from the venue's answer).
            String reason = e.getMessage();
            if (e.kind() == VenueErrorKind.PERMISSION_DENIED) {
                throw lacks("the key cannot " + what + ": " + reason);
            }
            if (e.kind() == VenueErrorKind.AUTH_FAILED) {
                throw new ApiException(422, "credentials_rejected", "the venue refused the key: " + reason);
            }
            if (e.kind().isUserSide()) {
                throw new ApiException(422, "credentials_rejected", "the venue refused to " + what + ": " + reason);
            }
            throw new ApiException(503, "venue_unavailable",
                    "the venue could not be asked about the key (" + e.kind().wire() + "); nothing was stored");
        }
    }

    private static ApiException lacks(String message) {
        return new ApiException(422, "credentials_lack_permission", message);
    }
}
