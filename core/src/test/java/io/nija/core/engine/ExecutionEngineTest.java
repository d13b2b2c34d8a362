package io.nija.core.engine;

import static io.nija.core.order.OrderStatus.CANCELLED;
import static io.nija.core.order.OrderStatus.EXECUTING;
import static io.nija.core.order.OrderStatus.FAILED;
import static io.nija.core.order.OrderStatus.FILLED;
import static io.nija.core.order.OrderStatus.PARTIAL_FILL;
import static io.nija.core.order.OrderStatus.QUEUED;
import static io.nija.core.order.OrderStatus.REJECTED;
import static io.nija.core.order.OrderStatus.UNKNOWN;
import static io.nija.core.testing.ScriptedVenue.CallKind.CANCEL;
import static io.nija.core.testing.ScriptedVenue.CallKind.PLACE;
import static io.nija.core.testing.ScriptedVenue.CallKind.QUERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.execution.ExecutorConfig;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.ClientOrderIds;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.Liquidity;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderType;
import io.nija.core.position.Position;
import io.nija.core.routing.RoutingConfig;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AuditEvent;
import io.nija.core.testing.Eventually;
import io.nija.core.store.memory.InMemoryStore;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.testing.ScriptedVenue.Step;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.VenueErrorKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline over an in-memory store and scripted venues: intake, risk, routing, sending, reports,
 * positions, recovery. Lanes run on the caller's thread and time only moves when the test advances the
 * scheduler; venue calls run on the executors' virtual threads, so outcomes are awaited on the store (bounded).
 */
class ExecutionEngineTest {
    final EngineHarness h = new EngineHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    private static List<ScriptedVenue.CallKind> kindsFor(ScriptedVenue v, String clientOrderId) {
        return v.calls().stream().filter(c -> c.clientOrderId().equals(clientOrderId)).map(ScriptedVenue.Call::kind).toList();
    }

    private static UserLimits limits(String maxPositionUsd, double tradesPerSecond) {
        return new UserLimits(true, Set.of(), Set.of(), new BigDecimal("25000"), new BigDecimal(maxPositionUsd),
                new BigDecimal("5000"), 20, tradesPerSecond);
    }

    // --- the happy path -----------------------------------------------------------------------------

    @Test
    void aSignalBecomesAFilledOrderWithItsFillPositionAndStoredRows() {
        h.user("u1");
        h.start();
        TradeSignal s = h.signal("u1", Side.BUY, "1000", SignalType.ENTRY, "k1");
        SignalAck ack = h.engine.submit(s);
        assertThat(ack.duplicate()).isFalse();
        assertThat(ack.signalId()).isEqualTo(s.signalId());
        assertThat(ack.status()).isEqualTo("pending");
        assertThat(ack.orderIds()).hasSize(1);
        String id = ack.orderIds().get(0);

        Order o = h.awaitStatus(id, FILLED);
        assertThat(o.executionMethod()).isEqualTo(ExecutionMethod.LIMIT);
        assertThat(o.routeReason()).startsWith("chose binance");
        assertThat(o.legs()).hasSize(1);
        OrderLeg leg = o.legs().get(0);
        assertThat(leg.type()).isEqualTo(OrderType.LIMIT);
        assertThat(leg.quantity()).isEqualByComparingTo("0.02");
        assertThat(leg.limitPrice()).isEqualByComparingTo("50100"); // touch + 0.2 %, on the tick
        assertThat(leg.clientOrderId()).isEqualTo(ClientOrderIds.forLeg("binance", id, 0, 0));
        assertThat(leg.venueOrderId()).isNotNull();
        assertThat(leg.status()).isEqualTo(FILLED);
        assertThat(o.filledQty()).isEqualByComparingTo("0.02");
        assertThat(o.averagePrice()).isEqualByComparingTo("50000");
        assertThat(o.fees()).isEqualByComparingTo("1"); // 0.02 × 50 000 × 0.1 %

        List<InMemoryStore.StoredFill> fills = h.store.storedFills(id);
        assertThat(fills).hasSize(1);
        assertThat(fills.get(0).legId()).isEqualTo(leg.legId());
        assertThat(fills.get(0).fill().quantity()).isEqualByComparingTo("0.02");
        assertThat(fills.get(0).fill().price()).isEqualByComparingTo("50000");

        List<Position> positions = h.store.findPositions("u1");
        assertThat(positions).hasSize(1);
        assertThat(positions.get(0).venue()).isEqualTo("binance");
        assertThat(positions.get(0).quantity()).isEqualByComparingTo("0.02");
        assertThat(positions.get(0).averageCost()).isEqualByComparingTo("50000");
        assertThat(positions.get(0).realizedPnl()).isEqualByComparingTo("-1");

        assertThat(h.binance.calls(PLACE)).hasSize(1);
        assertThat(h.binance.placeCount(leg.clientOrderId())).isEqualTo(1);
        assertThat(h.store.findActiveOrders()).isEmpty();
        assertThat(h.store.findSignal("u1", "k1")).get().satisfies(a -> assertThat(a.orderIds()).containsExactly(id));
        assertThat(h.store.auditLog()).extracting(AuditEvent::action).containsSubsequence("accepted", "queued", "filled");
        assertThat(h.engine.unrealizedPnl(positions.get(0))).isEqualByComparingTo("-0.1"); // mid 49 995
    }

