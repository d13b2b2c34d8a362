package io.nija.store;

import static io.nija.store.TestData.T0;
import static io.nija.store.TestData.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.position.Position;
import io.nija.core.signal.Side;
import io.nija.core.store.AcceptedSignal;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.CredentialInfo;
import io.nija.core.store.DuplicateKeyException;
import io.nija.core.store.OrderQuery;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.user.UserMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JdbcStore} must do, whatever PostgreSQL it runs on. Subclasses provide the store; all
 * tests share it, so each test works with its own fresh user and order ids.
 */
abstract class StoreContract {

    protected abstract JdbcStore store();

    private String newUser() {
        String userId = id("u");
        store().createUser(TestData.user(userId), id("tokenhash"));
        return userId;
    }

    // --- users --------------------------------------------------------------------------------------

    @Test
    void aCreatedUserIsFoundByIdAndByTokenHash() {
        String userId = id("u");
        String tokenHash = id("th");
        User user = TestData.user(userId);
        store().createUser(user, tokenHash);

        assertThat(store().findUser(userId)).contains(user);
        assertThat(store().findUserByTokenHash(tokenHash)).contains(user);
        assertThat(store().findUserByTokenHash(id("other"))).isEmpty();
        assertThat(store().findUser(id("nobody"))).isEmpty();
        assertThat(store().listUsers()).contains(user);
    }

    @Test
    void creatingAnExistingUserIdOrReusingATokenHashThrowsDuplicateKey() {
        String userId = id("u");
        String tokenHash = id("th");
        store().createUser(TestData.user(userId), tokenHash);

        assertThatThrownBy(() -> store().createUser(new User(userId, Role.ADMIN, UserLimits.defaults(), T0), id("th")))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store().findUser(userId).orElseThrow().role()).isEqualTo(Role.USER);

