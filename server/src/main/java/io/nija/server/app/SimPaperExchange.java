package io.nija.server.app;

import io.nija.core.time.Clock;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import java.util.List;
import java.util.Map;

/** Paper trading on the in-process simulator: six seeded venues, a funded account per user and venue. */
public final class SimPaperExchange implements PaperExchange, AutoCloseable {
    private final SimulatedExchanges sim;
    private final io.nija.sim.market.MarketFlow flow;

    public SimPaperExchange(Clock clock, long seed) {
        this(clock, seed, null);
    }

    /** With a background flow of other traders on {@code scheduler} (null: static books). */
    public SimPaperExchange(Clock clock, long seed, io.nija.core.time.Scheduler scheduler) {
        this.sim = new SimulatedExchanges(clock, seed);
        this.flow = scheduler == null ? null : new io.nija.sim.market.MarketFlow(sim, scheduler, seed);
        if (flow != null) {
            flow.start();
        }
    }

    @Override
    public void close() {
        if (flow != null) {
            flow.close();
        }
    }

    public SimulatedExchanges simulator() {
        return sim;
    }

    @Override
    public Map<String, Venue> venues() {
        return sim.venues();
    }

    @Override
    public List<VenueAccount> openPaperAccounts(String userId) {
        // Opened and funded by each venue the first time it is used: 100 000 users would otherwise hold 600 000
        // simulator accounts, most of them on venues the user never trades on.
        return List.copyOf(sim.paperAccounts(userId).values());
    }

    @Override
    public void restoreAccount(VenueAccount account) {
        if (sim.isPaperAccount(account)) {
            return; // this simulator's own paper credentials: opened on first use
        }
        sim.engine(account.venue()).openAccountIfAbsent(account.apiKey(), account.apiSecret(), account.passphrase(),
                sim.spec(account.venue()).paperBalances());
    }
}
