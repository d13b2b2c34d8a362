package io.nija.server.venues;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.EngineListener;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.instrument.Pair;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.order.Order;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.memory.InMemoryStore;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.market.SeededMarkets;
import io.nija.venues.binance.BinanceVenue;
import io.nija.venues.bybit.BybitVenue;
import io.nija.venues.common.HttpTimeouts;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Routing follows the books as the simulator's admin endpoint sets them: the engine with the real HTTP adapters of two
 * venues, each book reshaped over {@code POST /__sim/books} (the outside contract), and every order goes where the book
 * is cheaper at that moment. Virtual time; venue calls inline.
 */
class SimBooksRoutingTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final Pair BTC_USD = Pair.parse("BTC-USD");

    private final ManualClock clock = new ManualClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final InMemoryStore store = new InMemoryStore();
    private SimHttpServer server;
    private ExecutionEngine engine;
    private int signals;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aVenueMadeDearerThroughSimBooksStopsGettingOrdersAndGetsThemBackWhenCheaper() throws Exception {
        SimulatedExchanges sim = new SimulatedExchanges(clock, 7L,
                List.of(SeededMarkets.venue("binance"), SeededMarkets.venue("bybit")), Sleeper.none());
        server = SimHttpServer.start(sim, 0);
        HttpTimeouts timeouts = new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        Map<String, Venue> venues = Map.of(
                "binance", new BinanceVenue(server.baseUrl("binance"), clock, timeouts),
                "bybit", new BybitVenue(server.baseUrl("bybit"), clock, timeouts));
        store.createUser(new User("u1", Role.USER, UserLimits.defaults().withTradesPerSecond(1000), T0), "hash");
        Map<String, VenueAccount> accounts = new HashMap<>();
        for (String v : venues.keySet()) {
            accounts.put(v, sim.openPaperAccount("u1", v));
        }
        EngineConfig config = EngineConfig.defaults().withExecutor(EngineConfig.defaults().executor().withInlineCalls());
        engine = new ExecutionEngine(config, store, venues, (user, v) -> Optional.ofNullable(accounts.get(v)),
                clock, scheduler, new Ids(clock, 7L), DirectExecutor.INSTANCE, EngineListener.NONE);

        // bybit 0.5 % dearer: every order goes to binance.
        reshape("bybit", 50);
        assertThat(venuesOfNextOrders(4)).containsOnly("binance");
        // binance 1 % dearer still (on top of the trades' own moves): the orders follow to bybit.
        reshape("binance", 100);
        assertThat(venuesOfNextOrders(4)).containsOnly("bybit");
        // and back when bybit is made the dearer again.
        reshape("bybit", 200);
        assertThat(venuesOfNextOrders(4)).containsOnly("binance");
    }

    /** Moves the venue's BTC-USD book by {@code bps} over the admin endpoint, as an operator or a test harness does. */
    private void reshape(String venue, int bps) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl(venue) + "/__sim/books"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pair\":\"BTC-USD\",\"shift_bps\":" + bps + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // Books are reused for routing for a moment: let that pass, so the next order reads the new shape.
        scheduler.advance(Duration.ofSeconds(1));
    }

    /** Submits {@code n} small market-sized buys and returns the venues they were routed to. */
    private List<String> venuesOfNextOrders(int n) throws InterruptedException {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = engine.submit(new TradeSignal("sig-" + (signals++), "u1", BTC_USD, Side.BUY, new BigDecimal("500"),
                    SignalType.ENTRY, "books", clock.now(), null)).orderIds().get(0);
            engine.awaitLanesIdle(30, java.util.concurrent.TimeUnit.SECONDS);
            Order o = store.findOrder(id).orElseThrow();
            assertThat(o.routeReason()).as("order %s", id).isNotNull();
            out.add(o.venue());
            scheduler.advance(Duration.ofSeconds(1));
        }
        return out;
    }
}
