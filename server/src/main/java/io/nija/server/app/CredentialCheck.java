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
 * silently dropping the venue from the user's routing later. The key's permissions (where the venue can say; any
 * valid key may ask, so a failure there means the key or secret is wrong), a read of the account (balances), and a
 * read of open orders where the venue cannot state permissions. A venue that answers "rate limited" is waited for
 * (bounded). Refusals carry the venue's own reason; nothing here stores anything.
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
        if (stated.isEmpty()) {
            // Only where the venue cannot state the key's permissions: an open-orders read proves order reads. Where it
            // can, the read is skipped: Binance weighs an all-symbols open-orders read at 80, so checking keys while the
            // router trades would spend the shared per-IP budget.
            call(() -> venue.openOrders(account), "read orders");
        }
        // Without introspection the reads above prove read; trade stays unknown until the first order.
        KeyPermissions held = stated.orElse(new KeyPermissions(true, false, false));
        List<String> warnings = new ArrayList<>();
        if (held.canWithdraw()) {
            warnings.add(WITHDRAW_WARNING);
        }
        return new Outcome(held.wire(), List.copyOf(warnings));
    }

    /** Longest the check waits in all for a venue that answers "rate limited" (a busy router spends the budget). */
    private static final long RATE_LIMIT_PATIENCE_MS = 10_000;

    private static <T> T call(java.util.function.Supplier<T> call, String what) {
        long waited = 0;
        while (true) {
            try {
                return call.get();
            } catch (VenueException e) {
                if (e.kind() == VenueErrorKind.RATE_LIMITED && waited < RATE_LIMIT_PATIENCE_MS) {
                    // Not a verdict on the key: the request budget is spent for a moment. Wait as the venue asks.
                    long pause = e.retryAfter() == null ? 250 : Math.max(50, Math.min(2_000, e.retryAfter().toMillis()));
                    sleep(pause);
                    waited += pause;
                    continue;
                }
                throw refusal(e, what);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "venue_unavailable", "interrupted while waiting for the venue; nothing was stored");
        }
    }

    private static ApiException refusal(VenueException e, String what) {
        {
            // The venue's message names the problem (never the secret: adapters build it from the venue's answer).
            String reason = e.getMessage();
            if (e.kind() == VenueErrorKind.PERMISSION_DENIED) {
                return lacks("the key cannot " + what + ": " + reason);
            }
            if (e.kind() == VenueErrorKind.AUTH_FAILED) {
                return new ApiException(422, "credentials_rejected", "the venue refused the key: " + reason);
            }
            if (e.kind().isUserSide()) {
                return new ApiException(422, "credentials_rejected", "the venue refused to " + what + ": " + reason);
            }
            return new ApiException(503, "venue_unavailable",
                    "the venue could not be asked about the key (" + e.kind().wire() + "); nothing was stored");
        }
    }

    private static ApiException lacks(String message) {
        return new ApiException(422, "credentials_lack_permission", message);
    }
}
