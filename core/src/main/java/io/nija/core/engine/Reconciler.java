package io.nija.core.engine;

import io.nija.core.store.AuditEvent;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import io.nija.core.user.User;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares what the venues hold with what the store knows: every open order at a venue, for every user's
 * account, must carry a client order id the router sent. Orders it does not recognise (placed by hand, by
 * another system, or lost by a store) are recorded in the audit log and reported, never cancelled blindly.
 * The engine's lanes separately re-ask the venue about every unfinished leg.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** An open order at a venue that the router did not send. */
    record ForeignOrder(String userId, String venue, String clientOrderId, String venueOrderId, String symbol) { }

    private final Store store;
    private final Map<String, Venue> venues;
    private final AccountDirectory accounts;
    private final Clock clock;
    private final Map<String, ForeignOrder> reported = new ConcurrentHashMap<>();

    Reconciler(Store store, Map<String, Venue> venues, AccountDirectory accounts, Clock clock) {
        this.store = store;
        this.venues = venues;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** One pass over every user and venue; returns the foreign orders found in this pass. */
    List<ForeignOrder> scan() {
        List<ForeignOrder> found = new ArrayList<>();
        for (User user : store.listUsers()) {
            for (Venue venue : venues.values()) {
                Optional<VenueAccount> account = accounts.account(user.userId(), venue.name());
                if (account.isEmpty()) {
                    continue;
                }
                try {
                    for (VenueOrderState o : venue.openOrders(account.get())) {
                        String cid = o.clientOrderId();
                        if (cid == null || !store.knowsClientOrderId(venue.name(), cid)) {
                            found.add(report(new ForeignOrder(user.userId(), venue.name(), cid, o.venueOrderId(), o.symbol())));
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.debug("open orders of {} on {} unavailable: {}", user.userId(), venue.name(), e.toString());
                }
            }
        }
        return found;
    }

    private ForeignOrder report(ForeignOrder f) {
        String key = f.venue() + "/" + f.venueOrderId();
        if (reported.putIfAbsent(key, f) == null) {
            LOG.warn("open order {} ({}) of user {} on {} was not sent by this router", f.venueOrderId(),
                    f.clientOrderId(), f.userId(), f.venue());
            store.appendAudit(new AuditEvent(clock.now(), "reconciler", "venue_order", key, "unknown_open_order",
                    "user " + f.userId() + ", symbol " + f.symbol() + ", client id " + f.clientOrderId()));
        }
        return f;
    }

    /** Every foreign order reported so far. */
    List<ForeignOrder> reported() {
        return List.copyOf(reported.values());
    }
}
