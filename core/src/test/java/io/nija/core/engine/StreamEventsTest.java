package io.nija.core.engine;

import static io.nija.core.order.OrderStatus.EXECUTING;
import static io.nija.core.order.OrderStatus.FILLED;
import static io.nija.core.testing.ScriptedVenue.CallKind.PLACE;
import static io.nija.core.testing.ScriptedVenue.CallKind.QUERY;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.Order;
import io.nija.core.testing.ScriptedVenue.Step;
import io.nija.core.venue.OrderStreams;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's side of the venues' private streams: pushed states handled like REST answers (fills once), REST
 * follow-ups spaced to the safety net while the stream is healthy, the catch-up when a stream changes, and a stall
 * given away by REST finding fills the stream never pushed. Virtual time; the stream is a stand-in.
 */
class StreamEventsTest {
    private static final Duration SAFETY_NET = Duration.ofSeconds(30);

    private final EngineHarness h = new EngineHarness();
    private final FakeStreams streams = new FakeStreams();
    private VenueAccount account;

    /** A stream whose health the test sets, recording what the engine suspects. */
    static final class FakeStreams implements OrderStreams {
        volatile boolean healthy = true;
        final List<String> suspected = new CopyOnWriteArrayList<>();

        @Override
        public boolean healthy(VenueAccount account) {
            return healthy;
        }

        @Override
        public void suspect(VenueAccount account, String why) {
            suspected.add(why);
        }
    }

