package io.nija.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Fill;
import io.nija.core.order.OrderType;
import io.nija.core.routing.ExecutionStats;
import io.nija.core.signal.Side;
import io.nija.core.testing.Markets;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VenueExecutorTest {
    private final ManualClock clock = new ManualClock(Markets.T0);
    private final Instrument btc = Markets.btcUsd("stub");

    /** Accepts and fills every order, answers with the filled quantity only, and cannot give fills (rate limited). */
    private final class FillsUnreadable implements Venue {
        public String name() {
            return "stub";
        }

        public List<Instrument> instruments() {
            return List.of(btc);
        }

        public OrderBook orderBook(Instrument instrument, int depth) {
            return Markets.book(btc, "49990", "50000", "10");
        }

        public FeeSchedule fees(VenueAccount account, Instrument instrument) {
            return new FeeSchedule(BigDecimal.ZERO, BigDecimal.ZERO);
        }

        public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest r) {
            return new VenueOrderState("v-1", r.clientOrderId(), btc.symbol(), VenueOrderStatus.FILLED, r.quantity(),
                    r.quantity(), new BigDecimal("50000"), List.of(), null);
        }

        public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            throw new UnsupportedOperationException();
        }

        public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            throw new UnsupportedOperationException();
        }

        public List<VenueOrderState> openOrders(VenueAccount account) {
            return List.of();
        }

        public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
            throw new VenueException(VenueErrorKind.RATE_LIMITED, "stub limit would be exceeded", Duration.ofSeconds(3), null);
        }

        public Map<String, BigDecimal> balances(VenueAccount account) {
            return Map.of();
        }
    }

    @Test
    void anAcceptedOrderWhoseFillsCannotBeReadYetIsReportedAcceptedNeverUnsent() throws Exception {
        try (VenueExecutor executor = new VenueExecutor(new FillsUnreadable(), ExecutorConfig.defaults(), clock,
                new ManualScheduler(clock), new ExecutionStats(10))) {
            CompletableFuture<ExecutionReport> answer = new CompletableFuture<>();
            executor.submit(new ExecutionTask(TaskKind.PLACE, "u1", "o1", "o1-0", 3, Markets.BTC_USD,
                    new VenueAccount("u1", "stub", "key-u1", "secret", null),
                    new VenueOrderRequest(btc, "cid-1", Side.BUY, OrderType.LIMIT, new BigDecimal("0.01"), new BigDecimal("50100")),
                    answer::complete, () -> false));
            ExecutionReport r = answer.get(10, TimeUnit.SECONDS);
            // Not NotSent (the router would send the same client order id again) and not Refused (it would stop
            // tracking an order the venue holds): the accepted state, whose fills the engine asks for later.
            assertThat(r).isInstanceOfSatisfying(ExecutionReport.VenueState.class, s -> {
                assertThat(s.state().status()).isEqualTo(VenueOrderStatus.FILLED);
                assertThat(s.state().fills()).isEmpty();
            });
        }
    }

    /** Kraken-like: calls of one key are serialised (a nonce lock held across the call); key-a's calls hang. */
    private final class OneCallPerKeyVenue extends FillsUnreadableBase {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @Override
        public int maxConcurrentCallsPerKey() {
            return 1;
        }

        @Override
        public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            if (account.apiKey().equals("key-a")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Optional.empty();
        }
    }

    private abstract class FillsUnreadableBase implements Venue {
        private final FillsUnreadable delegate = new FillsUnreadable();

        public String name() { return delegate.name(); }
        public List<Instrument> instruments() { return delegate.instruments(); }
        public OrderBook orderBook(Instrument instrument, int depth) { return delegate.orderBook(instrument, depth); }
        public FeeSchedule fees(VenueAccount account, Instrument instrument) { return delegate.fees(account, instrument); }
        public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest r) { return delegate.placeOrder(account, r); }
        public VenueOrderState cancelOrder(VenueAccount a, Instrument i, String c) { return delegate.cancelOrder(a, i, c); }
        public List<VenueOrderState> openOrders(VenueAccount account) { return delegate.openOrders(account); }
        public List<Fill> fills(VenueAccount a, Instrument i, String c) { return delegate.fills(a, i, c); }
        public Map<String, BigDecimal> balances(VenueAccount account) { return delegate.balances(account); }
    }

    private ExecutionTask query(String user, String key, String cid, java.util.function.Consumer<ExecutionReport> sink) {
        return new ExecutionTask(TaskKind.QUERY, user, "o-" + cid, "o-" + cid + "-0", 0, Markets.BTC_USD,
                new VenueAccount(user, "stub", key, "secret", null),
                new VenueOrderRequest(btc, cid, Side.BUY, OrderType.LIMIT, new BigDecimal("0.01"), new BigDecimal("50100")),
                sink, () -> false);
    }

    @Test
    void callsWaitingForTheirOwnKeyHoldNoVenuePermitSoAnotherUsersCallGoesThrough() throws Exception {
        OneCallPerKeyVenue venue = new OneCallPerKeyVenue();
        // Two calls at once on the whole venue; user a sends three that each wait for a's key.
        try (VenueExecutor executor = new VenueExecutor(venue, new ExecutorConfig(2, 1200, 50, 50f, 50, Duration.ofSeconds(30)),
                clock, new ManualScheduler(clock), new ExecutionStats(10))) {
            java.util.concurrent.atomic.AtomicInteger aAnswers = new java.util.concurrent.atomic.AtomicInteger();
            for (int i = 0; i < 3; i++) {
                executor.submit(query("a", "key-a", "a" + i, r -> aAnswers.incrementAndGet()));
            }
            io.nija.core.testing.Eventually.until("a's first call is running", () -> executor.callsInFlight() == 1);
            CompletableFuture<ExecutionReport> b = new CompletableFuture<>();
            executor.submit(query("b", "key-b", "b0", b::complete));
            assertThat(b.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionReport.NotFound.class);
            assertThat(aAnswers.get()).as("a's calls still wait for a's key").isZero();
            // b's answer is delivered before its call counts itself out of the executor's depth: wait for that.
            io.nija.core.testing.Eventually.until("b's call has left", () -> executor.queueDepth() == 3);
            assertThat(executor.queueDepth()).as("a's running call and the two set aside").isEqualTo(3);
            venue.release.countDown();
            io.nija.core.testing.Eventually.until("a's three calls answered", () -> aAnswers.get() == 3);
        }
    }

    /** A budget of {@code perKey} calls per key until refilled; counts what it granted, spent and got back. */
    private static final class CountingBudget implements io.nija.core.venue.RequestBudget {
        final java.util.Map<String, Integer> left = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger refunds = new java.util.concurrent.atomic.AtomicInteger();
        final int perKey;
        boolean shared;

        CountingBudget(int perKey) {
            this.perKey = perKey;
        }

        void refill() {
            left.clear();
        }

        public Permit reserve(VenueAccount account, io.nija.core.venue.CallKind kind, VenueOrderRequest order) {
            int l = left.getOrDefault(shared ? "ip" : account.apiKey(), perKey);
            if (l == 0) {
                return Permit.refused(Duration.ofSeconds(1), shared);
            }
            left.put(shared ? "ip" : account.apiKey(), l - 1);
            return Permit.granted(account.apiKey());
        }

        public void refund(Permit permit) {
            if (permit.granted()) {
                refunds.incrementAndGet();
                left.merge((String) permit.reservation(), 1, Integer::sum);
            }
        }

        public <T> T spend(Permit permit, java.util.function.Supplier<T> call) {
            return call.get();
        }

        public long sharedHeadroom() {
            return 0;
        }
    }

    /** Counts the queries it is sent, per key; answers "no such order". */
    private final class BudgetedVenue extends FillsUnreadableBase {
        final CountingBudget budget;
        final java.util.Map<String, Integer> queriesSent = new java.util.concurrent.ConcurrentHashMap<>();

        BudgetedVenue(CountingBudget budget) {
            this.budget = budget;
        }

        @Override
        public Optional<io.nija.core.venue.RequestBudget> budget() {
            return Optional.of(budget);
        }

        @Override
        public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            queriesSent.merge(account.apiKey(), 1, Integer::sum);
            return Optional.empty();
        }
    }

    @Test
    void aCallTheVenuesBudgetRefusesIsNeitherSentNorAnsweredUntilTheBudgetAllowsIt() {
        CountingBudget budget = new CountingBudget(1);
        BudgetedVenue venue = new BudgetedVenue(budget);
        ManualScheduler scheduler = new ManualScheduler(clock);
        try (VenueExecutor executor = new VenueExecutor(venue, ExecutorConfig.defaults().withInlineCalls(), clock,
                scheduler, new ExecutionStats(10))) {
            List<ExecutionReport> a = new java.util.ArrayList<>();
            List<ExecutionReport> b = new java.util.ArrayList<>();
            executor.submit(query("a", "key-a", "a0", a::add));
            executor.submit(query("a", "key-a", "a1", a::add));
            executor.submit(query("b", "key-b", "b0", b::add));
            // a's key has budget for one call: the second waits unsent and unanswered; b is not held up.
            assertThat(venue.queriesSent).containsEntry("key-a", 1).containsEntry("key-b", 1);
            assertThat(a).hasSize(1);
            assertThat(b).hasSize(1);

            budget.refill();
            scheduler.advance(Duration.ofSeconds(1));
            assertThat(venue.queriesSent).containsEntry("key-a", 2);
            assertThat(a).hasSize(2).allMatch(r -> r instanceof ExecutionReport.NotFound);
        }
    }

    @Test
    void aSharedLimitHoldsEveryUsersCalls() {
        CountingBudget budget = new CountingBudget(1);
        budget.shared = true;
        BudgetedVenue venue = new BudgetedVenue(budget);
        ManualScheduler scheduler = new ManualScheduler(clock);
        try (VenueExecutor executor = new VenueExecutor(venue, ExecutorConfig.defaults().withInlineCalls(), clock,
                scheduler, new ExecutionStats(10))) {
            List<ExecutionReport> answers = new java.util.ArrayList<>();
            executor.submit(query("a", "key-a", "a0", answers::add));
            executor.submit(query("b", "key-b", "b0", answers::add));
            assertThat(venue.queriesSent).containsOnlyKeys("key-a");
            budget.refill();
            scheduler.advance(Duration.ofSeconds(1));
            assertThat(venue.queriesSent).containsEntry("key-b", 1);
            assertThat(answers).hasSize(2);
        }
    }

    @Test
    void aPlaceWithdrawnBeforeSendingGivesItsReservationBack() {
        CountingBudget budget = new CountingBudget(5);
        BudgetedVenue venue = new BudgetedVenue(budget);
        try (VenueExecutor executor = new VenueExecutor(venue, ExecutorConfig.defaults().withInlineCalls(), clock,
                new ManualScheduler(clock), new ExecutionStats(10))) {
            List<ExecutionReport> answers = new java.util.ArrayList<>();
            executor.submit(new ExecutionTask(TaskKind.PLACE, "a", "o1", "o1-0", 3, Markets.BTC_USD,
                    new VenueAccount("a", "stub", "key-a", "secret", null),
                    new VenueOrderRequest(btc, "cid-1", Side.BUY, OrderType.LIMIT, new BigDecimal("0.01"), new BigDecimal("50100")),
                    answers::add, () -> true));
            assertThat(answers).singleElement().isInstanceOf(ExecutionReport.NotSent.class);
            assertThat(budget.refunds).hasValue(1);
            assertThat(budget.left).containsEntry("key-a", 5);
        }
    }
    /** Coinbase-like: the place answer only acknowledges (OPEN, nothing filled); reading it back shows a partial fill. */
    private final class AcknowledgingVenue extends FillsUnreadableBase {
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public boolean placeAnswerIsAcknowledgement() {
            return true;
        }

        @Override
        public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest r) {
            return new VenueOrderState("v-1", r.clientOrderId(), btc.symbol(), VenueOrderStatus.OPEN, r.quantity(),
                    BigDecimal.ZERO, null, List.of(), null);
        }

        @Override
        public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            reads.incrementAndGet();
            return Optional.of(new VenueOrderState("v-1", clientOrderId, btc.symbol(), VenueOrderStatus.PARTIALLY_FILLED,
                    new BigDecimal("0.01"), new BigDecimal("0.004"), new BigDecimal("50000"), List.of(), null));
        }
    }

    private ExecutionReport placeAs(VenueExecutor executor, String user) throws Exception {
        CompletableFuture<ExecutionReport> answer = new CompletableFuture<>();
        executor.submit(new ExecutionTask(TaskKind.PLACE, user, "o-" + user, "o-" + user + "-0", 3, Markets.BTC_USD,
                new VenueAccount(user, "stub", "key-" + user, "secret", null),
                new VenueOrderRequest(btc, "cid-" + user, Side.BUY, OrderType.LIMIT, new BigDecimal("0.01"),
                        new BigDecimal("50100")), answer::complete, () -> false));
        return answer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAcknowledgedPlaceIsReadBackOnlyWhereTheAccountsStreamIsNotHealthy() throws Exception {
        AcknowledgingVenue venue = new AcknowledgingVenue();
        try (VenueExecutor executor = new VenueExecutor(venue, ExecutorConfig.defaults(), clock,
                new ManualScheduler(clock), new ExecutionStats(10))) {
            // No streams known yet: read back, as before streams existed.
            assertThat(placeAs(executor, "before")).isInstanceOfSatisfying(ExecutionReport.VenueState.class,
                    s -> assertThat(s.state().status()).isEqualTo(VenueOrderStatus.PARTIALLY_FILLED));
            assertThat(venue.reads).hasValue(1);

            executor.readBackUnlessStreamed(a -> switch (a.userId()) {
                case "streamed" -> true;
                case "broken" -> throw new IllegalStateException("health unknown");
                default -> false;
            });
            // The stream pushes this order's state: the accepted place answer is the report, with no read.
            assertThat(placeAs(executor, "streamed")).isInstanceOfSatisfying(ExecutionReport.VenueState.class, s -> {
                assertThat(s.state().status()).isEqualTo(VenueOrderStatus.OPEN);
                assertThat(s.state().venueOrderId()).isEqualTo("v-1");
            });
            assertThat(venue.reads).hasValue(1);
            // Stream down, or its health unknown: read back.
            assertThat(placeAs(executor, "polled")).isInstanceOf(ExecutionReport.VenueState.class);
            assertThat(venue.reads).hasValue(2);
            assertThat(placeAs(executor, "broken")).isInstanceOfSatisfying(ExecutionReport.VenueState.class,
                    s -> assertThat(s.state().status()).isEqualTo(VenueOrderStatus.PARTIALLY_FILLED));
            assertThat(venue.reads).hasValue(3);
        }
    }
}
