package io.nija.sim.engine;

import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One trading account on one venue: credentials, balances, orders and fills. Only touched under the
 * engine lock. The house account (the engine's own market maker) has no credentials, keeps no history and
 * may go negative: it stands for the rest of the market, whose inventory is unlimited.
 */
final class Account {
    final String apiKey;
    private final String apiSecret;
    private final String passphrase;
    final boolean house;
    FeeSchedule fees;
    final AccountOptions options;
    private final Map<String, Holding> holdings = new HashMap<>();
    final LinkedHashMap<String, EngineOrder> byVenueId = new LinkedHashMap<>();
    final Map<String, EngineOrder> openByClientId = new HashMap<>();
    /** Every client id the account used, with its newest order (where a venue allows reuse, the newest wins). */
    final Map<String, EngineOrder> latestByClientId = new HashMap<>();
    final List<AccountFill> fills = new ArrayList<>();
    /**
     * Orders that were open when last looked at, by venue order id, oldest first: a superset of the open ones (an
     * order that finished is dropped at the next look; a finished order never opens again). Lets
     * {@link #openOrders} skip the account's whole history.
     */
    private final LinkedHashMap<String, EngineOrder> mayBeOpen = new LinkedHashMap<>();

    private Account(String apiKey, String apiSecret, String passphrase, boolean house, FeeSchedule fees,
                    AccountOptions options) {
        this.options = options;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.passphrase = passphrase;
        this.house = house;
        this.fees = fees;
    }

    static Account trader(String apiKey, String apiSecret, String passphrase, FeeSchedule fees,
                          AccountOptions options) {
        return new Account(apiKey, apiSecret, passphrase, false, fees, options);
    }

    io.nija.sim.account.Credentials credentials() {
        return new io.nija.sim.account.Credentials(apiKey, apiSecret, passphrase);
    }

    static Account house() {
        return new Account("house", null, null, true, new FeeSchedule(BigDecimal.ZERO, BigDecimal.ZERO),
                AccountOptions.DEFAULT);
    }

    /** The secret HMAC-signing dialects verify signatures with; null for the house. */
    String apiSecret() {
        return apiSecret;
    }

    /** Constant-time comparison, so response timing does not leak how much of a secret was right. */
    boolean accepts(String secret, String givenPassphrase) {
        if (house || secret == null || !sameText(apiSecret, secret)) {
            return false;
        }
        return passphrase == null || (givenPassphrase != null && sameText(passphrase, givenPassphrase));
    }

    private static boolean sameText(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    BigDecimal available(String asset) {
        Holding h = holdings.get(asset);
        return h == null ? BigDecimal.ZERO : h.available;
    }

    void credit(String asset, BigDecimal amount) {
        holding(asset).available = holding(asset).available.add(amount);
    }

    /** Takes from the free balance. A trader's balance going negative is an engine bug, never a user error. */
    void debit(String asset, BigDecimal amount) {
        Holding h = holding(asset);
        BigDecimal after = h.available.subtract(amount);
        if (after.signum() < 0 && !house) {
            throw new IllegalStateException("balance of " + asset + " would go negative on " + apiKey);
        }
        h.available = after;
    }

    void lock(String asset, BigDecimal amount) {
        debit(asset, amount);
        Holding h = holding(asset);
        h.locked = h.locked.add(amount);
    }

    void unlock(String asset, BigDecimal amount) {
        spendLocked(asset, amount);
        credit(asset, amount);
    }

    void spendLocked(String asset, BigDecimal amount) {
        Holding h = holding(asset);
        BigDecimal after = h.locked.subtract(amount);
        if (after.signum() < 0 && !house) {
            throw new IllegalStateException("locked " + asset + " would go negative on " + apiKey);
        }
        h.locked = after;
    }

    /** Whether any holding's free or locked part is below zero (what {@link #balances} would show, unbuilt). */
    boolean anyNegative() {
        for (Holding h : holdings.values()) {
            if (h.available.signum() < 0 || h.locked.signum() < 0) {
                return true;
            }
        }
        return false;
    }

    Map<String, Balance> balances() {
        Map<String, Balance> out = new TreeMap<>();
        holdings.forEach((asset, h) -> out.put(asset, new Balance(asset, h.available, h.locked)));
        return out;
    }

    void track(EngineOrder order) {
        byVenueId.put(order.venueOrderId, order);
        latestByClientId.put(order.clientOrderId, order);
        if (order.state.isOpen()) {
            openByClientId.put(order.clientOrderId, order);
            mayBeOpen.put(order.venueOrderId, order);
        }
    }

    /** The account's open orders, oldest first (as {@link #byVenueId} holds them). */
    List<EngineOrder> openOrders() {
        List<EngineOrder> out = new ArrayList<>();
        for (java.util.Iterator<EngineOrder> it = mayBeOpen.values().iterator(); it.hasNext(); ) {
            EngineOrder o = it.next();
            if (o.state.isOpen()) {
                out.add(o);
            } else {
                it.remove();
            }
        }
        return out;
    }

    private Holding holding(String asset) {
        return holdings.computeIfAbsent(asset, a -> new Holding());
    }

    private static final class Holding {
        BigDecimal available = BigDecimal.ZERO;
        BigDecimal locked = BigDecimal.ZERO;
    }
}
