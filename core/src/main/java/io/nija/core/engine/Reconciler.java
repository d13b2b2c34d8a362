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
 *
 * <p>A venue's open-orders list is among its dearest reads (Binance weighs it at 80 without a symbol, a sixth of a
 * second's budget for the whole IP), so one pass reads at most {@code accountsPerPass} accounts per venue and the
 * next pass goes on where it stopped: every account is still covered, over several passes, and reconciliation never
 * takes more than a bounded share of a venue's budget however many users there are.
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
    private final int accountsPerPass;
    /** Per venue, the user id the next pass starts after (users are taken in id order). */
    private final Map<String, String> resumeAfter = new ConcurrentHashMap<>();

    Reconciler(Store store, Map<String, Venue> venues, AccountDirectory accounts, Clock clock, int accountsPerPass) {
        this.store = store;
        this.venues = venues;
        this.accounts = accounts;
        this.clock = clock;
        this.accountsPerPass = Math.max(1, accountsPerPass);
    }

    /** One pass: up to {@code accountsPerPass} accounts per venue; returns the foreign orders found in it. */
    synchronized List<ForeignOrder> scan() {
        List<ForeignOrder> found = new ArrayList<>();
        List<User> users = new ArrayList<>(store.listUsers());
        users.sort(java.util.Comparator.comparing(User::userId));
        for (Venue venue : venues.values()) {
            String after = resumeAfter.get(venue.name());
            int start = 0;
            if (after != null) {
                while (start < users.size() && users.get(start).userId().compareTo(after) <= 0) {
                    start++;
                }
            }
            int read = 0;
            for (int i = 0; i < users.size() && read < accountsPerPass; i++) {
                User user = users.get((start + i) % users.size());
                Optional<VenueAccount> account = accounts.account(user.userId(), venue.name());
                if (account.isEmpty()) {
                    continue;
                }
                read++;
                resumeAfter.put(venue.name(), user.userId());
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
