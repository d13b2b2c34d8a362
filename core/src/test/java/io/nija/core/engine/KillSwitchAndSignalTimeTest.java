package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.position.Position;
import io.nija.core.risk.KillSwitchMode;
import io.nija.core.risk.KillSwitchState;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.testing.Eventually;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kill switch modes (exits still pass; flatten closes everything) and the age of a signal. */
class KillSwitchAndSignalTimeTest {
    final EngineHarness h = new EngineHarness();
    final Instrument btcOkx = Markets.btcUsd("okx");
    final ScriptedVenue okx = new ScriptedVenue("okx", h.clock).list(btcOkx, Markets.book(btcOkx, "49990", "50000", "10", 3));

    KillSwitchAndSignalTimeTest() {
        h.addVenue(okx);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void holds(String userId, String venue, String qty) {
        h.store.savePositions(List.of(Position.restore(userId, venue, Markets.BTC_USD, new BigDecimal(qty),
                new BigDecimal("40000"), BigDecimal.ZERO)));
    }

    private static void refused(Runnable r, String code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(SignalRejectedException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    private TradeSignal at(TradeSignal s, Instant signalTime) {
        return new TradeSignal(s.signalId(), s.userId(), s.pair(), s.side(), s.sizeUsd(), s.signalType(), s.strategy(),
                s.timestamp(), null, false, signalTime);
    }

    @Test
    void blockEntriesRefusesEntriesButLetsAnExitThrough() {
        h.user("u1");
        holds("u1", "binance", "0.1");
        h.start();
        KillSwitchState state = h.engine.killSwitch("u1", true, KillSwitchMode.BLOCK_ENTRIES);
        assertThat(state.setAt()).isEqualTo(h.clock.now());
        refused(() -> h.engine.submit(h.buy("u1", "100")), "kill_switch");
        String exit = h.submit(h.signal("u1", Side.SELL, "1000", SignalType.EXIT, null));
        assertThat(h.awaitStatus(exit, OrderStatus.FILLED).legs()).isNotEmpty();
        assertThat(h.engine.killSwitchState("u1").mode()).isEqualTo(KillSwitchMode.BLOCK_ENTRIES);
    }

    @Test
    void theGlobalSwitchAlsoLetsStopsThrough() {
        h.user("u1");
        holds("u1", "binance", "0.1");
        h.start();
        h.engine.killSwitch(null, true, KillSwitchMode.BLOCK_ENTRIES);
        refused(() -> h.engine.submit(h.buy("u1", "100")), "kill_switch");
        String stop = h.submit(h.signal("u1", Side.SELL, "1000", SignalType.STOP_LOSS, null));
        h.awaitStatus(stop, OrderStatus.FILLED);
        assertThat(h.engine.killSwitchState(null).enabled()).isTrue();
    }

    @Test
    void flattenCancelsOpenOrdersAndClosesEveryPositionOnTheVenueHoldingIt() {
        h.user("u1");
        holds("u1", "binance", "0.1");
        holds("u1", "okx", "0.04");
        h.start();
        h.binance.script(ScriptedVenue.Step.rest());
        String resting = h.submit(h.buy("u1", "100"));
        h.await(resting, "rests", o -> o.status() == OrderStatus.EXECUTING);
        assertThat(h.engine.isFlat("u1")).isFalse();
        h.engine.killSwitch("u1", true, KillSwitchMode.FLATTEN);
        Eventually.until("u1 is flat", () -> h.engine.isFlat("u1"));
        h.settle();
        assertThat(h.store.findPositions("u1")).allSatisfy(p -> assertThat(p.quantity().signum()).isZero());
        assertThat(h.order(resting).status()).isEqualTo(OrderStatus.CANCELLED);
        List<Order> exits = h.store.allOrders().stream().filter(o -> o.signalType() == SignalType.EXIT).toList();
        assertThat(exits).hasSize(1);
        assertThat(exits.get(0).legs()).extracting(l -> l.venue()).containsExactlyInAnyOrder("binance", "okx");
    }

    @Test
    void aStaleSignalIsRefusedAndNothingIsStored() {
        h.user("u1", UserLimits.defaults().withMaxSignalAgeMs(60_000));
        h.start();
        refused(() -> h.engine.submit(at(h.buy("u1", "100"), h.clock.now().minus(Duration.ofSeconds(61)))), "signal_stale");
        refused(() -> h.engine.submit(at(h.buy("u1", "100"), h.clock.now().plus(Duration.ofSeconds(30)))),
                "signal_time_in_future");
        assertThat(h.store.allOrders()).isEmpty();
        // Within the age and the few seconds of clock drift allowed: taken.
        assertThat(h.submit(at(h.buy("u1", "100"), h.clock.now().minus(Duration.ofSeconds(59))))).isNotNull();
        h.scheduler.advance(Duration.ofSeconds(2));
        assertThat(h.submit(at(h.buy("u1", "100"), h.clock.now().plus(Duration.ofSeconds(3))))).isNotNull();
    }

    @Test
    void aMaxSignalAgeOfZeroChecksNoAge() {
        h.user("u1", UserLimits.defaults().withMaxSignalAgeMs(0));
        h.start();
        assertThat(h.submit(at(h.buy("u1", "100"), h.clock.now().minus(Duration.ofDays(1))))).isNotNull();
    }
}