        String other = id("u");
        assertThatThrownBy(() -> store().createUser(TestData.user(other), tokenHash))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store().findUser(other)).as("nothing of the failed create is kept").isEmpty();
    }

    @Test
    void limitsRoundTripExactly() {
        String userId = newUser();
        UserLimits limits = new UserLimits(false, Set.of("binance", "kraken"), Set.of("BTC-USD", "ETH-USD"),
                new BigDecimal("1234.56"), new BigDecimal("0.00000001"), new BigDecimal("99999999999.99"), 3, 2.5);
        store().saveLimits(userId, limits);

        UserLimits read = store().findUser(userId).orElseThrow().limits();
        assertThat(read).isEqualTo(limits);
        assertThat(read.maxOrderUsd()).hasToString("1234.56");
        assertThat(read.maxPositionUsd()).hasToString("1E-8");

        store().saveLimits(userId, UserLimits.defaults().withTradesPerSecond(0.1));
        assertThat(store().findUser(userId).orElseThrow().limits()).isEqualTo(UserLimits.defaults().withTradesPerSecond(0.1));
    }

    @Test
    void limitsOrCredentialsOfAnUnknownUserAreRefused() {
        assertThatThrownBy(() -> store().saveLimits(id("ghost"), UserLimits.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().saveCredential(id("ghost"), "binance", new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSealedCredentialRoundTripsByteForByteAndIsReplaced() {
        String userId = newUser();
        byte[] sealed = new byte[512];
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = (byte) (i * 31);
        }
        store().saveCredential(userId, "binance", sealed);
        assertThat(store().findCredential(userId, "binance")).hasValueSatisfying(b -> assertThat(b).isEqualTo(sealed));
        assertThat(store().findCredential(userId, "kraken")).isEmpty();

        store().saveCredential(userId, "binance", new byte[] {0, 1, 2});
        assertThat(store().findCredential(userId, "binance")).hasValueSatisfying(b -> assertThat(b).containsExactly(0, 1, 2));
    }

    @Test
    void aCredentialsShownPartIsStoredWithItAndKeptWhenOnlyTheSealedBlobIsReplaced() {
        String userId = newUser();
        Instant at = Instant.parse("2025-03-01T10:00:00.123456Z");
        store().saveCredential(userId, "kraken", new byte[] {9}, new CredentialInfo("kraken", "x9Qz",
                List.of("read", "trade", "withdraw"), at));
        store().saveCredential(userId, "binance", new byte[] {1});

        assertThat(store().credentialsOf(userId)).containsExactly(
                new CredentialInfo("binance", null, List.of(), null),
                new CredentialInfo("kraken", "x9Qz", List.of("read", "trade", "withdraw"), at));
        // Re-wrapping a sealed blob (master key rotation) leaves what was checked as it was.
        store().saveCredential(userId, "kraken", new byte[] {8});
        assertThat(store().credentialsOf(userId)).last().isEqualTo(
                new CredentialInfo("kraken", "x9Qz", List.of("read", "trade", "withdraw"), at));
        assertThat(store().findCredential(userId, "kraken")).hasValueSatisfying(b -> assertThat(b).containsExactly(8));
        assertThat(store().credentialsOf(id("nobody"))).isEmpty();
        assertThatThrownBy(() -> store().saveCredential(id("ghost"), "kraken", new byte[] {1},
                new CredentialInfo("kraken", "abcd", List.of(), at))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUsersModeIsEmptyUntilStoredAndThenReplaced() {
        String userId = newUser();
        assertThat(store().findUserMode(userId)).isEmpty();
        store().saveUserMode(userId, UserMode.PAPER);
        assertThat(store().findUserMode(userId)).contains(UserMode.PAPER);
        store().saveUserMode(userId, UserMode.LIVE);
        assertThat(store().findUserMode(userId)).contains(UserMode.LIVE);
        assertThatThrownBy(() -> store().saveUserMode(id("ghost"), UserMode.LIVE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replacingATokenMakesTheOldOneStopAtOnceAndNullOnlyRevokes() {
        String userId = id("u");
        String first = id("th");
        store().createUser(TestData.user(userId), first);
        String second = id("th");

        store().replaceToken(userId, second);
        assertThat(store().findUserByTokenHash(first)).isEmpty();
        assertThat(store().findUserByTokenHash(second)).map(User::userId).contains(userId);

        String other = newUser();
        assertThatThrownBy(() -> store().replaceToken(other, second)).isInstanceOf(DuplicateKeyException.class);

        store().replaceToken(userId, null);
        assertThat(store().findUserByTokenHash(second)).isEmpty();
        assertThat(store().findUser(userId)).as("the user and its history stay").isPresent();
        assertThatThrownBy(() -> store().replaceToken(id("ghost"), id("th"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUsersWebhookIsStoredSealedReplacedAndDeleted() {
        String userId = newUser();
        assertThat(store().findUserWebhook(userId)).isEmpty();
        store().saveUserWebhook(userId, new byte[] {9, 8, 7});
        assertThat(store().findUserWebhook(userId)).hasValueSatisfying(b -> assertThat(b).containsExactly(9, 8, 7));
        store().saveUserWebhook(userId, new byte[] {1});
        assertThat(store().findUserWebhook(userId)).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
        assertThat(store().deleteUserWebhook(userId)).isTrue();
        assertThat(store().deleteUserWebhook(userId)).isFalse();
        assertThat(store().findUserWebhook(userId)).isEmpty();
        assertThatThrownBy(() -> store().saveUserWebhook(id("ghost"), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- signals ------------------------------------------------------------------------------------

    @Test
    void anAcceptedSignalIsStoredWithItsOrders() {
        String userId = newUser();
        String signalId = id("sig");
        Order a = TestData.pendingOrder(id("ord"), signalId, userId, T0);
        Order b = TestData.pendingOrder(id("ord"), signalId, userId, T0);

        AcceptedSignal accepted = store().saveAcceptedSignal(TestData.signal(signalId, userId, "k1", T0), List.of(a, b));

        assertThat(accepted).isEqualTo(new AcceptedSignal(signalId, userId, "k1", List.of(a.orderId(), b.orderId()), T0));
        assertThat(store().findSignal(userId, "k1")).contains(accepted);
        assertThat(store().findSignal(userId, "k2")).isEmpty();
        assertSameOrder(store().findOrder(a.orderId()).orElseThrow(), a);
        assertSameOrder(store().findOrder(b.orderId()).orElseThrow(), b);
    }

    @Test
    void aRepeatedIdempotencyKeyWritesNothingAndReturnsTheFirstAnswer() {
        String userId = newUser();
        String first = id("sig");
        Order firstOrder = TestData.pendingOrder(id("ord"), first, userId, T0);
        AcceptedSignal original = store().saveAcceptedSignal(TestData.signal(first, userId, "same", T0), List.of(firstOrder));

        String second = id("sig");
        Order secondOrder = TestData.pendingOrder(id("ord"), second, userId, T0.plusSeconds(5));
        AcceptedSignal repeat = store().saveAcceptedSignal(TestData.signal(second, userId, "same", T0.plusSeconds(5)),
                List.of(secondOrder));

        assertThat(repeat).isEqualTo(original);
        assertThat(store().findOrder(secondOrder.orderId())).isEmpty();
        // The key is per user: another user may use the same one.
        String otherUser = newUser();
        String third = id("sig");
        assertThat(store().saveAcceptedSignal(TestData.signal(third, otherUser, "same", T0), List.of()).signalId())
                .isEqualTo(third);
    }

    @Test
    void concurrentRepeatsOfOneKeyStoreExactlyOneSignal() throws Exception {
        String userId = newUser();
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AcceptedSignal>> answers = new ArrayList<>();
        List<Order> orders = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < threads; i++) {
                String signalId = id("sig");
                Order order = TestData.pendingOrder(id("ord"), signalId, userId, T0);
                orders.add(order);
                answers.add(pool.submit(() -> {
                    go.await();
                    return store().saveAcceptedSignal(TestData.signal(signalId, userId, "race", T0), List.of(order));
                }));
            }
            go.countDown();
        }
        AcceptedSignal winner = answers.get(0).get();
        for (Future<AcceptedSignal> f : answers) {
            assertThat(f.get()).isEqualTo(winner);
        }
        assertThat(winner.orderIds()).hasSize(1);
        long stored = orders.stream().filter(o -> store().findOrder(o.orderId()).isPresent()).count();
        assertThat(stored).isEqualTo(1);
        assertThat(store().findOrders(new OrderQuery(userId, null, 100))).hasSize(1);
    }

    @Test
    void signalsArrivingTogetherAreAllStoredAndABadOneFailsAlone() throws Exception {
        int users = 40;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AcceptedSignal>> answers = new ArrayList<>();
        List<Order> orders = new ArrayList<>();
        Future<AcceptedSignal> bad;
        String takenUser = newUser();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < users; i++) {
                String userId = newUser();
                String signalId = id("sig");
                Order order = TestData.pendingOrder(id("ord"), signalId, userId, T0);
                orders.add(order);
                answers.add(pool.submit(() -> {
                    go.await();
                    return store().saveAcceptedSignal(TestData.signal(signalId, userId, "k", T0), List.of(order));
                }));
            }
            // A signal id that is already stored (under another key): its insert breaks the primary key, whichever
            // transaction it lands in.
            String takenSignal = id("sig");
            store().saveAcceptedSignal(TestData.signal(takenSignal, takenUser, "first", T0), List.of());
            bad = pool.submit(() -> {
                go.await();
                return store().saveAcceptedSignal(TestData.signal(takenSignal, takenUser, "second", T0), List.of());
            });
            go.countDown();
        }
        for (int i = 0; i < users; i++) {
            assertThat(answers.get(i).get().orderIds()).containsExactly(orders.get(i).orderId());
            assertThat(store().findOrder(orders.get(i).orderId())).isPresent();
        }
        assertThatThrownBy(bad::get).isInstanceOf(java.util.concurrent.ExecutionException.class);
        assertThat(store().findSignal(takenUser, "second")).isEmpty();
    }

    @Test
    void signalsWithoutAnIdempotencyKeyAreNeverMerged() {
        String userId = newUser();
        String a = id("sig");
        String b = id("sig");
        assertThat(store().saveAcceptedSignal(TestData.signal(a, userId, null, T0), List.of()).signalId()).isEqualTo(a);
        assertThat(store().saveAcceptedSignal(TestData.signal(b, userId, null, T0), List.of()).signalId()).isEqualTo(b);
        assertThat(store().findSignal(userId, null)).isEmpty();
    }

    // --- orders -------------------------------------------------------------------------------------

    @Test
    void aSavedOrderWithLegsAndFillsReadsBackEqual() {
        String userId = newUser();
        Order order = TestData.partiallyFilledOrder(userId, T0);
        store().saveOrder(order);

        Order read = store().findOrder(order.orderId()).orElseThrow();
        assertSameOrder(read, order);
        assertThat(read.status()).isEqualTo(OrderStatus.PARTIAL_FILL);
        assertThat(read.statusReason()).isEqualTo("binance leg filled, kraken leg waiting");
        assertThat(read.routeReason()).startsWith("split:");
        assertThat(read.filledQty()).isEqualByComparingTo("0.015");
        assertThat(read.fees()).isEqualByComparingTo(order.fees());
        assertThat(read.venue()).isEqualTo("binance,kraken");
        assertThat(read.legs().get(1).notBefore()).isEqualTo(T0.plusSeconds(30));
        assertThat(read.legs().get(0).fills()).extracting(Fill::feeAsset).containsExactly("USD", "BTC");

        Order rejected = TestData.rejectedOrder(userId, T0);
        store().saveOrder(rejected);
        Order readRejected = store().findOrder(rejected.orderId()).orElseThrow();
        assertSameOrder(readRejected, rejected);
        assertThat(readRejected.rejectCode()).isEqualTo("max_order_usd");
        assertThat(readRejected.legs()).isEmpty();
        assertThat(store().findOrder(id("missing"))).isEmpty();
    }

    @Test
    void stateChangesAreUpsertedAndARepeatedFillIsCountedOnce() {
        String userId = newUser();
        Order order = TestData.partiallyFilledOrder(userId, T0);
        store().saveOrder(order);
        store().saveOrder(order); // the same fills again

        // The same venue fill reaches the store twice: once through a copy rebuilt from the store (the
        // reconciler), once through the original object in memory (the send path).
        Fill krakenFill = new Fill(id("fill"), "kraken", new BigDecimal("0.008"), new BigDecimal("65010.1"),
                new BigDecimal("1.35"), "USD", Liquidity.TAKER, T0.plusSeconds(31));
        for (Order copy : List.of(store().findOrder(order.orderId()).orElseThrow(), order)) {
            OrderLeg kraken = copy.legs().get(1);
            kraken.moveTo(OrderStatus.EXECUTING, null);
            kraken.venueOrderId("OQCLML-BW3P3-BUCMWZ");
            assertThat(kraken.applyFill(krakenFill)).isTrue();
            kraken.moveTo(OrderStatus.FILLED, "filled");
            copy.moveTo(OrderStatus.FILLED, T0.plusSeconds(32), "all legs filled");
            store().saveOrder(copy);
        }

        Order read = store().findOrder(order.orderId()).orElseThrow();
        assertThat(read.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(read.legs().get(1).fills()).hasSize(1);
        assertThat(read.legs().get(1).venueOrderId()).isEqualTo("OQCLML-BW3P3-BUCMWZ");
        assertThat(read.legs().stream().mapToInt(l -> l.fills().size()).sum()).isEqualTo(3);
        assertThat(read.filledQty()).isEqualByComparingTo("0.023");
        assertThat(read.legs()).allMatch(OrderLeg::isFullyFilled);
    }

    @Test
    void twoUsersWhoTradedWithEachOtherBothKeepTheFillThatSharesOneVenueTradeId() {
        // Binance prints one trade id for both sides of a trade: our buyer's and our seller's fill carry it.
        Fill shared = new Fill(id("trade"), "kraken", new BigDecimal("0.008"), new BigDecimal("65010.1"),
                new BigDecimal("1.35"), "USD", Liquidity.TAKER, T0.plusSeconds(31));
        List<Order> orders = List.of(TestData.partiallyFilledOrder(newUser(), T0),
                TestData.partiallyFilledOrder(newUser(), T0));
        for (Order order : orders) {
            store().saveOrder(order);
            OrderLeg kraken = order.legs().get(1);
            kraken.moveTo(OrderStatus.EXECUTING, null);
            assertThat(kraken.applyFill(shared)).isTrue();
            kraken.moveTo(OrderStatus.FILLED, "filled");
            order.moveTo(OrderStatus.FILLED, T0.plusSeconds(32), "all legs filled");
            store().saveOrder(order);
        }
        for (Order order : orders) {
            Order read = store().findOrder(order.orderId()).orElseThrow();
            assertThat(read.legs().get(1).fills()).extracting(Fill::fillId).containsExactly(shared.fillId());
            assertThat(read.legs().get(1).isFullyFilled()).isTrue();
        }
    }

    @Test
    void killSwitchesAreStoredPerUserAndGloballyAndReplacedWhenSetAgain() {
        String user = newUser();
        var on = new io.nija.core.risk.KillSwitchState(true, io.nija.core.risk.KillSwitchMode.FLATTEN, T0);
        var off = new io.nija.core.risk.KillSwitchState(false, io.nija.core.risk.KillSwitchMode.BLOCK_ENTRIES, T0.plusSeconds(5));
        store().saveKillSwitch(user, on);
        store().saveKillSwitch(null, on);
        store().saveKillSwitch(null, off);
        var all = store().findKillSwitches();
        assertThat(all).filteredOn(s -> user.equals(s.userId())).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(on));
        assertThat(all).filteredOn(s -> s.userId() == null).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(off));
    }

    @Test
    void findOrdersFiltersByUserAndStatusNewestFirstUpToTheLimit() {
        String alice = newUser();
        String bob = newUser();
        List<Order> aliceOrders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Order o = i % 2 == 0 ? TestData.partiallyFilledOrder(alice, T0.plusSeconds(i))
                    : TestData.rejectedOrder(alice, T0.plusSeconds(i));
            aliceOrders.add(o);
            store().saveOrder(o);
        }
        store().saveOrder(TestData.partiallyFilledOrder(bob, T0.plusSeconds(10)));

        List<Order> all = store().findOrders(new OrderQuery(alice, null, 100));
        assertThat(all).extracting(Order::orderId)
                .containsExactly(ids(aliceOrders.get(4), aliceOrders.get(3), aliceOrders.get(2), aliceOrders.get(1),
                        aliceOrders.get(0)));
        assertThat(store().findOrders(new OrderQuery(alice, null, 2))).extracting(Order::orderId)
                .containsExactly(ids(aliceOrders.get(4), aliceOrders.get(3)));
        assertThat(store().findOrders(new OrderQuery(alice, OrderStatus.REJECTED, 100))).extracting(Order::orderId)
                .containsExactly(ids(aliceOrders.get(3), aliceOrders.get(1)));
        assertThat(store().findOrders(new OrderQuery(alice, OrderStatus.PARTIAL_FILL, 100)))
                .hasSize(3)
                .allSatisfy(o -> assertThat(o.legs()).hasSize(2));
        assertThat(store().findOrders(new OrderQuery(null, null, 1000)))
                .extracting(Order::userId).contains(alice, bob);
        assertSameOrder(all.get(0), aliceOrders.get(4));
    }

    @Test
    void strategyAndArrivalMidRoundTripAndTheFirstArrivalMidStays() {
        String userId = newUser();
        Order order = TestData.pendingOrder(id("ord"), id("sig"), userId, T0, "trend_v2");
        store().saveOrder(order);
        assertThat(store().findOrder(order.orderId()).orElseThrow().arrivalMid()).isNull();
        order.recordArrivalMid(new BigDecimal("65000.25"));
        store().saveOrder(order);
        Order read = store().findOrder(order.orderId()).orElseThrow();
        assertSameOrder(read, order);
        assertThat(read.strategy()).isEqualTo("trend_v2");
        assertThat(read.arrivalMid()).isEqualByComparingTo("65000.25");
    }

    @Test
    void theExpectedPriceRoundTripsAndTheFirstOneStays() {
        String userId = newUser();
        Order order = TestData.pendingOrder(id("ord"), id("sig"), userId, T0, "trend_v2");
        store().saveOrder(order);
        assertThat(store().findOrder(order.orderId()).orElseThrow().expectedPrice()).isNull();
        order.recordExpectedPrice(new BigDecimal("65010.125"));
        store().saveOrder(order);
        assertThat(store().findOrder(order.orderId()).orElseThrow().expectedPrice()).isEqualByComparingTo("65010.125");
    }

    @Test
    void bracketsRoundTripAndOnlyLiveOnesAreFoundForARestart() {
        String userId = newUser();
        var pair = io.nija.core.instrument.Pair.parse("BTC-USD");
        var armed = io.nija.core.bracket.Bracket.forEntry(id("ord"), userId, pair, io.nija.core.signal.Side.BUY,
                new BigDecimal("52000"), new BigDecimal("48000"), T0)
                .withEntry("binance", new BigDecimal("0.02"), true, T0.plusSeconds(1));
        var triggered = io.nija.core.bracket.Bracket.forEntry(id("ord"), userId, pair, io.nija.core.signal.Side.SELL,
                null, new BigDecimal("53000"), T0).withEntry("okx", new BigDecimal("0.5"), false, T0)
                .triggered("sig_brk_x_1", io.nija.core.signal.SignalType.STOP_LOSS, T0.plusSeconds(2));
        var done = io.nija.core.bracket.Bracket.forEntry(id("ord"), userId, pair, io.nija.core.signal.Side.BUY,
                new BigDecimal("52000"), null, T0).withEntry("binance", new BigDecimal("0.1"), true, T0)
                .triggered("sig_brk_y_1", io.nija.core.signal.SignalType.PROFIT_TAKE, T0)
                .exitEnded(new BigDecimal("0.1"), T0.plusSeconds(3));
        store().saveBracket(armed);
        store().saveBracket(triggered);
        store().saveBracket(done);
        assertThat(done.status()).isEqualTo(io.nija.core.bracket.Bracket.Status.DONE);
        var read = store().findBracket(triggered.entryOrderId()).orElseThrow();
        assertThat(read.exitSignalId()).isEqualTo("sig_brk_x_1");
        assertThat(read.lastTriggered()).isEqualTo(io.nija.core.signal.SignalType.STOP_LOSS);
        assertThat(read.takeProfitPrice()).isNull();
        assertThat(read.stopLossPrice()).isEqualByComparingTo("53000");
        assertThat(read.armedQty()).isEqualByComparingTo("0.5");
        assertThat(read.status()).isEqualTo(io.nija.core.bracket.Bracket.Status.TRIGGERED);
        assertThat(store().findLiveBrackets()).extracting(io.nija.core.bracket.Bracket::entryOrderId)
                .contains(armed.entryOrderId(), triggered.entryOrderId()).doesNotContain(done.entryOrderId());
        assertThat(store().findBracket(done.entryOrderId()).orElseThrow().lastTriggered())
                .isEqualTo(io.nija.core.signal.SignalType.PROFIT_TAKE);
    }

    @Test
    void aBracketsNativeOrdersRoundTripAndKeepAClosedPositionsBracketLiveUntilTheyEnd() {
        String userId = newUser();
        var pair = io.nija.core.instrument.Pair.parse("BTC-USD");
        var placed = io.nija.core.bracket.Bracket.forEntry(id("ord"), userId, pair, io.nija.core.signal.Side.BUY,
                new BigDecimal("52000"), new BigDecimal("48000"), T0)
                .withEntry("bybit", new BigDecimal("0.02"), true, T0)
                .nativePlaced("sig_n1_sl", "sig_n1_tp", new BigDecimal("0.02"), T0.plusSeconds(1));
        // The stop traded in full; the take profit is still to be cancelled at the venue.
        var stopped = placed.nativeEnded("sig_n1_sl", new BigDecimal("0.02"), false, T0.plusSeconds(2));
        store().saveBracket(stopped);
        var read = store().findBracket(placed.entryOrderId()).orElseThrow();
        assertThat(read.nativeStopSignalId()).isNull();
        assertThat(read.nativeTakeSignalId()).isEqualTo("sig_n1_tp");
        assertThat(read.nativeQty()).isEqualByComparingTo("0.02");
        assertThat(read.nativeAttempts()).isEqualTo(1);
        assertThat(read.nativeOff()).isFalse();
        assertThat(read.armedQty()).isZero();
        assertThat(store().findLiveBrackets()).extracting(io.nija.core.bracket.Bracket::entryOrderId)
                .contains(placed.entryOrderId());
        store().saveBracket(read.nativeEnded("sig_n1_tp", BigDecimal.ZERO, true, T0.plusSeconds(3)));
        var over = store().findBracket(placed.entryOrderId()).orElseThrow();
        assertThat(over.status()).isEqualTo(io.nija.core.bracket.Bracket.Status.DONE);
        assertThat(over.nativeOff()).isTrue();
        assertThat(store().findLiveBrackets()).extracting(io.nija.core.bracket.Bracket::entryOrderId)
                .doesNotContain(placed.entryOrderId());
    }

    @Test
    void anExitsOcoGroupAndNativeTriggerTermsRoundTrip() {
        String userId = newUser();
        Order o = new Order(id("ord"), id("sig"), userId, io.nija.core.instrument.Pair.parse("BTC-USD"),
                io.nija.core.signal.Side.SELL, io.nija.core.signal.SignalType.STOP_LOSS, new BigDecimal("950.4"), T0,
                "bracket");
        o.instructions(false, new BigDecimal("0.02"), io.nija.core.signal.EntryTerms.nativeStopLoss(
                new BigDecimal("48000"), new BigDecimal("47520"), "brk_ord_1"));
        store().saveOrder(o);
        var terms = store().findOrder(o.orderId()).orElseThrow().terms();
        assertThat(terms.ocoGroup()).isEqualTo("brk_ord_1");
        assertThat(terms.exitTrigger()).isEqualTo(io.nija.core.venue.NativeTrigger.stopLoss(new BigDecimal("48000")));
        assertThat(terms.limitPrice()).isEqualByComparingTo("47520");
    }

    @Test
    void paperOrdersRoundTripWithTheirFillsAndTheBalancesTheyMovedAndOnlyOpenOnesAreListed() {
        String userId = newUser();
        var fill = new Fill("paper-binance-c1-1", "binance", new BigDecimal("0.004"), new BigDecimal("49000.5"),
                new BigDecimal("0.0392004"), "USD", Liquidity.MAKER, T0.plusSeconds(5));
        var resting = new io.nija.core.store.PaperOrderRecord(userId, "binance", "c1", "paper-binance-c1", "BTCUSD",
                Side.BUY, io.nija.core.order.OrderType.LIMIT, new BigDecimal("0.01"), new BigDecimal("49000.5"), null,
                io.nija.core.venue.VenueOrderStatus.OPEN, List.of(), T0);
        store().savePaperOrder(resting, null);
        assertThat(store().findPaperBalances(userId, "binance")).isEmpty();
        var part = new io.nija.core.store.PaperOrderRecord(userId, "binance", "c1", "paper-binance-c1", "BTCUSD",
                Side.BUY, io.nija.core.order.OrderType.LIMIT, new BigDecimal("0.01"), new BigDecimal("49000.5"), null,
                io.nija.core.venue.VenueOrderStatus.PARTIALLY_FILLED, List.of(fill), T0.plusSeconds(5));
        store().savePaperOrder(part, java.util.Map.of("BTC", new BigDecimal("0.004"), "USD", new BigDecimal("99803.96")));
        var done = new io.nija.core.store.PaperOrderRecord(userId, "binance", "m1", "paper-binance-m1", "BTCUSD",
                Side.SELL, io.nija.core.order.OrderType.MARKET, new BigDecimal("0.001"), null, null,
                io.nija.core.venue.VenueOrderStatus.FILLED, List.of(), T0);
        store().savePaperOrder(done, null);

        var read = store().findPaperOrder(userId, "binance", "c1").orElseThrow();
        assertThat(read.status()).isEqualTo(io.nija.core.venue.VenueOrderStatus.PARTIALLY_FILLED);
        assertThat(read.fills()).singleElement().satisfies(f -> {
            assertThat(f.fillId()).isEqualTo("paper-binance-c1-1");
            assertThat(f.price()).isEqualByComparingTo("49000.5");
            assertThat(f.fee()).isEqualByComparingTo("0.0392004");
            assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER);
            assertThat(f.time()).isEqualTo(T0.plusSeconds(5));
        });
        assertThat(read.limitPrice()).isEqualByComparingTo("49000.5");
        assertThat(read.side()).isEqualTo(Side.BUY);
        assertThat(store().findPaperBalances(userId, "binance").get("BTC")).isEqualByComparingTo("0.004");
        assertThat(store().findOpenPaperOrders(userId, "binance")).extracting(io.nija.core.store.PaperOrderRecord::clientOrderId)
                .containsExactly("c1");
        assertThat(store().findOpenPaperOrders(userId, "kraken")).isEmpty();
        assertThat(store().findPaperOrder(userId, "kraken", "c1")).isEmpty();
    }

    @Test
    void paperBalancesArePerUserAndVenueAndASaveReplacesTheWholeAccount() {
        String userId = newUser();
        assertThat(store().findPaperBalances(userId, "binance")).isEmpty();
        store().savePaperBalances(userId, "binance", java.util.Map.of("USDT", new BigDecimal("98999.123456789"),
                "BTC", new BigDecimal("0.02")));
        store().savePaperBalances(userId, "okx", java.util.Map.of("USDT", new BigDecimal("100000")));
        assertThat(store().findPaperBalances(userId, "binance")).containsOnlyKeys("USDT", "BTC");
        assertThat(store().findPaperBalances(userId, "binance").get("USDT")).isEqualByComparingTo("98999.123456789");
        store().savePaperBalances(userId, "binance", java.util.Map.of("USDT", new BigDecimal("100001.5")));
        assertThat(store().findPaperBalances(userId, "binance")).containsOnlyKeys("USDT");
        assertThat(store().findPaperBalances(userId, "binance").get("USDT")).isEqualByComparingTo("100001.5");
        assertThat(store().findPaperBalances(userId, "okx").get("USDT")).isEqualByComparingTo("100000");
        assertThat(store().findPaperBalances(newUser(), "binance")).isEmpty();
    }

    @Test
    void anOrdersInstructionsRoundTrip() {
        String userId = newUser();
        Order exit = TestData.pendingOrder(id("ord"), id("sig"), userId, T0, "trend_v2");
        exit.instructions(true, new BigDecimal("0.12345"), io.nija.core.signal.EntryTerms.NONE);
        Order entry = TestData.pendingOrder(id("ord"), id("sig"), userId, T0, "trend_v2");
        var terms = new io.nija.core.signal.EntryTerms(new BigDecimal("64000.5"), 30, new BigDecimal("70000"),
                new BigDecimal("60000"));
        entry.instructions(false, null, terms);
        store().saveOrder(exit);
        store().saveOrder(entry);
        Order readExit = store().findOrder(exit.orderId()).orElseThrow();
        assertThat(readExit.closeAll()).isTrue();
        assertThat(readExit.exitQuantity()).isEqualByComparingTo("0.12345");
        assertThat(readExit.terms()).isEqualTo(io.nija.core.signal.EntryTerms.NONE);
        Order readEntry = store().findOrder(entry.orderId()).orElseThrow();
        assertThat(readEntry.closeAll()).isFalse();
        assertThat(readEntry.exitQuantity()).isNull();
        assertThat(readEntry.terms().limitPrice()).isEqualByComparingTo("64000.5");
        assertThat(readEntry.terms().timeInForceS()).isEqualTo(30);
        assertThat(readEntry.terms().takeProfitPrice()).isEqualByComparingTo("70000");
        assertThat(readEntry.terms().stopLossPrice()).isEqualByComparingTo("60000");
    }

    @Test
    void findOrdersFiltersByTimeAndStrategyAndPagesByKeysetWithoutGapsOrRepeats() {
        String userId = newUser();
        List<Order> saved = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Two orders share each second, so the order id breaks the tie.
            Order o = TestData.pendingOrder(id("ord"), id("sig"), userId, T0.plusSeconds(i / 2), i % 3 == 0 ? "a" : "b");
            saved.add(o);
            store().saveOrder(o);
        }
        List<Order> all = store().findOrders(new OrderQuery(userId, null, 100));
        assertThat(all).hasSize(7);

        List<String> paged = new ArrayList<>();
        io.nija.core.store.OrderCursor cursor = null;
        for (int page = 0; page < 10; page++) {
            List<Order> got = store().findOrders(new OrderQuery(userId, null, 3, null, null, null, cursor));
            got.forEach(o -> paged.add(o.orderId()));
            if (got.size() < 3) {
                break;
            }
            Order last = got.get(got.size() - 1);
            cursor = io.nija.core.store.OrderCursor.decode(
                    new io.nija.core.store.OrderCursor(last.createdAt(), last.orderId()).encode());
        }
        assertThat(paged).containsExactlyElementsOf(all.stream().map(Order::orderId).toList());

        assertThat(store().findOrders(new OrderQuery(userId, null, 100, T0.plusSeconds(1), T0.plusSeconds(3), null, null)))
                .extracting(Order::createdAt).containsOnly(T0.plusSeconds(1), T0.plusSeconds(2)).hasSize(4);
        assertThat(store().findOrders(new OrderQuery(userId, null, 100, null, null, "a", null)))
                .extracting(Order::orderId)
                .containsExactlyInAnyOrder(saved.get(0).orderId(), saved.get(3).orderId(), saved.get(6).orderId());
    }

    @Test
    void aUsersFillsAreReadInTheOrderTheyHappenedWithSideAndInstrument() {
        String userId = newUser();
        Order order = TestData.partiallyFilledOrder(userId, T0);
        store().saveOrder(order);
        store().saveOrder(TestData.partiallyFilledOrder(newUser(), T0));
        var fills = store().findUserFills(userId);
        assertThat(fills).extracting(f -> f.fill().fillId())
                .containsExactlyElementsOf(order.legs().get(0).fills().stream().map(Fill::fillId).toList());
        assertThat(fills).allSatisfy(f -> {
            assertThat(f.side()).isEqualTo(Side.BUY);
            assertThat(f.orderId()).isEqualTo(order.orderId());
            assertThat(f.instrument().venue()).isEqualTo("binance");
        });
        assertThat(fills.get(1).fill().feeAsset()).isEqualTo("BTC");
    }

    @Test
    void theCountersCountEachTransactionOnceWhetherExplicitOrAutoCommitted() {
        String userId = newUser();
        Order order = TestData.partiallyFilledOrder(userId, T0);
        StoreCounters.Snapshot before = store().counters();
        store().saveOrder(order); // one transaction of several statements
        StoreCounters.Snapshot afterSave = store().counters();
        store().findUser(userId); // one statement outside a transaction
        StoreCounters.Snapshot afterRead = store().counters();

        assertThat(afterSave.minus(before).commits()).isEqualTo(1);
        assertThat(afterSave.minus(before).statements()).isGreaterThan(1);
        assertThat(afterRead.minus(afterSave)).isEqualTo(new StoreCounters.Snapshot(1, 1));
    }

    @Test
    void manyOrdersAreReadInThreeQueries() {
        String userId = newUser();
        int n = 300;
        for (int i = 0; i < n; i++) {
            store().saveOrder(TestData.partiallyFilledOrder(userId, T0.plusMillis(i)));
        }
        AtomicInteger statements = new AtomicInteger();
        store().jdbi().setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.incrementAndGet();
            }
        });
        List<Order> orders;
        try {
            orders = store().findOrders(new OrderQuery(userId, null, 1000));
        } finally {
            store().jdbi().setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
        }
        assertThat(orders).hasSize(n).allSatisfy(o -> assertThat(o.legs()).hasSize(2));
        assertThat(orders.stream().mapToInt(o -> o.legs().get(0).fills().size()).sum()).isEqualTo(2 * n);
        assertThat(statements.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void activeOrdersAreExactlyTheNonTerminalOnes() {
        String userId = newUser();
        Order working = TestData.partiallyFilledOrder(userId, T0);
        Order rejected = TestData.rejectedOrder(userId, T0);
        Order pending = TestData.pendingOrder(id("ord"), id("sig"), userId, T0);
        Order cancelled = TestData.pendingOrder(id("ord"), id("sig"), userId, T0);
        cancelled.moveTo(OrderStatus.CANCELLED, T0.plusSeconds(1), "kill switch");
        for (Order o : List.of(working, rejected, pending, cancelled)) {
            store().saveOrder(o);
        }

        List<Order> active = store().findActiveOrders().stream().filter(o -> o.userId().equals(userId)).toList();
        assertThat(active).extracting(Order::orderId).containsExactlyInAnyOrder(working.orderId(), pending.orderId());
        assertThat(store().findActiveOrders()).allSatisfy(o -> assertThat(o.status().isTerminal()).isFalse());
        assertSameOrder(active.stream().filter(o -> o.orderId().equals(working.orderId())).findFirst().orElseThrow(),
                working);
    }

    // --- positions ----------------------------------------------------------------------------------

    @Test
    void positionsAreUpsertedAndFoundPerUserOrForEveryone() {
        String alice = newUser();
        String bob = newUser();
        Position aliceBinance = new Position(alice, "binance", TestData.BTC_USD);
        aliceBinance.apply(Side.BUY, new BigDecimal("0.5"), new BigDecimal("60000"), new BigDecimal("3"));
        Position aliceKraken = new Position(alice, "kraken", TestData.BTC_USD);
        aliceKraken.apply(Side.SELL, new BigDecimal("0.1"), new BigDecimal("61000.5"), BigDecimal.ZERO);
        Position bobBinance = new Position(bob, "binance", TestData.BTC_USD);
        bobBinance.apply(Side.BUY, new BigDecimal("1"), new BigDecimal("59000"), BigDecimal.ONE);
        store().savePositions(List.of(aliceBinance, aliceKraken, bobBinance));

        aliceBinance.apply(Side.BUY, new BigDecimal("0.25"), new BigDecimal("63000"), new BigDecimal("1.5"));
        aliceBinance.apply(Side.SELL, new BigDecimal("0.3"), new BigDecimal("64000"), new BigDecimal("2"));
        store().savePositions(List.of(aliceBinance));
        store().savePositions(List.of());

        List<Position> read = store().findPositions(alice);
        assertThat(read).extracting(Position::venue).containsExactly("binance", "kraken");
        assertThat(read.get(0)).usingRecursiveComparison().isEqualTo(aliceBinance);
        assertThat(read.get(0).averageCost()).isEqualTo(aliceBinance.averageCost());
        assertThat(read.get(1)).usingRecursiveComparison().isEqualTo(aliceKraken);
        assertThat(read.get(1).quantity()).isEqualByComparingTo("-0.1");
        assertThat(store().findPositions(null)).extracting(Position::userId).contains(alice, bob);
        assertThat(store().findPositions(id("nobody"))).isEmpty();
    }

    // --- audit --------------------------------------------------------------------------------------

    @Test
    void theAuditChainVerifiesAndATamperedRowIsDetected() {
        String entity = id("ord");
        List<AuditEvent> events = List.of(
                new AuditEvent(T0, "user:alice", "order", entity, "created", "size_usd=1500.25"),
                new AuditEvent(T0.plusMillis(1), "router", "order", entity, "routed", "binance 0.015 | kraken 0.008"),
                new AuditEvent(T0.plusMillis(2), null, "order", entity, "filled", null));
        events.forEach(store()::appendAudit);

        assertThat(store().recentAudit(3)).containsExactly(events.get(2), events.get(1), events.get(0));
        assertThat(store().verifyAuditChain()).isEmpty();

        // The table refuses updates outright...
        assertThatThrownBy(() -> store().jdbi().useHandle(h ->
                h.execute("UPDATE audit_log SET detail = 'x' WHERE entity_id = ?", entity)))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("append-only");

        // ...and someone who gets past the trigger is caught by the chain.
        long routedSeq = store().jdbi().withHandle(h ->
                h.createQuery("SELECT seq FROM audit_log WHERE entity_id = :e AND action = 'routed'")
                        .bind("e", entity).mapTo(Long.class).one());
        setDetailBypassingTrigger(routedSeq, "binance 0.015 | kraken 0.800");
        try {
            assertThat(store().verifyAuditChain()).isEqualTo(OptionalLong.of(routedSeq));
        } finally {
            setDetailBypassingTrigger(routedSeq, "binance 0.015 | kraken 0.008");
        }
        assertThat(store().verifyAuditChain()).isEmpty();
    }

    @Test
    void concurrentAuditAppendsFormOneLinearChain() throws Exception {
        String entity = id("load");
        int before = store().recentAudit(Integer.MAX_VALUE).size();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        store().appendAudit(new AuditEvent(Instant.now(), "t" + thread, "test", entity, "tick", "i=" + i));
                    }
                    return null;
                });
            }
        }
        assertThat(store().recentAudit(Integer.MAX_VALUE)).hasSize(before + 120);
        assertThat(store().verifyAuditChain()).isEmpty();
    }

    @Test
    void theStoreIsHealthy() {
        assertThat(store().isHealthy()).isTrue();
        assertThat(store().description()).doesNotContain("password");
    }

    // --- helpers ------------------------------------------------------------------------------------

    private void setDetailBypassingTrigger(long seq, String detail) {
        store().jdbi().useTransaction(h -> {
            h.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete");
            h.execute("UPDATE audit_log SET detail = ? WHERE seq = ?", detail, seq);
            h.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete");
        });
    }

    private static String[] ids(Order... orders) {
        return Arrays.stream(orders).map(Order::orderId).toArray(String[]::new);
    }

    /** Every field of the order, its legs and their fills; decimals by value (compareTo), not by scale. */
    static void assertSameOrder(Order actual, Order expected) {
        assertThat(actual).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(expected);
    }

    @Test
    void oneLaneBatchGivesEachIntentItsOwnRowAndStoresOrdersOutcomesAndAuditTogether() {
        String userId = id("u");
        store().createUser(TestData.user(userId), id("tokenhash"));
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Order o = TestData.partiallyFilledOrder(userId, T0.plusMillis(i));
            store().saveOrder(o);
            orders.add(o);
        }
        long earlier = store().beginVenueRequest(orders.get(0).legs().get(0).legId(), "binance",
                orders.get(0).legs().get(0).clientOrderId(), "place", T0);
        LaneWrites lane = new LaneWrites(store().jdbi(), () -> io.nija.core.cluster.ShardOwnership.ALL);
        List<LaneWrites.Item> batch = new ArrayList<>();
        List<OrderLeg> legs = orders.stream().flatMap(o -> o.legs().stream()).toList();
        for (OrderLeg leg : legs) {
            batch.add(new LaneWrites.RequestBegin(leg.legId(), leg.venue(), leg.clientOrderId(), "cancel", T0));
        }
        batch.add(new LaneWrites.RequestOutcome(earlier, "accepted", T0.plusSeconds(1), "open"));
        Order changed = orders.get(1);
        changed.moveTo(OrderStatus.CANCELLED, T0.plusSeconds(2), "by the test");
        AuditEvent event = new AuditEvent(T0.plusSeconds(2), "engine", "order", changed.orderId(), "cancelled", null);
        batch.add(new LaneWrites.OrderSave(List.of(changed), List.of(), event, List.of()));

        List<Long> ids = lane.write(batch);

        Map<Long, String> legOfRequest = store().openVenueRequests().stream()
                .collect(java.util.stream.Collectors.toMap(io.nija.core.store.VenueRequest::id,
                        io.nija.core.store.VenueRequest::legId));
        for (int i = 0; i < legs.size(); i++) {
            assertThat(legOfRequest.get(ids.get(i))).as("leg of the intent answered %d", i)
                    .isEqualTo(legs.get(i).legId());
        }
        assertThat(ids.subList(legs.size(), ids.size())).containsOnlyNulls();
        assertThat(legOfRequest).doesNotContainKey(earlier);
        assertThat(store().findOrder(changed.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(store().recentAudit(5)).contains(event);
    }

    @Test
    void aVenueRequestIsOpenUntilItsOutcomeIsRecorded() {
        String userId = id("u");
        store().createUser(TestData.user(userId), id("tokenhash"));
        Order order = TestData.partiallyFilledOrder(userId, T0);
        store().saveOrder(order);
        String legId = order.legs().get(0).legId();
        String cid = order.legs().get(0).clientOrderId();
        long id = store().beginVenueRequest(legId, "binance", cid, "place", T0);
        assertThat(store().openVenueRequests()).anySatisfy(r -> {
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.clientOrderId()).isEqualTo(cid);
            assertThat(r.outcome()).isNull();
        });
        store().completeVenueRequest(id, "accepted", T0.plusSeconds(1), "open");
        assertThat(store().openVenueRequests()).noneSatisfy(r -> assertThat(r.id()).isEqualTo(id));
        // A late second outcome does not overwrite the first.
        store().completeVenueRequest(id, "unknown", T0.plusSeconds(2), null);
        assertThat(store().openVenueRequests()).noneSatisfy(r -> assertThat(r.id()).isEqualTo(id));
    }

    @Test
    void strategiesAreUniqueAndSubscriptionsFanOutOnlyToEnabledSubscribers() {
        String strategy = id("strat");
        store().createStrategy(new io.nija.core.store.Strategy(strategy, "hash", T0));
        assertThat(store().findStrategy(strategy)).hasValueSatisfying(s -> assertThat(s.secretHash()).isEqualTo("hash"));
        assertThatThrownBy(() -> store().createStrategy(new io.nija.core.store.Strategy(strategy, "other", T0)))
                .isInstanceOf(io.nija.core.store.DuplicateKeyException.class);
        String a = id("u");
        String b = id("u");
        store().createUser(TestData.user(a), id("tokenhash"));
        store().createUser(TestData.user(b), id("tokenhash"));
        store().saveSubscription(new io.nija.core.store.Subscription(a, strategy, true, new java.math.BigDecimal("100"), null, null));
        store().saveSubscription(new io.nija.core.store.Subscription(b, strategy, true, null, new java.math.BigDecimal("0.5"),
                new java.math.BigDecimal("250")));
        assertThat(store().subscribersOf(strategy)).extracting(io.nija.core.store.Subscription::userId).containsExactlyInAnyOrder(a, b);
        store().saveSubscription(new io.nija.core.store.Subscription(b, strategy, false, null, new java.math.BigDecimal("0.5"), null));
        assertThat(store().subscribersOf(strategy)).extracting(io.nija.core.store.Subscription::userId).containsExactly(a);
        assertThat(store().subscriptionsOf(b)).singleElement().satisfies(s -> {
            assertThat(s.enabled()).isFalse();
            assertThat(s.fraction()).isEqualByComparingTo("0.5");
        });
    }

    // --- webhook outbox -----------------------------------------------------------------------------

    private static io.nija.core.store.WebhookOutboxEvent outboxEvent(String user, Instant at) {
        String eventId = id("evt");
        return io.nija.core.store.WebhookOutboxEvent.of(eventId, user, "{\"event_id\":\"" + eventId
                + "\",\"user_id\":\"" + user + "\",\"size\":\"0.00125\",\"note\":\"caf\u00e9 \u2013 \u20ac\"}", at);
    }

    @Test
    void outboxEventsAreStoredOnceWithTheirExactPayloadAndNumberedInOrder() {
        String user = id("u");
        var a = outboxEvent(user, T0);
        var b = outboxEvent(user, T0);
        assertThat(store().addWebhookEvents(List.of(a, b))).isEqualTo(2);
        assertThat(store().addWebhookEvents(List.of(a, outboxEvent(user, T0)))).as("a repeated event id is left alone").isEqualTo(1);
        assertThat(store().addWebhookEvents(List.of())).isZero();

        var readA = store().findWebhookEvent(a.eventId()).orElseThrow();
        var readB = store().findWebhookEvent(b.eventId()).orElseThrow();
        assertThat(readA.payload()).isEqualTo(a.payload());
        assertThat(readA.status()).isEqualTo(io.nija.core.store.WebhookOutboxStatus.PENDING);
        assertThat(readA.attempts()).isZero();
        assertThat(readA.nextAttemptAt()).isEqualTo(T0);
        assertThat(readA.createdAt()).isEqualTo(T0);
        assertThat(readA.claimedBy()).isNull();
        assertThat(readB.seq()).isGreaterThan(readA.seq());
        assertThat(store().findWebhookEvent(id("evt"))).isEmpty();
        assertThat(store().countPendingWebhookEvents()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void onlyEachUsersOldestPendingEventIsClaimedAndOnlyOnceWhileTheClaimHolds() {
        String alice = id("u");
        String bob = id("u");
        var a1 = outboxEvent(alice, T0);
        var a2 = outboxEvent(alice, T0);
        var b1 = outboxEvent(bob, T0.plusSeconds(1));
        store().addWebhookEvents(List.of(a1, a2, b1));

        var forAlice = store().claimWebhookEvents("i1", T0.plusSeconds(5), T0.plusSeconds(60), 10, alice);
        assertThat(forAlice).extracting(e -> e.eventId()).containsExactly(a1.eventId());
        assertThat(forAlice.get(0).claimedBy()).isEqualTo("i1");
        assertThat(forAlice.get(0).claimedUntil()).isEqualTo(T0.plusSeconds(60));
        // Alice's head is claimed: nobody gets her second event, nor the first again, until the claim expires.
        assertThat(store().claimWebhookEvents("i2", T0.plusSeconds(6), T0.plusSeconds(60), 10, alice)).isEmpty();
        assertThat(store().claimWebhookEvents("i2", T0.plusSeconds(6), T0.plusSeconds(60), 10, bob))
                .extracting(e -> e.eventId()).containsExactly(b1.eventId());
        // Not due yet: bob's event is not claimable before its time.
        String carol = id("u");
        var c1 = outboxEvent(carol, T0.plusSeconds(100));
        store().addWebhookEvents(List.of(c1));
        assertThat(store().claimWebhookEvents("i1", T0.plusSeconds(99), T0.plusSeconds(200), 10, carol)).isEmpty();
        assertThat(store().claimWebhookEvents("i1", T0.plusSeconds(100), T0.plusSeconds(200), 10, carol)).hasSize(1);

        // Delivered: alice's next event becomes her head.
        assertThat(store().finishWebhookAttempt(a1.eventId(), "i2", io.nija.core.store.WebhookAttempt.delivered(1, T0.plusSeconds(7))))
                .as("another claimant's event").isFalse();
        assertThat(store().finishWebhookAttempt(a1.eventId(), "i1", io.nija.core.store.WebhookAttempt.delivered(1, T0.plusSeconds(7))))
                .isTrue();
        assertThat(store().finishWebhookAttempt(a1.eventId(), "i1", io.nija.core.store.WebhookAttempt.delivered(1, T0.plusSeconds(8))))
                .as("finished once only").isFalse();
        var delivered = store().findWebhookEvent(a1.eventId()).orElseThrow();
        assertThat(delivered.status()).isEqualTo(io.nija.core.store.WebhookOutboxStatus.DELIVERED);
        assertThat(delivered.deliveredAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(delivered.claimedBy()).isNull();
        assertThat(store().claimWebhookEvents("i1", T0.plusSeconds(8), T0.plusSeconds(60), 10, alice))
                .extracting(e -> e.eventId()).containsExactly(a2.eventId());
    }

    @Test
    void aRetryIsPersistedWithItsTimeAndErrorAndAnExpiredClaimIsTakenOver() {
        String user = id("u");
        var e = outboxEvent(user, T0);
        var next = outboxEvent(user, T0);
        store().addWebhookEvents(List.of(e, next));
        store().claimWebhookEvents("i1", T0, T0.plusSeconds(30), 1, user);
        assertThat(store().finishWebhookAttempt(e.eventId(), "i1",
                io.nija.core.store.WebhookAttempt.retryAt(1, T0.plusSeconds(2), "HTTP 503", T0.plusMillis(10)))).isTrue();
        var read = store().findWebhookEvent(e.eventId()).orElseThrow();
        assertThat(read.status()).isEqualTo(io.nija.core.store.WebhookOutboxStatus.PENDING);
        assertThat(read.attempts()).isEqualTo(1);
        assertThat(read.nextAttemptAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(read.lastError()).isEqualTo("HTTP 503");
        assertThat(read.lastAttemptAt()).isEqualTo(T0.plusMillis(10));
        assertThat(read.claimedBy()).isNull();
        // While the head waits for its retry, the user's later event waits too (order is kept).
        assertThat(store().claimWebhookEvents("i1", T0.plusSeconds(1), T0.plusSeconds(30), 5, user)).isEmpty();
        assertThat(store().claimWebhookEvents("i1", T0.plusSeconds(2), T0.plusSeconds(30), 5, user))
                .extracting(x -> x.eventId()).containsExactly(e.eventId());
        // i1 dies holding the claim: after it expires, i2 takes the event over and i1's late answer is not recorded.
        assertThat(store().claimWebhookEvents("i2", T0.plusSeconds(29), T0.plusSeconds(90), 5, user)).isEmpty();
        assertThat(store().claimWebhookEvents("i2", T0.plusSeconds(30), T0.plusSeconds(90), 5, user))
                .extracting(x -> x.claimedBy()).containsExactly("i2");
        assertThat(store().finishWebhookAttempt(e.eventId(), "i1", io.nija.core.store.WebhookAttempt.delivered(2, T0.plusSeconds(31))))
                .isFalse();
        assertThat(store().finishWebhookAttempt(e.eventId(), "i2",
                io.nija.core.store.WebhookAttempt.gaveUp(8, "HTTP 500", T0.plusSeconds(31)))).isTrue();
        var gaveUp = store().findWebhookEvent(e.eventId()).orElseThrow();
        assertThat(gaveUp.status()).isEqualTo(io.nija.core.store.WebhookOutboxStatus.GAVE_UP);
        assertThat(gaveUp.attempts()).isEqualTo(8);
        assertThat(gaveUp.lastError()).isEqualTo("HTTP 500");
        assertThat(gaveUp.deliveredAt()).isNull();

        // A released claim is claimable at once; final rows are pruned, pending ones never.
        store().claimWebhookEvents("i3", T0.plusSeconds(40), T0.plusSeconds(400), 5, user);
        assertThat(store().releaseWebhookClaims("i3")).isEqualTo(1);
        assertThat(store().claimWebhookEvents("i4", T0.plusSeconds(41), T0.plusSeconds(400), 5, user))
                .extracting(x -> x.eventId()).containsExactly(next.eventId());
        store().pruneWebhookEvents(T0.plusSeconds(32));
        assertThat(store().findWebhookEvent(e.eventId())).isEmpty();
        assertThat(store().findWebhookEvent(next.eventId())).isPresent();
    }

    @Test
    void concurrentClaimantsNeverGetTheSameEvent() throws Exception {
        // Far in the past, so only this test's events are due at the claims' "now".
        Instant past = T0.minusSeconds(10L * 365 * 86400);
        List<io.nija.core.store.WebhookOutboxEvent> events = new ArrayList<>();
        for (int u = 0; u < 60; u++) {
            String user = id("u");
            events.add(outboxEvent(user, past));
            events.add(outboxEvent(user, past));
        }
        store().addWebhookEvents(events);
        java.util.Map<String, String> claimedBy = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String claimant = "claimant-" + t;
                work.add(pool.submit(() -> {
                    go.await();
                    for (int round = 0; round < 20; round++) {
                        for (var e : store().claimWebhookEvents(claimant, past.plusSeconds(1), past.plusSeconds(3600), 7, null)) {
                            if (claimedBy.putIfAbsent(e.eventId(), claimant) != null) {
                                duplicates.add(e.eventId());
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : work) {
                f.get();
            }
        }
        assertThat(duplicates).isEmpty();
        // Exactly the 60 heads were claimed (each user's second event waits behind its claimed head).
        assertThat(claimedBy).hasSize(60);
        assertThat(claimedBy.values()).hasSizeGreaterThan(0);
        java.util.Set<String> heads = new java.util.HashSet<>();
        for (int i = 0; i < events.size(); i += 2) {
            heads.add(events.get(i).eventId());
        }
        assertThat(claimedBy.keySet()).isEqualTo(heads);
    }

    // --- the webhook outbox's catch-up sweep ----------------------------------------------------------

    /** An order of {@code user} saved after each move along {@code path}, one second apart from {@code at}. */
    private Order storedOrder(String user, Instant at, OrderStatus... path) {
        Order o = TestData.pendingOrder(id("ord"), id("sig"), user, at);
        store().saveOrder(o);
        Instant t = at;
        for (OrderStatus s : path) {
            t = t.plusSeconds(1);
            o.moveTo(s, t, null);
            store().saveOrder(o);
        }
        return o;
    }

    private static io.nija.core.store.WebhookOutboxEvent.OrderState stateOf(Order o) {
        return new io.nija.core.store.WebhookOutboxEvent.OrderState(o.orderId(), o.status(), o.updatedAt());
    }

    private static io.nija.core.store.WebhookOutboxEvent orderEvent(Order o, Instant at) {
        String eventId = id("evt");
        return io.nija.core.store.WebhookOutboxEvent.of(eventId, o.userId(), "{\"event_id\":\"" + eventId
                + "\",\"status\":\"" + o.status().wire() + "\"}", at, stateOf(o));
    }

    private String userWithWebhook() {
        String user = newUser();
        store().saveUserWebhook(user, new byte[] {1, 2, 3});
        return user;
    }

    @Test
    void theCatchUpQueryFindsRecentOrdersOfWebhookUsersWhoseCurrentStateNoEventDescribes() {
        // A stretch of time no other test uses, so the query's answer is this test's orders only.
        Instant base = T0.minusSeconds(3000L * 86400);
        String hooked = userWithWebhook();
        String plain = newUser();
        OrderStatus[] toExecuting = {OrderStatus.ROUTING, OrderStatus.QUEUED, OrderStatus.EXECUTING};

        Order announced = storedOrder(hooked, base, toExecuting);
        store().addWebhookEvents(List.of(orderEvent(announced, base)));
        // Its event for partial_fill was stored; the next fill (partial_fill again, later) lost its event in a crash.
        Order lost = storedOrder(hooked, base, OrderStatus.ROUTING, OrderStatus.QUEUED, OrderStatus.EXECUTING,
                OrderStatus.PARTIAL_FILL);
        store().addWebhookEvents(List.of(orderEvent(lost, base)));
        lost.moveTo(OrderStatus.PARTIAL_FILL, lost.updatedAt().plusMillis(1), "second fill");
        store().saveOrder(lost);
        Order lostFilled = storedOrder(hooked, base, OrderStatus.ROUTING, OrderStatus.QUEUED, OrderStatus.EXECUTING,
                OrderStatus.FILLED);
        storedOrder(plain, base, toExecuting);                                   // no webhook
        storedOrder(hooked, base.minusSeconds(600), toExecuting);               // before the window
        storedOrder(hooked, base.plusSeconds(120), toExecuting);                // after it
        Order pending = storedOrder(hooked, base);                               // never announced
        assertThat(pending.status()).isEqualTo(OrderStatus.PENDING);

        Instant since = base;
        Instant until = base.plusSeconds(60);
        List<Order> missing = store().findOrdersMissingWebhookEvent(since, until, null, 10);
        assertThat(missing).extracting(Order::orderId)
                .containsExactlyElementsOf(java.util.stream.Stream.of(lost.orderId(), lostFilled.orderId()).sorted().toList());
        Order readLost = missing.stream().filter(o -> o.orderId().equals(lost.orderId())).findFirst().orElseThrow();
        assertThat(readLost.status()).isEqualTo(OrderStatus.PARTIAL_FILL);
        assertThat(readLost.updatedAt()).isEqualTo(lost.updatedAt());
        // Paged by order id.
        List<Order> first = store().findOrdersMissingWebhookEvent(since, until, null, 1);
        assertThat(first).hasSize(1);
        assertThat(store().findOrdersMissingWebhookEvent(since, until, first.get(0).orderId(), 10))
                .extracting(Order::orderId).doesNotContain(first.get(0).orderId()).hasSize(1);
        assertThat(store().findOrdersMissingWebhookEvent(since, until, null, 0)).isEmpty();

        // A catch-up event for each: added once, with its order state; then nothing is missing any more.
        var catchUp = orderEvent(lost, until);
        assertThat(store().addWebhookCatchUpEvents(List.of(catchUp, orderEvent(lostFilled, until)))).isEqualTo(2);
        assertThat(store().findWebhookEvent(catchUp.eventId()).orElseThrow().order()).isEqualTo(stateOf(lost));
        assertThat(store().findWebhookEvent(catchUp.eventId()).orElseThrow().status())
                .isEqualTo(io.nija.core.store.WebhookOutboxStatus.PENDING);
        assertThat(store().addWebhookCatchUpEvents(List.of(orderEvent(lost, until)))).as("a second sweep").isZero();
        assertThat(store().findOrdersMissingWebhookEvent(since, until, null, 10)).isEmpty();
        // An event already describes it, or the order has moved on since it was read: no catch-up event.
        assertThat(store().addWebhookCatchUpEvents(List.of(orderEvent(announced, until)))).isZero();
        Order movedOn = storedOrder(hooked, base, toExecuting);
        var stale = orderEvent(movedOn, until);
        movedOn.moveTo(OrderStatus.FILLED, movedOn.updatedAt().plusSeconds(1), null);
        store().saveOrder(movedOn);
        assertThat(store().addWebhookCatchUpEvents(List.of(stale))).isZero();
        assertThatThrownBy(() -> store().addWebhookCatchUpEvents(List.of(outboxEvent(hooked, until))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentSweepsAddOneCatchUpEventPerOrderState() throws Exception {
        Instant base = T0.minusSeconds(3100L * 86400);
        String hooked = userWithWebhook();
        List<Order> lost = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            lost.add(storedOrder(hooked, base, OrderStatus.ROUTING, OrderStatus.QUEUED, OrderStatus.EXECUTING,
                    OrderStatus.FILLED));
        }
        int sweeps = 4;
        CountDownLatch ready = new CountDownLatch(sweeps);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger added = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(sweeps)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < sweeps; t++) {
                work.add(pool.submit(() -> {
                    // Each "instance" read the same orders and built its own events (own ids) before inserting.
                    List<Order> found = store().findOrdersMissingWebhookEvent(base, base.plusSeconds(60), null, 100);
                    List<io.nija.core.store.WebhookOutboxEvent> events = new ArrayList<>();
                    found.forEach(o -> events.add(orderEvent(o, base.plusSeconds(60))));
                    java.util.Collections.shuffle(events);
                    ready.countDown();
                    go.await();
                    added.addAndGet(store().addWebhookCatchUpEvents(events));
                    return null;
                }));
            }
            ready.await();
            go.countDown();
            for (Future<?> f : work) {
                f.get();
            }
        }
        assertThat(added.get()).isEqualTo(lost.size());
        assertThat(store().findOrdersMissingWebhookEvent(base, base.plusSeconds(60), null, 100)).isEmpty();
    }
}
