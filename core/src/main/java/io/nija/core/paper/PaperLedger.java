package io.nija.core.paper;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the paper desk keeps its accounts' balances, per user and venue, so a restart does not hand a paper trader a
 * fresh account (and a PnL and balance view that disagree with the positions the store still holds). The router
 * keeps them in its store; tests may keep them in memory.
 */
public interface PaperLedger {
    /** The balances stored for the user's paper account on the venue; empty when it has none yet (a new account). */
    Map<String, BigDecimal> balances(String userId, String venue);

    /** Replaces the stored balances of the user's paper account on the venue with {@code balances}. */
    void save(String userId, String venue, Map<String, BigDecimal> balances);

    /** The ledger kept in the router's store. */
    static PaperLedger of(io.nija.core.store.Store store) {
        return new PaperLedger() {
            @Override
            public Map<String, BigDecimal> balances(String userId, String venue) {
                return store.findPaperBalances(userId, venue);
            }

            @Override
            public void save(String userId, String venue, Map<String, BigDecimal> balances) {
                store.savePaperBalances(userId, venue, balances);
            }
        };
    }

    /** A ledger in memory: what a restart of this process forgets. */
    static PaperLedger inMemory() {
        Map<String, Map<String, BigDecimal>> rows = new ConcurrentHashMap<>();
        return new PaperLedger() {
            @Override
            public Map<String, BigDecimal> balances(String userId, String venue) {
                return rows.getOrDefault(userId + "\u0000" + venue, Map.of());
            }

            @Override
            public void save(String userId, String venue, Map<String, BigDecimal> balances) {
                rows.put(userId + "\u0000" + venue, Map.copyOf(balances));
            }
        };
    }
}