    @Test
    void theSignalGoesToTheCheaperVenueWithThatVenuesIdRules() {
        Instrument btcKraken = Markets.instrument("kraken", Markets.BTC_USD, "XBTUSD", "0.1", "0.00001", "0.00001", "5");
        ScriptedVenue kraken = new ScriptedVenue("kraken", h.clock).list(btcKraken, Markets.book(btcKraken, "49990", "50000", "10"))
                .fees(new FeeSchedule(new BigDecimal("0.0002"), new BigDecimal("0.0004")));
        h.addVenue(kraken);
        h.user("u1");
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        Order o = h.awaitStatus(id, FILLED);
        assertThat(o.venue()).isEqualTo("kraken");
        assertThat(o.legs().get(0).clientOrderId()).hasSize(18);
        assertThat(o.routeReason()).startsWith("chose kraken").contains("binance");
        assertThat(h.binance.calls(PLACE)).isEmpty();
        assertThat(kraken.calls(PLACE)).hasSize(1);
    }

    @Test
    void aVenueWhoseAdapterFailsWhileReadingTheBookIsSkippedAndTheOrderGoesElsewhere() {
        Instrument btcOkx = Markets.instrument("okx", Markets.BTC_USD, "BTC-USDT", "0.1", "0.00001", "0.00001", "5");
        ScriptedVenue okx = new ScriptedVenue("okx", h.clock).list(btcOkx, Markets.book(btcOkx, "49990", "50000", "10"))
                .fees(new FeeSchedule(BigDecimal.ZERO, BigDecimal.ZERO)) // cheaper: it would win if it could be read
                .failBooks(new IllegalStateException("adapter bug: unexpected JSON"));
        h.addVenue(okx);
        h.user("u1");
        h.start();
        Order o = h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
        assertThat(o.venue()).isEqualTo("binance");
        assertThat(o.routeReason()).contains("okx ineligible (no order book)");
        assertThat(okx.calls(PLACE)).isEmpty();
    }

    @Test
    void anOrderIsRejectedNotLeftRoutingWhenTheOnlyVenuesBookCannotBeRead() {
        h.binance.failBooks(new IllegalStateException("adapter bug: unexpected JSON"));
        h.user("u1");
        h.start();
        assertRejected(h.submit(h.buy("u1", "1000")), "no_eligible_venue");
        assertThat(h.store.findActiveOrders()).isEmpty();
    }

    // --- idempotency --------------------------------------------------------------------------------

