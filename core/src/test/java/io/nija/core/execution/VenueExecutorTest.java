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
            assertThat(executor.queueDepth()).as("a's running call and the two set aside").isEqualTo(3);
            venue.release.countDown();
            io.nija.core.testing.Eventually.until("a's three calls answered", () -> aAnswers.get() == 3);
        }
    }
}
