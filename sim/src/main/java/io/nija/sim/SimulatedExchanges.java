package io.nija.sim;

import io.nija.core.time.Clock;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.account.Credentials;
import io.nija.sim.account.PaperCredentials;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.Seeds;
import io.nija.sim.engine.Visibility;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.fault.SimFaults;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.market.SeededMarkets;
import io.nija.sim.market.VenueSpec;
import io.nija.sim.stats.RequestCounts;
import io.nija.sim.stats.VenueStats;
import io.nija.sim.venue.InProcessVenue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The simulated exchanges of one simulator: a matching engine, a fault injector and an in-process
 * {@link Venue} per venue, all derived from one clock and one seed (the same seed gives the same books,
 * ids, paper credentials and fault draws). Not a singleton: a test or a service builds as many as it needs.
 *
 * <p>The service calls {@link #openPaperAccounts(String)} when a user is created (and may call it again for
 * existing users after a restart: it is idempotent and gives the same credentials for the same seed); the
 * standalone simulator's {@code POST /__sim/accounts} maps to {@link #createAccount}.
 */
public final class SimulatedExchanges {
    /** What {@link #createAccount} records as the user of accounts created from outside (no user id is given). */
    public static final String EXTERNAL_USER = "sim-external";

    private final long seed;
    private final Clock clock;
    private final Map<String, Exchange> exchanges = new LinkedHashMap<>();

    private record Exchange(VenueSpec spec, MatchingEngine engine, FaultInjector faults, InProcessVenue venue,
                            RequestCounts requests) {
    }

    /** The six seeded venues; injected latency sleeps the calling thread. */
    public SimulatedExchanges(Clock clock, long seed) {
        this(clock, seed, Sleeper.threadSleep());
    }

    /** The six seeded venues; {@code sleeper} decides how injected latency passes (advance a ManualClock in tests). */
    public SimulatedExchanges(Clock clock, long seed, Sleeper sleeper) {
        this(clock, seed, SeededMarkets.all(), sleeper);
    }

