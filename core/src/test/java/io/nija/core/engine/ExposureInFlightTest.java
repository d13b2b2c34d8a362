package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.order.OrderStatus;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exposure limits count entries admitted and not yet filled, so a burst cannot pass them together. */
class ExposureInFlightTest {
    final EngineHarness h = new EngineHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    private static UserLimits limits(String maxPositionUsd, int maxOpenPositions) {
        return new UserLimits(true, Set.of(), Set.of(), new BigDecimal("25000"), new BigDecimal(maxPositionUsd),
                new BigDecimal("5000"), maxOpenPositions, 1000.0);
    }

    @Test
    void twentyEntriesSentAtOnceCannotPassMaxPositionUsdTogether() throws Exception {
        h.user("u1", limits("10000", 20));
        // Nothing fills: every admitted entry stays in flight while the others arrive.
        h.binance.defaultStep(ScriptedVenue.Step.rest());
        h.start();
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> admitted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var signal = h.buy("u1", "1500");
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    admitted.add(h.engine.submit(signal).orderIds().get(0));
                } catch (SignalRejectedException e) {
                    refusals.add(e.code());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread t : senders) {
            t.join();
        }
        // 6 x $1500 = $9000 fits under $10 000; a 7th would make $10 500.
        assertThat(admitted).hasSize(6);
        assertThat(refusals).hasSize(14).containsOnly("position_limit");
        h.settle();
        assertThat(admitted).allSatisfy(id -> assertThat(h.order(id).status()).isNotEqualTo(OrderStatus.REJECTED));
    }

    @Test
    void anEntryInFlightCountsAsAnOpenPosition() {
        h.user("u1", limits("100000", 1));
        h.binance.defaultStep(ScriptedVenue.Step.rest());
        h.start();
        h.submit(h.buy("u1", "1000"));
        var eth = new io.nija.core.signal.TradeSignal("sig_eth", "u1", io.nija.core.testing.Markets.ETH_USD,
                io.nija.core.signal.Side.BUY, new BigDecimal("1000"), io.nija.core.signal.SignalType.ENTRY, "t",
                h.clock.now(), null);
        assertThatThrownBy(() -> h.engine.submit(eth)).isInstanceOfSatisfying(SignalRejectedException.class,
                e -> assertThat(e.code()).isEqualTo("max_open_positions"));
    }

    @Test
    void aCancelledEntryNoLongerCounts() {
        h.user("u1", limits("2000", 20));
        h.binance.defaultStep(ScriptedVenue.Step.rest());
        h.start();
        String first = h.submit(h.buy("u1", "1500"));
        h.await(first, "is at the venue", o -> o.status() == OrderStatus.EXECUTING);
        assertThatThrownBy(() -> h.engine.submit(h.buy("u1", "1500"))).isInstanceOf(SignalRejectedException.class);
        h.engine.cancel("u1", first);
        h.awaitStatus(first, OrderStatus.CANCELLED);
        assertThat(h.submit(h.buy("u1", "1500"))).isNotNull();
    }
}
