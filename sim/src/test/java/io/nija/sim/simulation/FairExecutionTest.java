package io.nija.sim.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.engine.EngineConfig;
import io.nija.core.execution.ExecutorConfig;
import io.nija.core.order.Order;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's fairness, end to end through the engine on one venue whose shared request budget (10 a second)
 * makes a queue: user A floods 10 000 entries, then B and C send one entry each and D a stop loss. The venue
 * sees D's stop loss first and B's and C's entries within one turn per active user, not after A's backlog.
 */
class FairExecutionTest {
    @Test
    void aFloodingUserDelaysOthersByAtMostOneTurnPerActiveUserAndStopLossesJumpTheQueue() {
        EngineConfig config = EngineConfig.defaults().withExecutor(new ExecutorConfig(4, 10, 1_000_000, 50f, 50, Duration.ofSeconds(30)));
        try (RouterSimulation s = new RouterSimulation(67, false, config)) {
            UserLimits roomy = new UserLimits(true, Set.of("binance"), Set.of(), new BigDecimal("100000"),
                    new BigDecimal("10000000"), new BigDecimal("100000"), 20, 1_000_000);
            for (String u : List.of("a", "b", "c", "d")) {
                s.user(u, roomy);
            }
            // A stop loss only reduces a position: D holds one on the venue.
            s.store.savePositions(List.of(io.nija.core.position.Position.restore("d", "binance",
                    new io.nija.core.instrument.Pair("BTC", "USD"), new BigDecimal("0.01"), new BigDecimal("60000"),
                    BigDecimal.ZERO)));
            for (int i = 0; i < 10_000; i++) {
                s.buy("a", "20");
            }
            s.settle();
            int sentBefore = accepted(s).size();
            String b = s.buy("b", "20");
            String c = s.buy("c", "20");
            String d = s.submit("d", Side.SELL, "20", SignalType.STOP_LOSS);
            s.settle();
            // Let the venue's budget refill a few times: enough for a handful of sends, far from A's backlog.
            for (int i = 0; i < 10; i++) {
                s.scheduler.advance(Duration.ofMillis(100));
                s.settle();
            }
            List<String> order = accepted(s).stream().map(OrderView::apiKey).toList();
            int dAt = order.indexOf(key(s, "d"));
            int bAt = order.indexOf(key(s, "b"));
            int cAt = order.indexOf(key(s, "c"));
            assertThat(order.size()).as("sends so far").isLessThan(sentBefore + 40);
            // The dispatcher may already hold one of A's entries, waiting for budget, when the others arrive: that one
            // goes first. After it, the stop loss; then B and C, each within one turn per active user (four users).
            assertThat(dAt).as("the stop loss").isBetween(sentBefore, sentBefore + 1);
            assertThat(bAt).as("B's entry").isBetween(dAt + 1, sentBefore + 1 + 4);
            assertThat(cAt).as("C's entry").isBetween(dAt + 1, sentBefore + 1 + 4);
            for (String id : List.of(b, c, d)) {
                Order o = s.store.findOrder(id).orElseThrow();
                assertThat(o.status().isTerminal() || o.filledQty().signum() > 0).as(id + " " + o.status()).isTrue();
            }
        }
    }

    private static List<OrderView> accepted(RouterSimulation s) {
        return s.sim.engine("binance").acceptedOrders();
    }

    private static String key(RouterSimulation s, String user) {
        VenueAccount a = s.sim.openPaperAccount(user, "binance");
        return a.apiKey();
    }
}