    public SimulatedExchanges(Clock clock, long seed, List<VenueSpec> venues, Sleeper sleeper) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        this.seed = seed;
        this.clock = clock;
        for (VenueSpec spec : venues) {
            long venueSeed = Seeds.derive(seed, "venue:" + spec.name());
            MatchingEngine engine = new MatchingEngine(spec.name(), spec.fees(), spec.idStyle(), spec.rules(),
                    spec.listings(), clock, venueSeed);
            FaultInjector faults = new FaultInjector(Seeds.derive(venueSeed, "faults"), sleeper);
            // The visibility_lag_ms fault is read on every engine read, so setting faults takes effect at once.
            engine.visibility(new Visibility(faults::visibilityLagMs));
            RequestCounts requests = new RequestCounts();
            InProcessVenue venue = new InProcessVenue(engine, faults, requests);
            venue.opensOnFirstUse(account -> openIfPaperAccount(spec, engine, account));
            if (exchanges.putIfAbsent(spec.name(), new Exchange(spec, engine, faults, venue, requests)) != null) {
                throw new IllegalArgumentException("venue " + spec.name() + " given twice");
            }
        }
    }

    /** The clock every engine of this simulator reads. */
    public Clock clock() {
        return clock;
    }

    public long seed() {
        return seed;
    }

    public List<String> venueNames() {
        return List.copyOf(exchanges.keySet());
    }

    public VenueSpec spec(String venue) {
        return exchange(venue).spec();
    }

    public MatchingEngine engine(String venue) {
        return exchange(venue).engine();
    }

    public FaultInjector faults(String venue) {
        return exchange(venue).faults();
    }

    /** Sets one venue's faults ({@link SimFaults#NONE} clears them). */
    public void setFaults(String venue, SimFaults faults) {
        exchange(venue).faults().set(faults);
    }

    /** Requests that reached one venue since start: its HTTP listener's and its in-process port's. */
    public RequestCounts requests(String venue) {
        return exchange(venue).requests();
    }

    /** {@code GET /__sim/stats} of one venue: request counts, orders placed, cancels that took effect. */
    public VenueStats stats(String venue) {
        Exchange e = exchange(venue);
        return new VenueStats(e.requests().snapshot(), e.engine().ordersPlaced(), e.engine().ordersCancelled());
    }

    /** The core port for one venue, straight over its engine. */
    public InProcessVenue venue(String venue) {
        return exchange(venue).venue();
    }

    /** Every venue's core port, by name, in simulator order. */
    public Map<String, Venue> venues() {
        Map<String, Venue> out = new LinkedHashMap<>();
        exchanges.forEach((name, e) -> out.put(name, e.venue()));
        return out;
    }

    /**
     * A funded paper account for {@code userId} on every venue (quote 1,000,000 USD/USDT and some of every listed
     * coin). Idempotent: a user who already has accounts gets the same credentials back, not a second funding.
     */
    public Map<String, VenueAccount> openPaperAccounts(String userId) {
        Map<String, VenueAccount> out = new LinkedHashMap<>();
        for (String venue : exchanges.keySet()) {
            out.put(venue, openPaperAccount(userId, venue));
        }
        return out;
    }

    /** The paper account of {@code userId} on one venue; opened and funded on first use. */
    public VenueAccount openPaperAccount(String userId, String venue) {
        Objects.requireNonNull(userId, "userId");
        Exchange e = exchange(venue);
        Credentials c = PaperCredentials.derive(seed, venue, userId, e.spec().credentialStyle());
        e.engine().openAccountIfAbsent(c.apiKey(), c.apiSecret(), c.passphrase(), e.spec().paperBalances());
        return new VenueAccount(userId, venue, c.apiKey(), c.apiSecret(), c.passphrase());
    }

    /**
     * The paper credentials of {@code userId} on every venue, without opening anything: each account is opened and
     * funded, exactly as {@link #openPaperAccounts} would, the first time its venue is called with it. A service with
     * many users keeps no simulator account for a venue a user never trades on.
     */
    public Map<String, VenueAccount> paperAccounts(String userId) {
        Objects.requireNonNull(userId, "userId");
        Map<String, VenueAccount> out = new LinkedHashMap<>();
        exchanges.forEach((venue, e) -> {
            Credentials c = PaperCredentials.derive(seed, venue, userId, e.spec().credentialStyle());
            out.put(venue, new VenueAccount(userId, venue, c.apiKey(), c.apiSecret(), c.passphrase()));
        });
        return out;
    }

    /** Whether {@code account} holds the paper credentials this simulator derives for its user on its venue. */
    public boolean isPaperAccount(VenueAccount account) {
        Exchange e = exchanges.get(account.venue());
        return e != null && account.userId() != null && matches(
                PaperCredentials.derive(seed, account.venue(), account.userId(), e.spec().credentialStyle()), account);
    }

    private boolean openIfPaperAccount(VenueSpec spec, MatchingEngine engine, VenueAccount account) {
        if (account.userId() == null
                || !matches(PaperCredentials.derive(seed, spec.name(), account.userId(), spec.credentialStyle()), account)) {
            return false;
        }
        engine.openAccountIfAbsent(account.apiKey(), account.apiSecret(), account.passphrase(), spec.paperBalances());
        return true;
    }

    private static boolean matches(Credentials c, VenueAccount a) {
        return c.apiKey().equals(a.apiKey()) && c.apiSecret().equals(a.apiSecret())
                && Objects.equals(c.passphrase(), a.passphrase());
    }

    /** An account with the given credentials and balances (the simulator's {@code POST /__sim/accounts}). */
    public VenueAccount createAccount(String venue, String apiKey, String apiSecret, String passphrase,
                                      Map<String, BigDecimal> balances) {
        return createAccount(venue, apiKey, apiSecret, passphrase, balances, AccountOptions.DEFAULT);
    }

    /** As above, with the key's permissions and (Bybit) account type. */
    public VenueAccount createAccount(String venue, String apiKey, String apiSecret, String passphrase,
                                      Map<String, BigDecimal> balances, AccountOptions options) {
        MatchingEngine engine = exchange(venue).engine();
        engine.openAccount(apiKey, apiSecret, passphrase, balances, engine.defaultFees(), options);
        return new VenueAccount(EXTERNAL_USER, venue, apiKey, apiSecret, passphrase);
    }

    private Exchange exchange(String venue) {
        Exchange e = exchanges.get(venue);
        if (e == null) {
            throw new IllegalArgumentException("no simulated venue named " + venue + "; known: " + exchanges.keySet());
        }
        return e;
    }
}
