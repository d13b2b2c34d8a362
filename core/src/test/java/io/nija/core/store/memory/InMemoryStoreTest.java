package io.nija.core.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.order.OrderType;
import io.nija.core.position.Position;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AcceptedSignal;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.CredentialInfo;
import io.nija.core.store.DuplicateKeyException;
import io.nija.core.store.OrderQuery;
import io.nija.core.testing.Markets;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.user.UserMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The test store behaves like the Store port promises, so engine tests over it mean something. */
class InMemoryStoreTest {
    final InMemoryStore store = new InMemoryStore();
    final Instrument btc = Markets.btcUsd("binance");

    static TradeSignal signal(String id, String user, String key, Instant at) {
        return new TradeSignal(id, user, Markets.BTC_USD, Side.BUY, new BigDecimal("100"), SignalType.ENTRY, "s", at, key);
    }

    static Order order(String id, String signalId, String user, Instant at) {
        return new Order(id, signalId, user, Markets.BTC_USD, Side.BUY, SignalType.ENTRY, new BigDecimal("100"), at);
    }

    static Fill fill(String id, String venue, String qty) {
        return new Fill(id, venue, new BigDecimal(qty), new BigDecimal("50000"), BigDecimal.ZERO, "USD", Liquidity.TAKER,
                Markets.T0);
    }