    @Test
    void theSameIdempotencyKeyTwiceMakesOneOrder() {
        h.user("u1");
        h.user("u2");
        h.start();
        TradeSignal first = h.signal("u1", Side.BUY, "1000", SignalType.ENTRY, "same-key");
        TradeSignal repeat = h.signal("u1", Side.BUY, "1000", SignalType.ENTRY, "same-key");
        SignalAck a1 = h.engine.submit(first);
        SignalAck a2 = h.engine.submit(repeat);
        assertThat(a2.duplicate()).isTrue();
        assertThat(a2.signalId()).isEqualTo(first.signalId());
        assertThat(a2.orderIds()).isEqualTo(a1.orderIds());

        h.awaitStatus(a1.orderIds().get(0), FILLED);
        SignalAck a3 = h.engine.submit(h.signal("u1", Side.BUY, "1000", SignalType.ENTRY, "same-key"));
        assertThat(a3.duplicate()).isTrue();
        assertThat(a3.status()).isEqualTo("filled");
        assertThat(h.store.allOrders()).hasSize(1);
        assertThat(h.store.signalCount()).isEqualTo(1);
        assertThat(h.binance.calls(PLACE)).hasSize(1);

        // keys are per user: another user's identical key is a new signal
        SignalAck other = h.engine.submit(h.signal("u2", Side.BUY, "1000", SignalType.ENTRY, "same-key"));
        assertThat(other.duplicate()).isFalse();
        assertThat(other.orderIds()).doesNotContainAnyElementsOf(a1.orderIds());
        h.awaitStatus(other.orderIds().get(0), FILLED);
    }

    // --- risk ---------------------------------------------------------------------------------------

    private void assertRejected(String orderId, String code) {
        Order o = h.awaitStatus(orderId, REJECTED);
        assertThat(o.rejectCode()).isEqualTo(code);
        assertThat(o.legs()).isEmpty();
        assertThat(h.store.auditLog()).anySatisfy(e -> {
            assertThat(e.entityId()).isEqualTo(orderId);
            assertThat(e.action()).isEqualTo("rejected");
            assertThat(e.detail()).startsWith(code + ":");
        });
    }

    private void assertRefusedAtIntake(TradeSignal signal, String code) {
        int signalsBefore = h.store.signalCount();
        int ordersBefore = h.store.allOrders().size();
        assertThatThrownBy(() -> h.engine.submit(signal))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThat(h.store.signalCount()).as("nothing stored for a refused signal").isEqualTo(signalsBefore);
        assertThat(h.store.allOrders()).hasSize(ordersBefore);
    }

    @Test
    void aDisabledUserIsRejectedWithUserDisabled() {
        h.user("u1", UserLimits.defaults().withEnabled(false));
        h.start();
        assertRefusedAtIntake(h.buy("u1", "1000"), "user_disabled");
        assertThat(h.binance.calls()).isEmpty();
    }

    @Test
    void anOrderAboveMaxOrderUsdIsRejectedWithOrderTooLarge() {
        h.user("u1");
        h.start();
        assertRefusedAtIntake(h.buy("u1", "25000.01"), "order_too_large");
        assertThat(h.binance.calls()).isEmpty();
    }

    @Test
    void theGlobalKillSwitchRejectsEveryNewOrderUntilItIsOff() {
        h.user("u1");
        h.start();
        h.engine.killSwitch(null, true);
        assertThat(h.engine.globalKillSwitch()).isTrue();
        assertRefusedAtIntake(h.buy("u1", "1000"), "kill_switch");
        h.engine.killSwitch(null, false);
        h.scheduler.advance(Duration.ofSeconds(1));
        h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
        assertThat(h.binance.calls(PLACE)).hasSize(1);
    }

    @Test
    void aUsersKillSwitchStopsThatUserOnly() {
        h.user("u1");
        h.user("u2");
        h.start();
        h.engine.killSwitch("u1", true);
        assertRefusedAtIntake(h.buy("u1", "1000"), "kill_switch");
        h.awaitStatus(h.submit(h.buy("u2", "1000")), FILLED);
    }

