package io.nija.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.EngineListener;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.instrument.Instrument;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.order.Fill;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.market.OrderBook;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's write path over the real store: how many transactions one order costs, and that a send's intent is
 * committed before the request leaves. The engine runs single-threaded (lanes on the calling thread, executor calls
 * inline, a manual clock), so each submit returns with its order final.
 */
class LaneCommitsTest {
    @TempDir
    static Path dataDir;
    private static JdbcStore store;

    private final ManualClock clock = new ManualClock(Markets.T0);
    private final Instrument btc = Markets.btcUsd("binance");
    private final ScriptedVenue scripted = new ScriptedVenue("binance", clock)
            .list(btc, Markets.book(btc, "49990", "50000", "10", 3));
    private int signals;

    @BeforeAll
    static void open() {
        store = Stores.embedded(dataDir);
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    /**
     * Per order, after the user's first: the signal (group-committed with its audit row), the route (order, legs and
     * audit row), the send's intent, and the answer's save (fill, position, final audit row) carrying the send's
     * outcome, which was queued for it: 4. Before the lane's writes went through the group commit it was 7 (the
     * route's audit row, the outcome and the final audit row on their own). One transaction is allowed beyond 4 per
     * order (an outcome written alone after the writer's 1 s linger, on a stalled machine); one more per order fails.
     */
    @Test
    void anOrderCostsFourTransactionsFromSignalToFill() {
        String user = newUser("commits");
        try (ExecutionEngine engine = engine(scripted)) {
            submit(engine, user); // the lane's first use reads the user, positions and kill switches: not counted
            int orders = 5;
            StoreCounters.Snapshot before = store.counters();
            List<String> orderIds = new java.util.ArrayList<>();
            for (int i = 0; i < orders; i++) {
                orderIds.add(submitted(engine, user));
            }
            long commits = store.counters().minus(before).commits();

            assertThat(orderIds).allSatisfy(id ->
                    assertThat(store.findOrder(id).orElseThrow().status()).isEqualTo(OrderStatus.FILLED));
            assertThat(commits).as("transactions for %d orders", orders).isLessThanOrEqualTo(4L * orders + 1);
        }
    }

    /** The write-before-send rule, as the venue sees it: when a place request arrives, its intent is committed. */
    @Test
    void aSendsIntentIsCommittedBeforeTheRequestReachesTheVenue() {
        String user = newUser("intent");
        List<Long> openIntentsSeenBySend = new CopyOnWriteArrayList<>();
        Venue checking = new CheckingVenue(scripted, request -> openIntentsSeenBySend.add(
                committedOpenIntents(request.clientOrderId())));
        try (ExecutionEngine engine = engine(checking)) {
            for (int i = 0; i < 3; i++) {
                assertThat(submit(engine, user).status()).isEqualTo(OrderStatus.FILLED);
            }
        }

        assertThat(openIntentsSeenBySend).as("committed open intents of each request when it reached the venue")
                .containsExactly(1L, 1L, 1L);
        // And the outcomes were committed with (or before) the saves they led to: none is open once the orders are.
        assertThat(committedOpenIntentsOfAll()).isZero();
    }

    private ExecutionEngine engine(Venue venue) {
        EngineConfig config = EngineConfig.defaults();
        config = config.withExecutor(config.executor().withInlineCalls());
        return new ExecutionEngine(config, store, Map.of("binance", venue),
                (userId, v) -> Optional.of(new VenueAccount(userId, v, "key-" + userId, "secret", null)),
                clock, new ManualScheduler(clock), new Ids(clock, 7), DirectExecutor.INSTANCE, EngineListener.NONE);
    }

    private String newUser(String prefix) {
        String id = prefix + "-" + System.nanoTime();
        store.createUser(new User(id, Role.USER, UserLimits.defaults(), Markets.T0), "hash-" + id);
        return id;
    }

    private Order submit(ExecutionEngine engine, String user) {
        return store.findOrder(submitted(engine, user)).orElseThrow();
    }

    /** The order's id once the engine is done with it (it runs on this thread), without reading the store. */
    private String submitted(ExecutionEngine engine, String user) {
        clock.advance(java.time.Duration.ofSeconds(2)); // under the default trade rate
        TradeSignal s = new TradeSignal("sig_" + user + "_" + (++signals), user, Markets.BTC_USD, Side.BUY,
                new BigDecimal("500"), SignalType.ENTRY, "test", clock.now(), null);
        return engine.submit(s).orderIds().get(0);
    }

    /** Read on a connection of its own, so only what is committed counts (not what the writer holds in a batch). */
    private static long committedOpenIntents(String clientOrderId) {
        return count("SELECT count(*) FROM venue_requests WHERE client_order_id = ? AND outcome IS NULL", clientOrderId);
    }

    private static long committedOpenIntentsOfAll() {
        return count("SELECT count(*) FROM venue_requests WHERE outcome IS NULL", null);
    }

    private static long count(String sql, String parameter) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scripted venue, telling {@code onPlace} about each place request before it takes it. */
    private record CheckingVenue(ScriptedVenue venue, java.util.function.Consumer<VenueOrderRequest> onPlace)
            implements Venue {
        @Override
        public String name() {
            return venue.name();
        }

        @Override
        public List<Instrument> instruments() {
            return venue.instruments();
        }

        @Override
        public OrderBook orderBook(Instrument instrument, int depth) {
            return venue.orderBook(instrument, depth);
        }

        @Override
        public FeeSchedule fees(VenueAccount account, Instrument instrument) {
            return venue.fees(account, instrument);
        }

        @Override
        public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
            onPlace.accept(request);
            return venue.placeOrder(account, request);
        }

        @Override
        public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            return venue.cancelOrder(account, instrument, clientOrderId);
        }

        @Override
        public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            return venue.queryOrder(account, instrument, clientOrderId);
        }

        @Override
        public List<VenueOrderState> openOrders(VenueAccount account) {
            return venue.openOrders(account);
        }

        @Override
        public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
            return venue.fills(account, instrument, clientOrderId);
        }

        @Override
        public Map<String, BigDecimal> balances(VenueAccount account) {
            return venue.balances(account);
        }
    }
}
