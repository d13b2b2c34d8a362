package io.nija.server.app;

import io.nija.core.time.Clock;
import io.nija.core.time.ThreadScheduler;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.market.MarketFlow;
import io.nija.sim.state.SimState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --with-sim}: the standalone exchange simulator ({@code nija-router sim}) started in this process on
 * loopback ports, and the router trading on it through the real HTTP adapters, signatures and all, as it would
 * through {@code sim} plus {@code serve --venues-from}. Users are paper users: the simulator is in the same process,
 * so each new user gets its funded accounts there directly, without a trip through {@code /__sim/accounts}.
 *
 * <p>The simulator keeps its state in {@code DATA_DIR/sim} (journal and seed): the router's store and the
 * simulator's books survive a restart together, so orders the router resumes are still known to the venue.
 */
public final class SimOverHttp implements PaperExchange, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimOverHttp.class);
    /** Sub-directory of the router's data directory holding the simulator's journal. */
    public static final String STATE_SUBDIRECTORY = "sim";

    private final SimState state;
    private final SimHttpServer server;
    private final MarketFlow flow;
    private final ThreadScheduler flowScheduler;
    private final Map<String, Venue> venues;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private SimOverHttp(SimState state, SimHttpServer server, MarketFlow flow, ThreadScheduler flowScheduler,
                        Map<String, Venue> venues) {
        this.state = state;
        this.server = server;
        this.flow = flow;
        this.flowScheduler = flowScheduler;
        this.venues = venues;
    }

    /**
     * Opens (or resumes) the simulator in {@code dataDir/sim} with {@code seed} for a new directory, serves every
     * dialect on any free loopback port and builds the HTTP adapters against them.
     *
     * @param marketFlow whether a seeded flow of other traders moves prices and books
     */
    public static SimOverHttp start(Path dataDir, long seed, boolean marketFlow, Clock clock) {
        SimState state;
        try {
            state = SimState.open(dataDir.resolve(STATE_SUBDIRECTORY), seed, clock, Sleeper.threadSleep());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the simulator's state in " + dataDir.resolve(STATE_SUBDIRECTORY), e);
        }
        SimHttpServer server;
        try {
            server = SimHttpServer.start(state.exchanges(), 0);
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
        Map<String, Venue> venues = new LinkedHashMap<>();
        for (String venue : server.venues()) {
            venues.put(venue, HttpVenues.create(venue, server.baseUrl(venue).toString(), clock, false));
            LOG.info("simulated {} over HTTP at {}", venue, server.baseUrl(venue));
        }
        ThreadScheduler scheduler = null;
        MarketFlow flow = null;
        if (marketFlow) {
            scheduler = new ThreadScheduler();
            flow = new MarketFlow(state.exchanges(), scheduler, state.seed());
            flow.start();
        }
        return new SimOverHttp(state, server, flow, scheduler, Map.copyOf(venues));
    }

    /** The simulator's base URL per venue, as {@code sim} prints them and {@code --venues-from} reads them. */
    public Map<String, String> baseUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        server.venues().forEach(v -> urls.put(v, server.baseUrl(v).toString()));
        return urls;
    }

    public SimulatedExchanges simulator() {
        return state.exchanges();
    }

    /** The HTTP adapters, keyed by venue name. */
    @Override
    public Map<String, Venue> venues() {
        return venues;
    }

    @Override
    public List<VenueAccount> openPaperAccounts(String userId) {
        return List.copyOf(state.exchanges().openPaperAccounts(userId).values());
    }

    @Override
    public void restoreAccount(VenueAccount account) {
        SimulatedExchanges sim = state.exchanges();
        sim.engine(account.venue()).openAccountIfAbsent(account.apiKey(), account.apiSecret(), account.passphrase(),
                sim.spec(account.venue()).paperBalances());
    }

    /** After the router's venue executors: the flow, the listeners, then the journal. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (flow != null) {
            flow.close();
            flowScheduler.close();
        }
        server.close();
        state.close();
    }
}