    @Test
    void killSwitchesSurviveARestartAndStillRefuseEntries() {
        h.user("u1");
        h.user("u2");
        h.start();
        h.engine.killSwitch("u1", true, io.nija.core.risk.KillSwitchMode.BLOCK_ENTRIES);
        h.restart();
        assertRefusedAtIntake(h.buy("u1", "1000"), "kill_switch");
        assertThat(h.engine.killSwitchState("u1").enabled()).isTrue();
        h.awaitStatus(h.submit(h.buy("u2", "1000")), FILLED);

        h.engine.killSwitch(null, true, io.nija.core.risk.KillSwitchMode.BLOCK_ENTRIES);
        h.restart();
        assertThat(h.engine.globalKillSwitch()).isTrue();
        assertRefusedAtIntake(h.buy("u2", "1000"), "kill_switch");

        h.engine.killSwitch(null, false, io.nija.core.risk.KillSwitchMode.BLOCK_ENTRIES);
        h.engine.killSwitch("u1", false, io.nija.core.risk.KillSwitchMode.BLOCK_ENTRIES);
        h.restart();
        h.scheduler.advance(Duration.ofSeconds(2));
        h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
    }

    @Test
    void moreTradesPerSecondThanAllowedAreRefusedWithTradeRateExceeded() {
        h.user("u1");
        h.start();
        // The design's bucket: 1 trade/s with a burst of 2, so an entry and its stop sent together both pass.
        String first = h.submit(h.buy("u1", "1000"));
        String second = h.submit(h.buy("u1", "1000"));
        assertRefusedAtIntake(h.buy("u1", "1000"), "trade_rate_exceeded");
        assertThatThrownBy(() -> h.engine.submit(h.buy("u1", "1000")))
                .isInstanceOfSatisfying(io.nija.core.signal.TradeRateExceededException.class,
                        e -> assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        h.awaitStatus(first, FILLED);
        h.awaitStatus(second, FILLED);
        h.scheduler.advance(Duration.ofSeconds(1));
        h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
        assertThat(h.binance.calls(PLACE)).hasSize(3);
    }

    @Test
    void aStopLossIsNeverRefusedForTheTradeRate() {
        h.user("u1");
        h.start();
        h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
        h.submit(h.buy("u1", "500"));
        assertRefusedAtIntake(h.buy("u1", "100"), "trade_rate_exceeded");
        String stop = h.submit(h.signal("u1", Side.SELL, "500", SignalType.STOP_LOSS, null));
        assertThat(h.awaitStatus(stop, FILLED).executionMethod()).isEqualTo(ExecutionMethod.MARKET);
    }

    @Test
    void aBuyThatWouldExceedMaxPositionUsdIsRefusedAtIntakeButAnExitIsNot() {
        h.user("u1", limits("1500", 1.0));
        h.start();
        h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
        h.scheduler.advance(Duration.ofSeconds(1));
        assertRefusedAtIntake(h.buy("u1", "1000"), "position_limit");
        h.scheduler.advance(Duration.ofSeconds(1));
        String exit = h.submit(h.signal("u1", Side.SELL, "1000", SignalType.EXIT, null));
        Order o = h.awaitStatus(exit, FILLED);
        assertThat(o.executionMethod()).isEqualTo(ExecutionMethod.MARKET);
        assertThat(o.legs().get(0).type()).isEqualTo(OrderType.MARKET);
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("0");
    }

    @Test
    void aPairNoVenueCanTakeIsRejectedWithNoEligibleVenue() {
        h.user("u1");
        h.start();
        TradeSignal eth = new TradeSignal("sig_eth", "u1", Markets.ETH_USD, Side.BUY, new BigDecimal("1000"),
                SignalType.ENTRY, "t", h.clock.now(), null);
        assertRejected(h.engine.submit(eth).orderIds().get(0), "no_eligible_venue");
    }

    @Test
    void anUnknownUserIsRefusedAtIntakeAndNothingIsStored() {
        h.start();
        assertThatThrownBy(() -> h.engine.submit(h.buy("ghost", "1000")))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("unknown_user"));
        assertThat(h.store.allOrders()).isEmpty();
    }

