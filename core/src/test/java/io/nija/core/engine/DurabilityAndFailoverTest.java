package io.nija.core.engine;

import static io.nija.core.order.OrderStatus.FILLED;
import static io.nija.core.order.OrderStatus.REJECTED;
import static io.nija.core.testing.ScriptedVenue.CallKind.PLACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.store.VenueRequest;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.testing.ScriptedVenue.Step;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.VenueErrorKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Write-ahead venue requests, failover to the next venue, and reconciliation against the venues. */
class DurabilityAndFailoverTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private ScriptedVenue kraken() {
        Instrument btcKraken = Markets.instrument("kraken", Markets.BTC_USD, "XBTUSD", "0.1", "0.00001", "0.00001", "5");
        // Dearer than binance, so binance is chosen first.
        return new ScriptedVenue("kraken", h.clock).list(btcKraken, Markets.book(btcKraken, "49990", "50000", "10"))
                .fees(new FeeSchedule(new BigDecimal("0.004"), new BigDecimal("0.006")));
    }

    @Test
    void everySendIsRecordedBeforeItLeavesAndCompletedAfterItsAnswer() {
        h.user("u1");
        h.start();
        Order o = h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
        List<VenueRequest> requests = h.store.venueRequests();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("place");
            assertThat(r.clientOrderId()).isEqualTo(o.legs().get(0).clientOrderId());
            assertThat(r.outcome()).isEqualTo("accepted");
        });
        assertThat(h.store.openVenueRequests()).isEmpty();
    }

    @Test
    void aSendWhoseAnswerIsLostStaysOpenInTheJournalAsUnknown() {
        h.user("u1");
        h.binance.script(Step.acceptFillThenTimeout());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        h.awaitStatus(id, OrderStatus.UNKNOWN);
        assertThat(h.store.venueRequests()).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo("unknown"));
    }

    @Test
    void whenTheChosenVenuesBreakerIsOpenTheOrderFailsOverToTheNextEligibleVenue() {
        ScriptedVenue kraken = kraken();
        h.addVenue(kraken);
        h.user("u1");
        h.start();
        // The breaker opens after routing chose binance but before the executor sends: the send is refused.
        h.engine.executors().get("binance").breaker().transitionToForcedOpenState();
        Order o = h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
        assertThat(o.venue()).isEqualTo("kraken");
        assertThat(kraken.calls(PLACE)).hasSize(1);
        assertThat(h.binance.calls(PLACE)).isEmpty();
    }

    @Test
    void aLegTheVenueNeverTookMovesToAnotherVenueWithItsOwnClientOrderIdAndTheOrderFills() {
        // Reads at this venue show an order as soon as it exists: one "no such order" is enough.
        h.config = EngineConfig.defaults().withVisibility(VisibilityWindows.uniform(Duration.ZERO));
        ScriptedVenue kraken = kraken();
        h.addVenue(kraken);
        h.user("u1");
        h.binance.defaultStep(Step.unavailable());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        for (int round = 1; round <= h.config.maxSendAttempts(); round++) {
            int places = round;
            io.nija.core.testing.Eventually.until("place " + places + " answered",
                    () -> h.binance.calls(PLACE).size() == places && h.scheduler.pending() == 1);
            h.settle();
            h.scheduler.advance(h.config.resolveBackoff().multipliedBy(1L << (round - 1)));
        }
        Order o = h.awaitStatus(id, FILLED);
        assertThat(o.legs()).hasSize(2);
        OrderLeg first = o.legs().get(0);
        OrderLeg second = o.legs().get(1);
        assertThat(first.venue()).isEqualTo("binance");
        assertThat(first.supersededBy()).isEqualTo(second.legId());
        assertThat(first.filledQty()).isZero();
        assertThat(second.venue()).isEqualTo("kraken");
        assertThat(second.clientOrderId()).isNotEqualTo(first.clientOrderId());
        assertThat(kraken.calls(PLACE)).hasSize(1);
        assertThat(o.routeReason()).contains("failover from binance");
    }

    @Test
    void aUserSideRefusalIsNeverFailedOver() {
        ScriptedVenue kraken = kraken();
        h.addVenue(kraken);
        h.user("u1");
        h.binance.script(Step.reject(VenueErrorKind.INSUFFICIENT_FUNDS));
        h.start();
        Order o = h.awaitStatus(h.submit(h.buy("u1", "1000")), REJECTED);
        assertThat(o.legs()).hasSize(1);
        assertThat(kraken.calls(PLACE)).isEmpty();
    }

    @Test
    void reconciliationReportsOpenOrdersTheRouterDidNotSendAndLeavesThemAlone() {
        h.user("u1");
        h.binance.script(Step.rest(), Step.rest());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        h.awaitStatus(id, OrderStatus.EXECUTING);
        // An order placed at the venue by someone else with the same account.
        h.binance.placeOrder(EngineHarness.account("u1", "binance").orElseThrow(),
                new io.nija.core.venue.VenueOrderRequest(h.btcBinance, "manual-order-1", io.nija.core.signal.Side.BUY,
                        io.nija.core.order.OrderType.LIMIT, new BigDecimal("0.001"), new BigDecimal("40000")));
        assertThat(h.engine.reconcile()).isEqualTo(1);
        assertThat(h.engine.foreignOrders()).singleElement().asString().contains("manual-order-1");
        assertThat(h.store.auditLog()).anySatisfy(e -> assertThat(e.action()).isEqualTo("unknown_open_order"));
        assertThat(h.binance.calls(io.nija.core.testing.ScriptedVenue.CallKind.CANCEL)).isEmpty();
        // Reported once, not on every pass.
        h.engine.reconcile();
        assertThat(h.store.auditLog().stream().filter(e -> e.action().equals("unknown_open_order"))).hasSize(1);
    }

    @Test
    void reconciliationReadsABoundedNumberOfAccountsPerVenueEachPassAndCoversEveryoneInTurn() {
        h.config = EngineConfig.defaults().withReconcileAccountsPerPass(10);
        for (int i = 0; i < 25; i++) {
            h.user(String.format("u%02d", i));
        }
        h.start();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int pass = 1; pass <= 3; pass++) {
            int before = h.binance.calls(io.nija.core.testing.ScriptedVenue.CallKind.OPEN_ORDERS).size();
            h.engine.reconcile();
            var reads = h.binance.calls(io.nija.core.testing.ScriptedVenue.CallKind.OPEN_ORDERS);
            assertThat(reads.size() - before).as("open-orders reads in pass " + pass).isEqualTo(10);
            reads.subList(before, reads.size()).forEach(c -> seen.add(c.userId()));
        }
        assertThat(seen).as("every account read within three passes").hasSize(25);
    }

    @Test
    void aRateLimitedVenuePausesEverySendForItsRetryAfter() {
        h.user("u1", io.nija.core.user.UserLimits.defaults().withTradesPerSecond(100));
        h.binance.script(Step.reject(VenueErrorKind.RATE_LIMITED));
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        io.nija.core.testing.Eventually.until("the rate-limited send came back", () -> h.binance.calls(PLACE).size() == 1);
        // The lane takes the answer on its own thread and only then sets the retry; advance in steps until the order
        // fills, so the test does not depend on which of the two threads gets there first.
        for (int i = 0; i < 20 && h.order(id).status() != FILLED; i++) {
            // Each round waits until the lane (or the executor) has set its next step, then lets a second pass.
            io.nija.core.testing.Eventually.until("the retry is set or the order filled",
                    () -> h.order(id).status() == FILLED || h.scheduler.pending() >= 1);
            h.scheduler.advance(Duration.ofSeconds(1));
            h.settle();
        }
        Order o = h.awaitStatus(id, FILLED);
        assertThat(h.binance.calls(PLACE)).hasSize(2)
                .allSatisfy(c -> assertThat(c.clientOrderId()).isEqualTo(o.legs().get(0).clientOrderId()));
    }

    @Test
    void aLimitOrderRestingLongerThanItsTimeToLiveIsCancelledAtTheVenue() {
        h.config = EngineConfig.defaults().withRestingOrderTtl(Duration.ofSeconds(5));
        h.user("u1");
        h.binance.script(Step.rest());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        h.awaitStatus(id, OrderStatus.EXECUTING);
        for (int i = 0; i < 10 && !h.order(id).status().isTerminal(); i++) {
            h.scheduler.advance(Duration.ofSeconds(1));
            h.settle();
            io.nija.core.testing.Eventually.until("the follow-up answered",
                    () -> h.order(id).status().isTerminal() || h.scheduler.pending() >= 1);
        }
        Order o = h.awaitStatus(id, OrderStatus.CANCELLED);
        assertThat(o.filledQty()).isZero();
        assertThat(h.binance.calls(io.nija.core.testing.ScriptedVenue.CallKind.CANCEL)).hasSize(1);
        assertThat(h.binance.calls(PLACE)).hasSize(1);
    }

    @Test
    void severalNoSuchOrderAnswersForOneLegLeadToOneSendOnly() {
        // Reads at this venue show an order as soon as it exists: one "no such order" is enough.
        h.config = EngineConfig.defaults().withVisibility(VisibilityWindows.uniform(Duration.ZERO));
        h.user("u1");
        h.binance.script(Step.unavailable(), Step.rest());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        h.awaitStatus(id, OrderStatus.UNKNOWN);
        // Reconciliation passes ask about the unknown leg while the lane's own backoff question is also due.
        h.engine.reconcile();
        h.engine.reconcile();
        h.engine.reconcile();
        h.scheduler.advance(h.config.resolveBackoff());
        Order o = h.await(id, "is at the venue", x -> x.status() == OrderStatus.EXECUTING);
        h.settle();
        assertThat(h.binance.calls(PLACE)).hasSize(2)
                .allSatisfy(c -> assertThat(c.clientOrderId()).isEqualTo(o.legs().get(0).clientOrderId()));
        assertThat(h.binance.placeCount(o.legs().get(0).clientOrderId())).isEqualTo(2);
    }
}