    @BeforeEach
    void setUp() {
        h.user("u1");
        h.binance.defaultStep(Step.rest());
        // Venue calls on the thread that moves virtual time: what a step starts has happened when it returns.
        h.config = EngineConfig.defaults().withExecutor(EngineConfig.defaults().executor().withInlineCalls());
        h.start();
        h.engine.orderStreams(streams, SAFETY_NET, Duration.ofSeconds(5));
        account = EngineHarness.account("u1", "binance").orElseThrow();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void whileTheStreamIsHealthyARestingLegIsAskedAboutOnlyByTheSafetyNet() {
        String cid = resting();
        advance(Duration.ofSeconds(29));
        assertThat(h.binance.calls(QUERY, cid)).isEmpty();
        advance(Duration.ofSeconds(1));
        assertThat(h.binance.calls(QUERY, cid)).hasSize(1);
    }

    @Test
    void withoutAHealthyStreamTheLegIsPolledAsBefore() {
        streams.healthy = false;
        String cid = resting();
        advance(Duration.ofSeconds(29));
        // 1, 2, 4, 8 and 16 s apart: at 1, 3, 7 and 15 s.
        assertThat(h.binance.calls(QUERY, cid)).hasSize(4);
    }

    @Test
    void aPushedFillFinishesTheOrderAndCountsOnceHoweverOftenItArrives() {
        String cid = resting();
        String id = h.store.findActiveOrders().get(0).orderId();
        h.binance.fillResting(cid, "50000");
        VenueOrderState pushed = h.binance.queryOrder(account, h.btcBinance, cid).orElseThrow();
        int asked = h.binance.calls(QUERY, cid).size();

        h.engine.orderEvents().orderState(account, pushed);
        h.engine.orderEvents().orderState(account, pushed);
        h.settle();

        Order o = h.order(id);
        assertThat(o.status()).isEqualTo(FILLED);
        assertThat(o.legs().get(0).fills()).hasSize(1);
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo(o.legs().get(0).quantity());
        assertThat(h.binance.calls(QUERY, cid)).as("no REST question needed").hasSize(asked);
        assertThat(h.binance.calls(PLACE)).hasSize(1);
        assertThat(streams.suspected).isEmpty();
    }

    @Test
    void aFillAlreadyHeldUnderAnotherIdIsNotCountedAgainstTheVenuesFilledTotal() {
        String cid = resting();
        String id = h.store.findActiveOrders().get(0).orderId();
        h.binance.fillResting(cid, "50000");
        VenueOrderState filled = h.binance.queryOrder(account, h.btcBinance, cid).orElseThrow();
        io.nija.core.order.Fill f = filled.fills().get(0);
        java.math.BigDecimal half = f.quantity().divide(java.math.BigDecimal.TWO);
        // Half the order filled by one trade, seen once under the id an older adapter used and once under today's.
        VenueOrderState before = partly(filled, half, new io.nija.core.order.Fill("bill-1", f.venue(), half, f.price(),
                f.fee(), f.feeAsset(), f.liquidity(), f.time()));
        VenueOrderState now = partly(filled, half, new io.nija.core.order.Fill("trade-1", f.venue(), half, f.price(),
                f.fee(), f.feeAsset(), f.liquidity(), f.time()));

        h.engine.orderEvents().orderState(account, before);
        h.engine.orderEvents().orderState(account, now);
        h.settle();

        Order o = h.order(id);
        assertThat(o.legs().get(0).filledQty()).isEqualByComparingTo(half);
        assertThat(o.legs().get(0).fills()).extracting(io.nija.core.order.Fill::fillId).containsExactly("bill-1");
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo(half);
    }

    private static VenueOrderState partly(VenueOrderState s, java.math.BigDecimal filled, io.nija.core.order.Fill fill) {
        return new VenueOrderState(s.venueOrderId(), s.clientOrderId(), s.symbol(),
                io.nija.core.venue.VenueOrderStatus.PARTIALLY_FILLED, s.quantity(), filled, fill.price(), List.of(fill),
                s.reason());
    }

    @Test
    void aStreamThatComesUpOrGoesDownHasEveryRestingLegAskedAboutAtOnce() {
        String cid = resting();
        h.engine.orderEvents().streamChanged(account, false);
        h.settle();
        assertThat(h.binance.calls(QUERY, cid)).hasSize(1);
    }

    @Test
    void restFindingAFillTheStreamNeverPushedReportsTheStreamAsStalled() {
        String cid = resting();
        String id = h.store.findActiveOrders().get(0).orderId();
        advance(Duration.ofSeconds(10));
        h.binance.fillResting(cid, "50000"); // never pushed: the stream is silent

        advance(Duration.ofSeconds(20));

        assertThat(h.order(id).status()).isEqualTo(FILLED);
        assertThat(streams.suspected).hasSize(1);
        assertThat(streams.suspected.get(0)).contains(cid);
    }

    @Test
    void aFillRestFindsWhileItMayStillBeOnItsWayIsNoProofOfAStall() {
        String cid = resting();
        advance(Duration.ofSeconds(27));
        h.binance.fillResting(cid, "50000");
        advance(Duration.ofSeconds(3));
        assertThat(h.binance.calls(QUERY, cid)).hasSize(1);
        assertThat(streams.suspected).isEmpty();
    }

    @Test
    void fillsTheCatchUpFindsFromWhileTheStreamWasAwayAreNoProofOfAStall() {
        String cid = resting();
        String id = h.store.findActiveOrders().get(0).orderId();
        advance(Duration.ofSeconds(5));
        h.binance.fillResting(cid, "50000"); // while the stream was down
        advance(Duration.ofSeconds(10));
        h.engine.orderEvents().streamChanged(account, true);
        h.settle();

        assertThat(h.order(id).status()).isEqualTo(FILLED);
        assertThat(streams.suspected).isEmpty();
    }

    /** Submits a buy that rests at the venue; returns its client order id. */
    private String resting() {
        String id = h.submit(h.buy("u1", "1000"));
        return h.awaitStatus(id, EXECUTING).legs().get(0).clientOrderId();
    }

    private void advance(Duration d) {
        for (long s = 0; s < d.toSeconds(); s++) {
            h.scheduler.advance(Duration.ofSeconds(1));
            h.settle();
        }
    }
}