    @Test
    void aStoppingEngineTakesNoNewSignals() {
        h.user("u1");
        h.start();
        h.engine.stopAccepting();
        assertThatThrownBy(() -> h.engine.submit(h.buy("u1", "1000")))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("shutting_down"));
    }

    // --- lost answers: ask, never resend blindly ----------------------------------------------------

    @Test
    void acceptThenTimeoutLeavesTheLegUnknownUntilAQueryFindsItFilledAndItIsPlacedExactlyOnce() {
        h.user("u1");
        h.binance.script(Step.acceptFillThenTimeout());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        Order o = h.awaitStatus(id, UNKNOWN);
        String cid = o.legs().get(0).clientOrderId();
        assertThat(o.legs().get(0).status()).isEqualTo(UNKNOWN);
        assertThat(h.binance.holds(cid)).isTrue();
        h.awaitScheduled(1);
        assertThat(h.binance.calls(QUERY)).as("nothing is asked before the backoff").isEmpty();

        h.scheduler.advance(h.config.resolveBackoff());
        o = h.awaitStatus(id, FILLED);
        assertThat(kindsFor(h.binance, cid)).containsExactly(PLACE, QUERY);
        assertThat(o.filledQty()).isEqualByComparingTo("0.02");
        assertThat(h.store.storedFills(id)).hasSize(1);
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("0.02");
    }

    @Test
    void venueUnavailableWithoutAnOrderIsResentWithTheSameClientOrderIdOnlyAfterTheVenueSaysItHasNone() {
        // Reads at this venue show an order as soon as it exists: one "no such order" is enough.
        h.config = EngineConfig.defaults().withVisibility(VisibilityWindows.uniform(Duration.ZERO));
        h.user("u1");
        h.binance.script(Step.unavailable(), Step.fill());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        Order o = h.awaitStatus(id, UNKNOWN);
        String cid = o.legs().get(0).clientOrderId();
        assertThat(h.binance.holds(cid)).isFalse();
        h.awaitScheduled(1);
        assertThat(h.binance.placeCount(cid)).isEqualTo(1);

        h.scheduler.advance(h.config.resolveBackoff());
        o = h.awaitStatus(id, FILLED);
        assertThat(kindsFor(h.binance, cid)).containsExactly(PLACE, QUERY, PLACE);
        OrderLeg leg = o.legs().get(0);
        assertThat(leg.clientOrderId()).isEqualTo(cid).isEqualTo(ClientOrderIds.forLeg("binance", id, 0, 0));
        assertThat(leg.attemptFamily()).isZero();
        assertThat(leg.fills()).hasSize(1);
    }

    @Test
    void aVenueThatNeverTakesTheOrderFailsTheLegAfterMaxSendAttemptsAllWithOneClientOrderId() {
        // Reads at this venue show an order as soon as it exists: one "no such order" is enough.
        h.config = EngineConfig.defaults().withVisibility(VisibilityWindows.uniform(Duration.ZERO));
        h.user("u1");
        h.binance.defaultStep(Step.unavailable());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        for (int round = 1; round <= h.config.maxSendAttempts(); round++) {
            int places = round;
            Eventually.until("place " + places + " answered and a query scheduled",
                    () -> h.binance.calls(PLACE).size() == places && h.scheduler.pending() == 1);
            h.settle();
            // exactly the backoff (100, 200, 400 ms): a longer step would also run the next question, which the
            // venue executor may schedule while this advance is still under way
            h.scheduler.advance(h.config.resolveBackoff().multipliedBy(1L << (round - 1)));
        }
        Order o = h.awaitStatus(id, FAILED);
        String cid = o.legs().get(0).clientOrderId();
        assertThat(h.binance.calls(PLACE)).hasSize(h.config.maxSendAttempts())
                .allSatisfy(c -> assertThat(c.clientOrderId()).isEqualTo(cid));
        assertThat(o.legs().get(0).statusReason()).contains("did not take the order");
        assertThat(h.binance.holds(cid)).isFalse();
    }

    // --- refusals and the breaker -------------------------------------------------------------------

    @Test
    void repeatedUserSideRefusalsPauseOnlyThatUsersAccountAndNeverOpenTheVenueBreaker() {
        h.config = EngineConfig.defaults().withExecutor(new ExecutorConfig(64, 1200, 50, 50f, 2, Duration.ofSeconds(30)));
        h.user("u1", limits("100000", 100));
        h.user("u2", limits("100000", 100));
        h.binance.defaultStep(Step.reject(VenueErrorKind.INSUFFICIENT_FUNDS));
        h.start();
        for (int i = 0; i < 3; i++) {
            String id = h.submit(h.buy("u1", "1000"));
            Order o = h.awaitStatus(id, REJECTED);
            assertThat(o.legs().get(0).status()).isEqualTo(REJECTED);
            assertThat(o.legs().get(0).statusReason()).contains("insufficient_funds");
            assertThat(o.statusReason()).contains("insufficient_funds");
            assertThat(o.rejectCode()).isEqualTo("insufficient_funds");
        }
        assertThat(h.engine.executors().get("binance").isUserBreakerOpen("u1")).isTrue();
        assertThat(h.engine.executors().get("binance").isBreakerOpen()).isFalse();
        assertThat(h.binance.calls(PLACE)).hasSize(3);
        assertThat(h.binance.calls(QUERY)).isEmpty();

        // u1's account is paused on this venue: the next order is not even sent there.
        Order paused = h.awaitStatus(h.submit(h.buy("u1", "1000")), REJECTED);
        assertThat(paused.routeReason() == null ? paused.statusReason() : paused.routeReason()).contains("circuit breaker open");
        assertThat(h.binance.calls(PLACE)).hasSize(3);

        // Another user on the same venue is not affected.
        h.binance.defaultStep(Step.fill());
        h.awaitStatus(h.submit(h.buy("u2", "1000")), FILLED);
    }


    @Test
    void venueSideFailuresDoOpenTheBreakerAndThenTheVenueIsNotRoutedTo() {
        h.config = EngineConfig.defaults().withExecutor(new ExecutorConfig(64, 1200, 50, 50f, 2, Duration.ofSeconds(30)));
        h.user("u1", limits("100000", 100));
        h.binance.defaultStep(Step.unavailable());
        h.start();
        h.awaitStatus(h.submit(h.buy("u1", "1000")), UNKNOWN);
        h.awaitStatus(h.submit(h.buy("u1", "1000")), UNKNOWN);
        assertThat(h.engine.executors().get("binance").isBreakerOpen()).isTrue();
        assertThat(h.engine.venueViews().get(0).healthy()).isFalse();
        assertRejected(h.submit(h.buy("u1", "1000")), "no_eligible_venue");
        assertThat(h.order(h.store.allOrders().get(2).orderId()).statusReason()).contains("circuit breaker open");
    }

    // --- resting orders -----------------------------------------------------------------------------

    @Test
    void aRestingOrderIsCancelledAtTheVenueOnRequest() {
        h.user("u1");
        h.binance.script(Step.rest());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        Order o = h.awaitStatus(id, EXECUTING);
        String cid = o.legs().get(0).clientOrderId();
        h.engine.cancel("u1", id);
        o = h.awaitStatus(id, CANCELLED);
        assertThat(o.legs().get(0).status()).isEqualTo(CANCELLED);
        assertThat(o.filledQty()).isEqualByComparingTo("0");
        assertThat(kindsFor(h.binance, cid)).containsExactly(PLACE, CANCEL);
        assertThat(h.store.findPositions("u1")).isEmpty();
        assertThat(h.store.findActiveOrders()).isEmpty();
        // the follow-up question that was scheduled for the resting order is dropped once it is final
        h.scheduler.advance(Duration.ofSeconds(5));
        h.settle();
        assertThat(kindsFor(h.binance, cid)).containsExactly(PLACE, CANCEL);
    }

    @Test
    void aRestingOrderIsFollowedUpAndItsLaterFillIsImported() {
        h.user("u1");
        h.binance.script(Step.rest());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        String cid = h.awaitStatus(id, EXECUTING).legs().get(0).clientOrderId();
        h.awaitScheduled(1);
        h.binance.fillResting(cid, null);
        h.scheduler.advance(h.config.followUpInterval());
        Order o = h.awaitStatus(id, FILLED);
        assertThat(o.legs().get(0).fills()).singleElement().satisfies(f -> assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER));
        assertThat(kindsFor(h.binance, cid)).containsExactly(PLACE, QUERY);
    }

    @Test
    void aPartialFillThenTheRestFillsTheOrderAndAFillSeenTwiceCountsOnce() {
        h.user("u1");
        h.binance.script(Step.partial("0.01", null));
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        Order o = h.awaitStatus(id, PARTIAL_FILL);
        String cid = o.legs().get(0).clientOrderId();
        assertThat(o.filledQty()).isEqualByComparingTo("0.01");
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("0.01");
        h.awaitScheduled(1);
        h.binance.fillResting(cid, "49995");
        h.scheduler.advance(h.config.followUpInterval());
        // the query answers with both fills: the first must not be counted again
        o = h.awaitStatus(id, FILLED);
        assertThat(o.legs().get(0).fills()).hasSize(2);
        assertThat(o.filledQty()).isEqualByComparingTo("0.02");
        assertThat(o.averagePrice()).isEqualByComparingTo("49997.5");
        assertThat(h.store.storedFills(id)).hasSize(2);
        Position p = h.store.findPositions("u1").get(0);
        assertThat(p.quantity()).isEqualByComparingTo("0.02");
        assertThat(p.averageCost()).isEqualByComparingTo("49997.5");
    }

    // --- TWAP ---------------------------------------------------------------------------------------

    @Nested
    class Twap {
        String start() {
            h.config = EngineConfig.defaults().withRouting(
                    RoutingConfig.defaults().withTwap(new BigDecimal("2000"), 3, Duration.ofSeconds(10)));
            h.user("u1");
            h.start();
            String id = h.submit(h.buy("u1", "3000"));
            Order o = h.await(id, "has its first slice filled", x -> x.legs().size() == 3 && x.legs().get(0).status() == FILLED);
            assertThat(o.executionMethod()).isEqualTo(ExecutionMethod.TWAP);
            assertThat(o.status()).isEqualTo(PARTIAL_FILL);
            assertThat(o.legs().get(1).status()).isEqualTo(QUEUED);
            assertThat(h.binance.calls(PLACE)).hasSize(1);
            return id;
        }

        @Test
        void slicesAreSentOnePerIntervalAndTheOrderFillsWithExactlyTheTotalQuantity() {
            String id = start();
            h.scheduler.advance(Duration.ofSeconds(10));
            h.await(id, "has its second slice filled", x -> x.legs().get(1).status() == FILLED);
            h.scheduler.advance(Duration.ofSeconds(10));
            Order o = h.awaitStatus(id, FILLED);
            assertThat(o.filledQty()).isEqualByComparingTo("0.06");
            assertThat(o.legs()).extracting(l -> l.fills().get(0).time())
                    .containsExactly(Markets.T0, Markets.T0.plusSeconds(10), Markets.T0.plusSeconds(20));
            assertThat(o.legs()).extracting(OrderLeg::clientOrderId).doesNotHaveDuplicates()
                    .allSatisfy(cid -> assertThat(h.binance.placeCount(cid)).isEqualTo(1));
        }

        @Test
        void cancellingWithdrawsSlicesNotYetSentAndTheyAreNeverSent() {
            String id = start();
            h.engine.cancel("u1", id);
            h.scheduler.advance(Duration.ofSeconds(10));
            h.await(id, "has its second slice withdrawn", x -> x.legs().get(1).status() == CANCELLED);
            h.scheduler.advance(Duration.ofSeconds(10));
            Order o = h.awaitStatus(id, CANCELLED);
            assertThat(o.legs()).extracting(OrderLeg::status).containsExactly(FILLED, CANCELLED, CANCELLED);
            assertThat(o.filledQty()).isEqualByComparingTo("0.02");
            assertThat(h.binance.calls(PLACE)).hasSize(1);
            assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("0.02");
        }
    }

    // --- restart and recovery -----------------------------------------------------------------------

    @Test
    void afterARestartAnUnknownLegIsAskedAboutAndNeverPlacedAgain() {
        h.user("u1");
        h.binance.script(Step.acceptFillThenTimeout());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        String cid = h.awaitStatus(id, UNKNOWN).legs().get(0).clientOrderId();

        h.restart();
        assertThat(h.engine.recover()).isEqualTo(1);
        Order o = h.awaitStatus(id, FILLED);
        assertThat(kindsFor(h.binance, cid)).containsExactly(PLACE, QUERY);
        assertThat(o.filledQty()).isEqualByComparingTo("0.02");
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("0.02");
        assertThat(h.store.findActiveOrders()).isEmpty();
    }

    @Test
    void afterARestartARestingOrderIsAskedAboutAndFollowedNotResent() {
        h.user("u1");
        h.binance.script(Step.acceptRestThenTimeout());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        String cid = h.awaitStatus(id, UNKNOWN).legs().get(0).clientOrderId();

        h.restart();
        h.engine.recover();
        h.awaitStatus(id, EXECUTING);
        h.awaitScheduled(1);
        h.binance.fillResting(cid, null);
        h.scheduler.advance(h.config.followUpInterval());
        h.awaitStatus(id, FILLED);
        assertThat(kindsFor(h.binance, cid)).containsExactly(PLACE, QUERY, QUERY);
    }

    @Test
    void recoveryAsksTheVenueBeforeSendingALegThatWasNeverSent() {
        h.user("u1");
        Order o = new Order("ord_recover", "sig_recover", "u1", Markets.BTC_USD, Side.BUY, SignalType.ENTRY,
                new BigDecimal("1000"), Markets.T0);
        o.moveTo(io.nija.core.order.OrderStatus.ROUTING, Markets.T0, null);
        String cid = ClientOrderIds.forLeg("binance", "ord_recover", 0, 0);
        o.routed(ExecutionMethod.LIMIT, "chose binance", List.of(new OrderLeg("ord_recover-0", 0, h.btcBinance,
                OrderType.LIMIT, new BigDecimal("0.02"), new BigDecimal("50100"), Markets.T0, cid)));
        o.moveTo(QUEUED, Markets.T0, null);
        h.store.saveAcceptedSignal(new TradeSignal("sig_recover", "u1", Markets.BTC_USD, Side.BUY, new BigDecimal("1000"),
                SignalType.ENTRY, "t", Markets.T0, null), List.of(o));

        h.start();
        assertThat(h.engine.recover()).isEqualTo(1);
        h.awaitStatus("ord_recover", FILLED);
        assertThat(kindsFor(h.binance, cid)).containsExactly(QUERY, PLACE);
    }

    @Test
    void recoveryRoutesAnOrderThatCrashedBeforeRouting() {
        h.user("u1");
        Order o = new Order("ord_pending", "sig_pending", "u1", Markets.BTC_USD, Side.BUY, SignalType.ENTRY,
                new BigDecimal("1000"), Markets.T0);
        h.store.saveAcceptedSignal(new TradeSignal("sig_pending", "u1", Markets.BTC_USD, Side.BUY, new BigDecimal("1000"),
                SignalType.ENTRY, "t", Markets.T0, null), List.of(o));
        h.start();
        assertThat(h.engine.recover()).isEqualTo(1);
        Order done = h.awaitStatus("ord_pending", FILLED);
        assertThat(done.legs()).hasSize(1);
        assertThat(h.binance.calls(PLACE)).hasSize(1);
    }

    @Test
    void recoveryWithNothingUnfinishedDoesNothing() {
        h.user("u1");
        h.start();
        h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
        h.restart();
        assertThat(h.engine.recover()).isZero();
        h.settle();
        assertThat(h.binance.calls()).hasSize(1);
    }
}
