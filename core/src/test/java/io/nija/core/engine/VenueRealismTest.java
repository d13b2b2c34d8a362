package io.nija.core.engine;

import static io.nija.core.order.OrderStatus.CANCELLED;
import static io.nija.core.order.OrderStatus.EXECUTING;
import static io.nija.core.order.OrderStatus.FILLED;
import static io.nija.core.order.OrderStatus.UNKNOWN;
import static io.nija.core.testing.ScriptedVenue.CallKind.CANCEL;
import static io.nija.core.testing.ScriptedVenue.CallKind.PLACE;
import static io.nija.core.testing.ScriptedVenue.CallKind.QUERY;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.testing.Eventually;
import io.nija.core.testing.ScriptedVenue.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine against a venue that behaves as exchanges do, not as a kind simulator does: reads that do not show
 * a new order for a while, client order ids accepted again once the first order closed, "unknown order" answers
 * to cancels of closed orders. Virtual time: the scheduler is advanced in small steps, and each step's venue
 * calls are awaited before the next.
 */
class VenueRealismTest {
    private static final Duration LAG = Duration.ofSeconds(2);
    private static final Duration WINDOW = Duration.ofSeconds(3);
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    /** Advances virtual time by {@code step} until the stored order satisfies {@code done}. */
    private Order drive(String id, Duration step, Predicate<Order> done, int maxSteps) {
        for (int i = 0; i < maxSteps; i++) {
            Eventually.until("order " + id + " settled or its next step scheduled",
                    () -> done.test(h.order(id)) || h.scheduler.pending() >= 1);
            h.settle();
            if (done.test(h.order(id))) {
                return h.order(id);
            }
            h.scheduler.advance(step);
        }
        throw new AssertionError("order " + id + " not done after " + maxSteps + " steps: " + h.order(id).status()
                + "; venue calls " + h.binance.calls().stream().map(c -> c.kind() + ":" + c.clientOrderId()).toList()
                + "; scheduled " + h.scheduler.pending());
    }

    private Order driveUntilFinal(String id) {
        return drive(id, Duration.ofMillis(100), o -> o.status().isTerminal(), 2_000);
    }

    @Test
    void aLostAnswerIsNeverSentAgainWhileTheVenuesReadsMayNotShowTheOrderYet() {
        // Binance: reads lag the matching engine, and a client order id is accepted again once its order closed.
        h.config = EngineConfig.defaults().withVisibility(VisibilityWindows.uniform(WINDOW));
        h.binance.visibilityLag(LAG).reuseClosedClientIds();
        h.user("u1");
        h.binance.script(Step.acceptFillThenTimeout());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        String cid = h.awaitStatus(id, UNKNOWN).legs().get(0).clientOrderId();

        Order o = driveUntilFinal(id);

        assertThat(o.status()).isEqualTo(FILLED);
        assertThat(h.binance.ordersAccepted(cid)).as("orders the venue holds under the leg's client order id").isEqualTo(1);
        assertThat(h.binance.calls(PLACE)).hasSize(1);
        assertThat(h.binance.calls(QUERY, cid).size()).as("it kept asking while the order was hidden").isGreaterThan(1);
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("0.02");
    }

    @Test
    void aSendThatCreatedNothingIsSentAgainOnlyAfterTheVenueHasNotShownItForItsWholeVisibilityWindow() {
        h.config = EngineConfig.defaults().withVisibility(VisibilityWindows.uniform(WINDOW));
        h.binance.visibilityLag(LAG).reuseClosedClientIds();
        h.user("u1");
        h.binance.script(Step.unavailable(), Step.fill());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        String cid = h.awaitStatus(id, UNKNOWN).legs().get(0).clientOrderId();
        Instant unknownAt = h.clock.now();

        Order stillUnknown = drive(id, Duration.ofMillis(100),
                o -> !h.clock.now().isBefore(unknownAt.plus(WINDOW).minusMillis(200)), 2_000);
        assertThat(stillUnknown.legs().get(0).status()).isEqualTo(UNKNOWN);
        assertThat(h.binance.calls(PLACE)).as("nothing re-sent inside the window").hasSize(1);

        Order o = driveUntilFinal(id);
        assertThat(o.status()).isEqualTo(FILLED);
        assertThat(h.binance.placeCount(cid)).isEqualTo(2);
        assertThat(h.binance.ordersAccepted(cid)).isEqualTo(1);
    }

    @Test
    void afterARestartALegWhoseSendMayHaveArrivedWaitsOutTheWindowBeforeItIsSentAgain() {
        h.config = EngineConfig.defaults().withVisibility(VisibilityWindows.uniform(WINDOW));
        h.binance.visibilityLag(LAG).reuseClosedClientIds();
        h.user("u1");
        h.binance.script(Step.acceptFillThenTimeout());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        String cid = h.awaitStatus(id, UNKNOWN).legs().get(0).clientOrderId();

        h.restart();
        h.engine.recover();
        Order o = driveUntilFinal(id);

        assertThat(o.status()).isEqualTo(FILLED);
        assertThat(h.binance.ordersAccepted(cid)).isEqualTo(1);
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("0.02");
    }

