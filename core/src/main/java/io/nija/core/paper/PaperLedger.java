package io.nija.core.paper;

import io.nija.core.store.PaperOrderRecord;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Stores a paper order as it is now and, when {@code balances} is not null (it filled), the account's balances with
     * it in one transaction, so an order's fills and the balances they moved are never found apart after a restart.
     */
    void saveOrder(PaperOrderRecord order, Map<String, BigDecimal> balances);

    /** The stored paper order with this client order id, or empty. */
    Optional<PaperOrderRecord> order(String userId, String venue, String clientOrderId);

    /** The user's paper orders on the venue still open (resting, perhaps partly filled). */
    List<PaperOrderRecord> openOrders(String userId, String venue);

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

            @Override
            public void saveOrder(PaperOrderRecord order, Map<String, BigDecimal> balances) {
                store.savePaperOrder(order, balances);
            }

            @Override
            public Optional<PaperOrderRecord> order(String userId, String venue, String clientOrderId) {
                return store.findPaperOrder(userId, venue, clientOrderId);
            }

            @Override
            public List<PaperOrderRecord> openOrders(String userId, String venue) {
                return store.findOpenPaperOrders(userId, venue);
            }
        };
    }

    /** A ledger in memory: what a restart of this process forgets. */
    static PaperLedger inMemory() {
        Map<String, Map<String, BigDecimal>> rows = new ConcurrentHashMap<>();
        Map<String, PaperOrderRecord> orders = new ConcurrentHashMap<>();
        return new PaperLedger() {
            @Override
            public void saveOrder(PaperOrderRecord order, Map<String, BigDecimal> balances) {
                orders.put(order.userId() + "\u0000" + order.venue() + "\u0000" + order.clientOrderId(), order);
                if (balances != null) {
                    save(order.userId(), order.venue(), balances);
                }
            }

            @Override
            public Optional<PaperOrderRecord> order(String userId, String venue, String clientOrderId) {
                return Optional.ofNullable(orders.get(userId + "\u0000" + venue + "\u0000" + clientOrderId));
            }

            @Override
            public List<PaperOrderRecord> openOrders(String userId, String venue) {
                return orders.values().stream().filter(o -> o.userId().equals(userId) && o.venue().equals(venue)
                        && !o.status().isFinal()).toList();
            }

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