    @Test
    void modesTokensAndCredentialInfoBehaveAsTheJdbcStoreDoes() {
        store.createUser(new User("u1", Role.USER, UserLimits.defaults(), Markets.T0), "h1");
        store.createUser(new User("u2", Role.USER, UserLimits.defaults(), Markets.T0), "h2");
        assertThat(store.findUserMode("u1")).isEmpty();
        store.saveUserMode("u1", UserMode.LIVE);
        assertThat(store.findUserMode("u1")).contains(UserMode.LIVE);
        assertThatThrownBy(() -> store.saveUserMode("ghost", UserMode.LIVE)).isInstanceOf(IllegalArgumentException.class);

        store.replaceToken("u1", "h1b");
        assertThat(store.findUserByTokenHash("h1")).isEmpty();
        assertThat(store.findUserByTokenHash("h1b")).map(User::userId).contains("u1");
        assertThatThrownBy(() -> store.replaceToken("u2", "h1b")).isInstanceOf(DuplicateKeyException.class);
        store.replaceToken("u1", null);
        assertThat(store.findUserByTokenHash("h1b")).isEmpty();

        CredentialInfo info = new CredentialInfo("kraken", "abcd", List.of("read", "trade"), Markets.T0);
        store.saveCredential("u1", "kraken", new byte[] {1}, info);
        store.saveCredential("u1", "binance", new byte[] {2});
        store.saveCredential("u1", "kraken", new byte[] {3});
        assertThat(store.credentialsOf("u1")).containsExactly(
                new CredentialInfo("binance", null, List.of(), null), info);
        assertThat(store.reloaded().credentialsOf("u1")).containsExactly(
                new CredentialInfo("binance", null, List.of(), null), info);
        assertThatThrownBy(() -> store.saveCredential("ghost", "kraken", new byte[] {1}, info))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usersAreUniqueByIdAndByTokenHash() {
        User u = new User("u1", Role.USER, UserLimits.defaults(), Markets.T0);
        store.createUser(u, "h1");
        assertThatThrownBy(() -> store.createUser(u, "h2")).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> store.createUser(new User("u2", Role.USER, UserLimits.defaults(), Markets.T0), "h1"))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store.findUserByTokenHash("h1")).contains(u);
        assertThat(store.findUserByTokenHash("nope")).isEmpty();
        store.saveLimits("u1", UserLimits.defaults().withEnabled(false));
        assertThat(store.findUser("u1").orElseThrow().limits().enabled()).isFalse();
        assertThat(store.listUsers()).hasSize(1);
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstSignalAndWritesNothing() {
        Order first = order("o1", "s1", "u1", Markets.T0);
        AcceptedSignal a = store.saveAcceptedSignal(signal("s1", "u1", "k", Markets.T0), List.of(first));
        AcceptedSignal b = store.saveAcceptedSignal(signal("s2", "u1", "k", Markets.T0), List.of(order("o2", "s2", "u1", Markets.T0)));
        assertThat(b).isEqualTo(a);
        assertThat(b.orderIds()).containsExactly("o1");
        assertThat(store.findOrder("o2")).isEmpty();
        assertThat(store.findSignal("u1", "k")).contains(a);
        assertThat(store.findSignal("u2", "k")).isEmpty();
        // no key: every signal is new
        store.saveAcceptedSignal(signal("s3", "u1", null, Markets.T0), List.of(order("o3", "s3", "u1", Markets.T0)));
        store.saveAcceptedSignal(signal("s4", "u1", null, Markets.T0), List.of(order("o4", "s4", "u1", Markets.T0)));
        assertThat(store.signalCount()).isEqualTo(3);
        assertThatThrownBy(() -> store.saveAcceptedSignal(signal("s1", "u1", "other", Markets.T0), List.of()))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void concurrentSignalsWithOneKeyStoreExactlyOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<AcceptedSignal>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    go.await();
                    return store.saveAcceptedSignal(signal("s" + n, "u1", "same", Markets.T0),
                            List.of(order("o" + n, "s" + n, "u1", Markets.T0)));
                }));
            }
            go.countDown();
            String winner = results.get(0).get().signalId();
            for (Future<AcceptedSignal> f : results) {
                assertThat(f.get().signalId()).isEqualTo(winner);
            }
            assertThat(store.allOrders()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fillsAreUniquePerLegAndFillIdBecauseVenuesShareTradeIdsBetweenTheTwoSides() {
        Order o = order("o1", "s1", "u1", Markets.T0);
        OrderLeg a = new OrderLeg("o1-0", 0, btc, OrderType.MARKET, BigDecimal.ONE, null, Markets.T0, "c0");
        OrderLeg b = new OrderLeg("o1-1", 1, btc, OrderType.MARKET, BigDecimal.ONE, null, Markets.T0, "c1");
        OrderLeg c = new OrderLeg("o1-2", 2, Markets.btcUsd("kraken"), OrderType.MARKET, BigDecimal.ONE, null, Markets.T0, "c2");
        o.routed(ExecutionMethod.MARKET, "r", List.of(a, b, c));
        a.applyFill(fill("t1", "binance", "0.5"));
        b.applyFill(fill("t1", "binance", "0.5"));   // a self-trade: one venue trade id on two of our orders
        c.applyFill(fill("t1", "kraken", "0.25"));   // same id on another venue is another fill
        store.saveOrder(o);
        store.saveOrder(o);                          // saved again: nothing is added twice
        assertThat(store.storedFills()).hasSize(3);
        assertThat(store.storedFills("o1")).extracting(f -> f.legId()).containsExactly("o1-0", "o1-1", "o1-2");
    }

    @Test
    void activeOrdersAreTheNonTerminalOnesOldestFirst() {
        Order late = order("o2", "s2", "u1", Markets.T0.plusSeconds(2));
        Order early = order("o1", "s1", "u1", Markets.T0.plusSeconds(1));
        Order done = order("o3", "s3", "u1", Markets.T0);
        done.reject("x", "y", Markets.T0);
        store.saveOrder(late);
        store.saveOrder(early);
        store.saveOrder(done);
        assertThat(store.findActiveOrders()).extracting(Order::orderId).containsExactly("o1", "o2");
    }

    @Test
    void ordersAreListedNewestFirstFilteredAndLimited() {
        for (int i = 0; i < 5; i++) {
            store.saveOrder(order("o" + i, "s" + i, i % 2 == 0 ? "u1" : "u2", Markets.T0.plusSeconds(i)));
        }
        assertThat(store.findOrders(new OrderQuery(null, null, 3))).extracting(Order::orderId).containsExactly("o4", "o3", "o2");
        assertThat(store.findOrders(new OrderQuery("u2", null, 10))).extracting(Order::orderId).containsExactly("o3", "o1");
        assertThat(store.findOrders(new OrderQuery(null, OrderStatus.PENDING, 10))).hasSize(5);
        assertThat(store.findOrders(new OrderQuery(null, OrderStatus.FILLED, 10))).isEmpty();
    }

    @Test
    void positionsAreStoredAsCopiesPerUserVenueAndPair() {
        Position p = new Position("u1", "binance", Markets.BTC_USD);
        p.apply(Side.BUY, BigDecimal.ONE, new BigDecimal("100"), BigDecimal.ZERO);
        store.savePositions(List.of(p));
        p.apply(Side.BUY, BigDecimal.ONE, new BigDecimal("100"), BigDecimal.ZERO); // not saved
        store.savePositions(List.of(new Position("u2", "binance", Markets.BTC_USD)));
        assertThat(store.findPositions("u1")).singleElement().satisfies(x -> assertThat(x.quantity()).isEqualByComparingTo("1"));
        assertThat(store.findPositions(null)).hasSize(2);
        store.findPositions("u1").get(0).apply(Side.SELL, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO);
        assertThat(store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("1");
    }

    @Test
    void auditIsAppendOnlyAndRecentIsNewestFirst() {
        for (int i = 0; i < 5; i++) {
            store.appendAudit(new AuditEvent(Markets.T0.plusSeconds(i), "a", "order", "o" + i, "x", null));
        }
        assertThat(store.recentAudit(2)).extracting(AuditEvent::entityId).containsExactly("o4", "o3");
        assertThat(store.auditLog()).extracting(AuditEvent::entityId).containsExactly("o0", "o1", "o2", "o3", "o4");
    }

    @Test
    void theAuditLogIsHashChainedAsTheJdbcLogIsAndARestartKeepsTheChain() {
        for (int i = 0; i < 5; i++) {
            store.appendAudit(new AuditEvent(Markets.T0.plusSeconds(i), "a", "order", "o" + i, "x", i == 2 ? null : "d"));
        }
        List<io.nija.core.store.AuditRecord> rows = store.auditRecordsFrom(1);
        assertThat(rows).extracting(io.nija.core.store.AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(rows.get(0).prevHash()).isEqualTo(io.nija.core.store.AuditHash.GENESIS);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).prevHash()).isEqualTo(rows.get(i - 1).hash());
            assertThat(rows.get(i).hash()).isEqualTo(io.nija.core.store.AuditHash.of(rows.get(i).prevHash(), i + 1L,
                    rows.get(i).event()));
        }
        assertThat(store.verifyAuditChain()).isEmpty();
        assertThat(store.auditRecordsFrom(4)).extracting(io.nija.core.store.AuditRecord::seq).containsExactly(4L, 5L);

        InMemoryStore restarted = store.reloaded();
        restarted.appendAudit(new AuditEvent(Markets.T0.plusSeconds(9), "a", "order", "o9", "x", null));
        assertThat(restarted.verifyAuditChain()).isEmpty();
        assertThat(restarted.auditRecordsFrom(6)).singleElement()
                .satisfies(r -> assertThat(r.prevHash()).isEqualTo(rows.get(4).hash()));
    }

    @Test
    void theChainVerifierFindsTheFirstRowThatDoesNotFit() {
        for (int i = 0; i < 4; i++) {
            store.appendAudit(new AuditEvent(Markets.T0.plusSeconds(i), "a", "order", "o" + i, "x", null));
        }
        List<io.nija.core.store.AuditRecord> rows = new ArrayList<>(store.auditRecordsFrom(1));
        io.nija.core.store.AuditRecord third = rows.get(2);
        rows.set(2, new io.nija.core.store.AuditRecord(third.seq(), new AuditEvent(third.event().time(), "a", "order",
                "o2", "edited", null), third.prevHash(), third.hash()));
        io.nija.core.store.AuditHash.Verifier chain = new io.nija.core.store.AuditHash.Verifier();
        assertThat(rows).extracting(chain::accept).containsExactly(true, true, false, false);
        assertThat(chain.expectedSeq()).isEqualTo(3);
    }

    @Test
    void credentialsAreCopiedInAndOut() {
        byte[] sealed = {1, 2, 3};
        store.saveCredential("u1", "binance", sealed);
        sealed[0] = 9;
        byte[] read = store.findCredential("u1", "binance").orElseThrow();
        assertThat(read).containsExactly(1, 2, 3);
        read[1] = 9;
        assertThat(store.findCredential("u1", "binance").orElseThrow()).containsExactly(1, 2, 3);
        assertThat(store.findCredential("u1", "kraken")).isEmpty();
    }

    @Test
    void aReloadedStoreSharesNoOrderObjectButHoldsTheSameState() {
        Order o = order("o1", "s1", "u1", Markets.T0);
        o.moveTo(OrderStatus.ROUTING, Markets.T0, null);
        OrderLeg leg = new OrderLeg("o1-0", 0, btc, OrderType.LIMIT, BigDecimal.ONE, new BigDecimal("50000"), Markets.T0, "c0");
        o.routed(ExecutionMethod.LIMIT, "r", List.of(leg));
        o.moveTo(OrderStatus.QUEUED, Markets.T0, null);
        leg.moveTo(OrderStatus.EXECUTING, null);
        leg.applyFill(fill("t1", "binance", "0.4"));
        leg.moveTo(OrderStatus.PARTIAL_FILL, "part");
        leg.venueOrderId("v1");
        store.saveAcceptedSignal(signal("s1", "u1", "k", Markets.T0), List.of(o));

        InMemoryStore reloaded = store.reloaded();
        Order copy = reloaded.findOrder("o1").orElseThrow();
        assertThat(copy).isNotSameAs(o);
        assertThat(copy.status()).isEqualTo(OrderStatus.QUEUED);
        assertThat(copy.executionMethod()).isEqualTo(ExecutionMethod.LIMIT);
        OrderLeg l = copy.legs().get(0);
        assertThat(l).isNotSameAs(leg);
        assertThat(l.status()).isEqualTo(OrderStatus.PARTIAL_FILL);
        assertThat(l.filledQty()).isEqualByComparingTo("0.4");
        assertThat(l.venueOrderId()).isEqualTo("v1");
        assertThat(l.clientOrderId()).isEqualTo("c0");
        assertThat(reloaded.findSignal("u1", "k")).isPresent();
        leg.moveTo(OrderStatus.FILLED, null);
        assertThat(l.status()).isEqualTo(OrderStatus.PARTIAL_FILL);
        assertThat(store.isHealthy()).isTrue();
        store.close();
        assertThat(store.isHealthy()).isFalse();
    }
}
