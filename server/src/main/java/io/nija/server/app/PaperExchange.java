package io.nija.server.app;

import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import java.util.List;
import java.util.Map;

/** The in-process simulated exchanges, as the service uses them for paper trading. */
public interface PaperExchange {
    /** One Venue per simulated exchange, keyed by venue name. */
    Map<String, Venue> venues();

    /**
     * A funded paper account for the user on every simulated venue (the in-process simulator opens each one the first
     * time it is used).
     */
    List<VenueAccount> openPaperAccounts(String userId);

    /** Re-creates an account known from the store (after a restart the in-process simulator starts empty). */
    void restoreAccount(VenueAccount account);
}
