package io.nija.server.app;

import io.nija.core.time.Clock;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import java.util.List;
import java.util.Map;

/** Paper trading on the in-process simulator: six seeded venues, a funded account per user and venue. */
public final class SimPaperExchange implements PaperExchange {
    private final SimulatedExchanges sim;

    public SimPaperExchange(Clock clock, long seed) {
        this.sim = new SimulatedExchanges(clock, seed);
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
        return List.copyOf(sim.openPaperAccounts(userId).values());
    }

    @Override
    public void restoreAccount(VenueAccount account) {
        sim.engine(account.venue()).openAccountIfAbsent(account.apiKey(), account.apiSecret(), account.passphrase(),
                sim.spec(account.venue()).paperBalances());
    }
}