    @Test
    void aCancelAnsweredUnknownOrderIsFollowedByQuestionsNeverByTheSameCancelAgain() {
        h.config = EngineConfig.defaults().withRestingOrderTtl(Duration.ofSeconds(5))
                .withVisibility(VisibilityWindows.uniform(Duration.ZERO));
        h.binance.cancelOfClosedAnswersUnknownOrder();
        h.user("u1");
        h.binance.script(Step.rest());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        String cid = h.awaitStatus(id, EXECUTING).legs().get(0).clientOrderId();
        Instant placedAt = h.clock.now();
        // The order fills at the venue just before its time to live runs out; the router's cancel then meets a
        // closed order, which the venue answers "unknown order".
        drive(id, Duration.ofMillis(100), o -> !h.clock.now().isBefore(placedAt.plusMillis(4_600)), 100);
        h.binance.fillResting(cid, null);

        Order o = driveUntilFinal(id);

        assertThat(o.status()).isEqualTo(FILLED);
        assertThat(h.binance.calls(CANCEL, cid)).as("the cancel is sent once").hasSize(1);
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("0.02");
    }

    @Test
    void aCancelOfALegWhoseFateIsUnknownTakesEffectOnceTheVenueShowsItOpen() {
        h.config = EngineConfig.defaults().withVisibility(VisibilityWindows.uniform(WINDOW));
        h.binance.visibilityLag(LAG);
        h.user("u1");
        h.binance.script(Step.acceptRestThenTimeout());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        String cid = h.awaitStatus(id, UNKNOWN).legs().get(0).clientOrderId();
        h.engine.cancel("u1", id);
        h.settle();

        Order o = drive(id, Duration.ofMillis(100), x -> x.status().isTerminal(), 200);

        assertThat(o.status()).isEqualTo(CANCELLED);
        assertThat(h.clock.now()).as("long before the resting order's time to live")
                .isBefore(io.nija.core.testing.Markets.T0.plus(h.config.restingOrderTtl()));
        assertThat(h.binance.calls(CANCEL, cid)).hasSize(1);
        assertThat(h.binance.calls(PLACE)).hasSize(1);
    }

    @Test
    void aReportThatCannotBeAppliedIsFollowedByAQuestionNotLeftUntilTheNextReconciliation() {
        h.config = EngineConfig.defaults().withVisibility(VisibilityWindows.uniform(Duration.ZERO));
        h.user("u1");
        h.binance.script(Step.fillGarbledAnswer());
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        String cid = h.binance.calls(PLACE).isEmpty() ? null : h.binance.calls(PLACE).get(0).clientOrderId();

        Order o = drive(id, Duration.ofMillis(100), x -> x.status() == FILLED, 200);

        assertThat(h.binance.calls(QUERY)).isNotEmpty();
        assertThat(o.filledQty()).isEqualByComparingTo("0.02");
        assertThat(h.binance.calls(PLACE)).hasSize(1);
        assertThat(cid == null || h.binance.ordersAccepted(cid) == 1).isTrue();
        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void aFeeTakenInTheCoinBoughtReducesThePositionAndAThirdAssetFeeIsNotCountedAsQuote() {
        h.binance.feesIn("BTC");
        h.user("u1");
        h.start();
        Order o = h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
        assertThat(o.fees()).isEqualByComparingTo("1");          // 0.00002 BTC at 50 000
        var p = h.store.findPositions("u1").get(0);
        assertThat(p.quantity()).isEqualByComparingTo("0.01998"); // the coins actually held
        assertThat(p.realizedPnl()).isEqualByComparingTo("-1");

        h.binance.feesIn("BNB");                                   // no BNB pair listed: not valued, not quote
        Order bnb = h.awaitStatus(h.submit(h.buy("u1", "1000")), FILLED);
        assertThat(bnb.fees()).isEqualByComparingTo("0");
        assertThat(bnb.legs().get(0).fills().get(0).feeAsset()).isEqualTo("BNB");
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("0.03998");
    }

    @Test
    void severalRestingOrdersOfOneAccountAreFollowedWithOneOpenOrdersReadAndAChangedOneIsAskedAboutAlone() {
        // Venue calls inline: with three legs something is always scheduled, so time must not move on while a call
        // is still running on another thread.
        h.config = EngineConfig.defaults().withVisibility(VisibilityWindows.uniform(Duration.ZERO))
                .withExecutor(io.nija.core.execution.ExecutorConfig.defaults().withInlineCalls());
        h.binance.sharingOpenOrdersRead();
        h.user("u1", io.nija.core.user.UserLimits.defaults().withTradesPerSecond(100));
        h.binance.script(Step.rest(), Step.rest(), Step.rest());
        h.start();
        java.util.List<String> ids = java.util.List.of(h.submit(h.buy("u1", "500")), h.submit(h.buy("u1", "500")),
                h.submit(h.buy("u1", "500")));
        ids.forEach(id -> h.awaitStatus(id, EXECUTING));
        String first = ids.get(0);
        String cid = h.leg(first).clientOrderId();
        Instant start = h.clock.now();
        drive(first, Duration.ofMillis(100), o -> !h.clock.now().isBefore(start.plusSeconds(20)), 400);

        int reads = h.binance.calls(io.nija.core.testing.ScriptedVenue.CallKind.OPEN_ORDERS).size();
        assertThat(reads).as("shared open-orders reads in 20 s (1, 2, 4, 8 s apart)").isBetween(3, 6);
        assertThat(h.binance.calls(QUERY)).as("no order asked about alone while all rest unchanged").isEmpty();

        h.binance.fillResting(cid, null);
        Order filled = drive(first, Duration.ofMillis(100), o -> o.status() == FILLED, 400);
        assertThat(filled.filledQty()).isEqualByComparingTo(filled.legs().get(0).quantity());
        assertThat(h.binance.calls(QUERY)).as("only the order that changed is asked about alone")
                .allSatisfy(c -> assertThat(c.clientOrderId()).isEqualTo(cid));
        assertThat(h.order(ids.get(1)).status()).isEqualTo(EXECUTING);
        assertThat(h.order(ids.get(2)).status()).isEqualTo(EXECUTING);
    }
}
