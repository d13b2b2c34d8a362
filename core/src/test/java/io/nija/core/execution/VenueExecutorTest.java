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
}
