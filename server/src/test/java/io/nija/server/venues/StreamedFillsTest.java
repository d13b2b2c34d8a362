package io.nija.server.venues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.EngineListener;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.instrument.Pair;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.order.Fill;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.order.OrderType;
import io.nija.core.position.Position;
import io.nija.core.routing.RoutingConfig;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.memory.InMemoryStore;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.time.SystemClock;
import io.nija.core.time.ThreadScheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderView;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.fault.StreamFaults;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.market.SeededMarkets;
import io.nija.venues.VenueAdapters;
import io.nija.venues.common.HttpTimeouts;
import io.nija.venues.stream.PrivateStreamDialect;
import io.nija.venues.stream.StreamConfig;
import io.nija.venues.stream.StreamSupervisor;
import io.nija.venues.stream.VenueStreams;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Orders followed through each venue's private websocket stream, against the simulator's stream dialects over
 * loopback, with the HTTP adapters for REST. The engine runs in virtual time (manual clock and scheduler, venue calls
 * inline); the streams run on real sockets, so their effects are awaited (bounded), never slept for.
 *
 * <p>Each order is a buy limit resting just under the touch; the test then lowers the house ladder and a second
 * account sells into the resting bids, so every fill happens while the order rests, as in real trading.
 */
class StreamedFillsTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final Pair BTC_USD = Pair.parse("BTC-USD");
    private static final int ORDERS = 4;
    private static final Map<String, String> STATUS_REQUEST = Map.of(
            "binance", "GET /api/v3/order", "bybit", "GET /v5/order/realtime", "okx", "GET /api/v5/trade/order",
            "kraken", "POST /0/private/OpenOrders",
            // By venue order id in the path: counted by prefix (statusRequests).
            "coinbase", "GET /api/v3/brokerage/orders/historical/",
            "alpaca", "GET /v2/orders:by_client_order_id");

    private final ManualClock clock = new ManualClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    /** One per run: a test may run twice (polling, then streams), and each run's stop closes it. */
    private ThreadScheduler streamScheduler;
    private InMemoryStore store;
    private SimulatedExchanges sim;
    private SimHttpServer server;
    private ExecutionEngine engine;
    private StreamSupervisor streams;
    private VenueAccount account;
    private String venue;
    private final List<String> orderIds = new ArrayList<>();
    /** Order-status requests of the last run from the end of the places on. */
    private long followUpRequests;

    @AfterEach
    void stop() {
        if (streams != null) {
            streams.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (server != null) {
            server.close();
        }
        if (streamScheduler != null) {
            streamScheduler.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance", "bybit", "okx", "kraken", "coinbase", "alpaca"})
    void healthyStreamsCutOrderStatusRequestsTenfold(String venueName) {
        long polled = run(venueName, false, StreamFaults.NONE);
        long polledAfterPlace = followUpRequests;
        stop();
        orderIds.clear();
        long streamed = run(venueName, true, StreamFaults.NONE);
        long streamedAfterPlace = followUpRequests;

        System.out.printf("%s order-status requests for %d orders: polling %d (%d after the place), streams %d (%d)%n",
                venueName, ORDERS, polled, polledAfterPlace, streamed, streamedAfterPlace);
        // Kraken's Starter key allows 15 counter units, regained at 0.33 a second: polling is slower there.
        assertThat(polledAfterPlace).as("status requests while polling")
                .isGreaterThanOrEqualTo((venueName.equals("kraken") ? 2L : 4L) * ORDERS);
        // Asked after the place: the follow-ups the streams replace.
        assertThat(streamedAfterPlace * 10).as("status requests after the place with streams (%d) against polling (%d)",
                streamedAfterPlace, polledAfterPlace).isLessThanOrEqualTo(polledAfterPlace);
        // All of them: where the place answer only acknowledges, polling reads each order back once after the place;
        // with the account's stream healthy that read is left out (the stream pushes the order's state).
        assertThat(streamed * 10).as("status requests with streams (%d) against polling (%d)", streamed, polled)
                .isLessThanOrEqualTo(polled);
        assertThat(streams.stats(venueName).events()).isGreaterThanOrEqualTo(ORDERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance", "bybit", "okx", "kraken", "coinbase", "alpaca"})
    void duplicatedAndDelayedMessagesCountEachFillOnce(String venueName) {
        run(venueName, true, new StreamFaults(false, false, 20, 1.0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance", "bybit", "okx", "kraken", "coinbase", "alpaca"})
    void aSilentStreamIsFoundOutByTheSafetyNetAndReconnected(String venueName) {
        run(venueName, true, new StreamFaults(true, false, 0, 0, 0));
        assertThat(streams.stats(venueName).stalls()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance", "bybit", "okx", "kraken", "coinbase", "alpaca"})
    void aDroppedStreamFallsBackToPollingAndCatchesUpWhenBack(String venueName) {
        run(venueName, true, new StreamFaults(false, true, 0, 0, 0));
        long catchUps = streams.stats(venueName).catchUps();
        sim.faults(venueName).setStreamFaults(StreamFaults.NONE);
        // Virtual time goes on while the stream comes back: a reconnect may wait for the key's REST budget (Kraken's
        // token), which only time restores.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!streams.healthy(account)) {
                advance(Duration.ofSeconds(1));
            }
            return streams.healthy(account);
        });
        assertThat(streams.stats(venueName).catchUps()).isGreaterThan(catchUps);
    }

    @Test
    void theSimulatorRefusesAStreamWithAnUnknownListenKey() throws Exception {
        start("binance", false);
        var client = java.net.http.HttpClient.newHttpClient();
        var closed = new java.util.concurrent.CompletableFuture<Integer>();
        client.newWebSocketBuilder().buildAsync(URI.create(wsBase("binance") + "/ws/nope"),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String r) {
                        closed.complete(code);
                        return null;
                    }
                }).join();
        assertThat(closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
    }

    // ---- the scenario --------------------------------------------------------------------------------------

    /**
     * Places {@link #ORDERS} resting buys, lets 20 s of virtual time pass, sets {@code faults}, fills them all from a
     * second account and drives time on until every order is final. Checks that every order filled, each venue fill
     * counted once, the position equals the venue's fills and nothing was placed twice. Returns the order-status
     * requests the venue saw.
     */
    private long run(String venueName, boolean withStreams, StreamFaults faults) {
        start(venueName, withStreams);
        if (withStreams) {
            streams.stream(account);
            await().atMost(Duration.ofSeconds(10)).until(() -> streams.healthy(account));
            // Binance's stream counts as up once the socket opens; the venue matches the listen key a moment later.
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streams(venueName).subscribedSessions() == 1);
        }
        long before = statusRequests(venueName);
        for (int i = 0; i < ORDERS; i++) {
            orderIds.add(engine.submit(new TradeSignal("sig-" + i, "u1", BTC_USD, Side.BUY, new BigDecimal("200"),
                    SignalType.ENTRY, "streams", clock.now(), null)).orderIds().get(0));
        }
        // A pushed event of an earlier order may hold the lane while the next is submitted: let the places land.
        awaitLanesIdle();
        // The venue's answer reaches the lane from the executor's thread, possibly after the lanes looked idle.
        await().atMost(Duration.ofSeconds(30)).until(() -> orders().stream().allMatch(o -> o.status() == OrderStatus.EXECUTING));
        awaitLanesIdle();
        long afterPlace = statusRequests(venueName);
        advance(Duration.ofSeconds(20));
        sim.faults(venueName).setStreamFaults(faults);
        fillTheRestingBids();
        if (withStreams && !faults.stall() && !faults.disconnect()) {
            // Pushed: final without any time passing.
            await().atMost(Duration.ofSeconds(10)).until(() -> orders().stream().allMatch(o -> o.status().isTerminal()));
        }
        for (int s = 0; s < 180 && !orders().stream().allMatch(o -> o.status() == OrderStatus.FILLED); s++) {
            advance(Duration.ofSeconds(1));
        }
        assertOrdersFilledOnceAndPositionsMatch();
        followUpRequests = statusRequests(venueName) - afterPlace;
        return statusRequests(venueName) - before;
    }

    private void start(String venueName, boolean withStreams) {
        venue = venueName;
        streamScheduler = new ThreadScheduler();
        store = new InMemoryStore();
        sim = new SimulatedExchanges(clock, 7L, List.of(SeededMarkets.venue(venueName)), Sleeper.none());
        server = SimHttpServer.start(sim, 0);
        HttpTimeouts timeouts = new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        Venue adapter = VenueAdapters.create(venueName, server.baseUrl(venueName), clock, timeouts);
        store.createUser(new User("u1", Role.USER, UserLimits.defaults().withTradesPerSecond(1000), T0), "hash");
        account = sim.openPaperAccount("u1", venueName);
        RoutingConfig r = RoutingConfig.defaults();
        // Buys priced 0.1 % under the touch: they rest until someone sells into them.
        RoutingConfig resting = new RoutingConfig(r.weights(), r.liquidityMultiple(), r.priceBand(), r.twapThresholdUsd(),
                r.twapSlices(), r.twapInterval(), new BigDecimal("-0.001"), r.loadScale());
        EngineConfig config = EngineConfig.defaults().withRouting(resting)
                .withExecutor(EngineConfig.defaults().executor().withInlineCalls())
                .withRestingOrderTtl(Duration.ofMinutes(10));
        engine = new ExecutionEngine(config, store, Map.of(venueName, adapter),
                (user, v) -> Optional.ofNullable(user.equals("u1") && v.equals(venueName) ? account : null),
                clock, scheduler, new Ids(clock, 7L), DirectExecutor.INSTANCE, EngineListener.NONE);
        if (withStreams) {
            // The address the router itself derives from the REST base (loopback: the same port).
            PrivateStreamDialect dialect = VenueStreams.privateStream(venueName, server.baseUrl(venueName), adapter)
                    .orElseThrow();
            streams = new StreamSupervisor(Map.of(venueName, dialect), engine.orderEvents(), streamScheduler,
                    new SystemClock(), new StreamConfig(Duration.ofMillis(20), Duration.ofMillis(200),
                    Duration.ofSeconds(90), Duration.ofMinutes(30)));
            engine.orderStreams(streams, Duration.ofSeconds(30), Duration.ofSeconds(5));
        }
    }

    /** The venue's order-status requests so far (Coinbase's carry the order id in the path). */
    private long statusRequests(String venueName) {
        String request = STATUS_REQUEST.get(venueName);
        if (!request.endsWith("/")) {
            return sim.requests(venueName).count(request);
        }
        return sim.requests(venueName).snapshot().entrySet().stream()
                .filter(e -> e.getKey().startsWith(request) && !e.getKey().substring(request.length()).contains("/")
                        && !e.getKey().endsWith("/batch") && !e.getKey().endsWith("/fills"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private URI wsBase(String venueName) {
        return URI.create("ws://127.0.0.1:" + server.port(venueName));
    }

    /** The house ladder moves 3 % down (so our bids are the best), then another account sells exactly what they want. */
    private void fillTheRestingBids() {
        MatchingEngine m = sim.engine(venue);
        String symbol = orders().get(0).legs().get(0).instrument().symbol();
        m.reshapeBook(symbol, new BigDecimal("-300"), BigDecimal.ONE);
        BigDecimal wanted = orders().stream().flatMap(o -> o.legs().stream()).map(OrderLeg::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        VenueAccount seller = sim.openPaperAccount("seller", venue);
        OrderView sold = m.place(seller.apiKey(), new NewOrder(symbol, null, Side.SELL, OrderType.MARKET, wanted, null, null));
        assertThat(sold.filledQty()).isEqualByComparingTo(wanted);
    }

    private void advance(Duration d) {
        for (long s = 0; s < d.toSeconds(); s++) {
            scheduler.advance(Duration.ofSeconds(1));
            // Stream events run on the stream's thread through the same lanes: let them land before time moves on.
            awaitLanesIdle();
        }
    }

    private void awaitLanesIdle() {
        try {
            engine.awaitLanesIdle(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Order> orders() {
        return orderIds.stream().map(id -> store.findOrder(id).orElseThrow()).toList();
    }

    private void assertOrdersFilledOnceAndPositionsMatch() {
        MatchingEngine m = sim.engine(venue);
        BigDecimal venueFilled = BigDecimal.ZERO;
        for (Order o : orders()) {
            assertThat(o.status()).as("order %s", o.orderId()).isEqualTo(OrderStatus.FILLED);
            assertThat(o.legs()).hasSize(1);
            OrderLeg leg = o.legs().get(0);
            OrderView atVenue = m.orderByClientId(account.apiKey(), leg.clientOrderId()).orElseThrow();
            assertThat(leg.fills()).hasSize(atVenue.fills().size());
            assertThat(leg.fills().stream().map(Fill::fillId).distinct().count()).isEqualTo(leg.fills().size());
            assertThat(leg.filledQty()).isEqualByComparingTo(atVenue.filledQty());
            venueFilled = venueFilled.add(atVenue.filledQty());
        }
        // Nothing sent twice: the venue accepted exactly one order per leg from this account.
        long placed = m.acceptedOrders().stream().filter(v -> v.apiKey().equals(account.apiKey())).count();
        assertThat(placed).isEqualTo(ORDERS);
        BigDecimal held = store.findPositions("u1").stream().filter(p -> p.venue().equals(venue))
                .map(Position::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal baseFees = orders().stream().flatMap(o -> o.legs().get(0).fills().stream())
                .filter(f -> "BTC".equals(f.feeAsset())).map(Fill::fee).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(held).isEqualByComparingTo(venueFilled.subtract(baseFees));
    }
}
