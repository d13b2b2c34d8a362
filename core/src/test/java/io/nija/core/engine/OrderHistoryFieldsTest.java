package io.nija.core.engine;

import static io.nija.core.order.OrderStatus.FILLED;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Order;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine records what order history reports: the signal's strategy and the consolidated mid at routing. */
class OrderHistoryFieldsTest {
    final EngineHarness h = new EngineHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void anOrderCarriesItsStrategyAndTheBestMidAcrossVenuesAndItsSlippageOnceFilled() {
        Instrument btcKraken = Markets.instrument("kraken", Markets.BTC_USD, "XBTUSD", "0.1", "0.00001", "0.00001", "5");
        h.addVenue(new ScriptedVenue("kraken", h.clock).list(btcKraken, Markets.book(btcKraken, "49980", "49995", "10")));
        h.user("u1");
        h.start();
        String id = h.submit(h.buy("u1", "1000"));

        Order o = h.awaitStatus(id, FILLED);
        assertThat(o.strategy()).isEqualTo("test");
        // Best bid 49 990 (binance), best ask 49 995 (kraken): neither venue's own mid.
        assertThat(o.arrivalMid()).isEqualByComparingTo("49992.5");
        BigDecimal expected = o.averagePrice().subtract(new BigDecimal("49992.5")).multiply(BigDecimal.valueOf(10_000))
                .divide(new BigDecimal("49992.5"), 2, RoundingMode.HALF_EVEN);
        assertThat(o.slippageBps()).isEqualByComparingTo(expected).isPositive();
        assertThat(o.feesUsd()).isEqualByComparingTo(o.fees());
        // The route expected kraken's ask, 49 995, the price it filled at: execution added nothing to the plan.
        assertThat(o.expectedPrice()).isEqualByComparingTo("49995");
        assertThat(o.averagePrice()).isEqualByComparingTo(o.expectedPrice());
        assertThat(o.expectedSlippageBps()).isEqualByComparingTo(o.slippageBps());
    }

    @Test
    void theStrategyAndArrivalMidSurviveARestart() {
        h.user("u1");
        h.start();
        String id = h.submit(h.buy("u1", "1000"));
        h.awaitStatus(id, FILLED);
        h.restart();
        Order o = h.order(id);
        assertThat(o.strategy()).isEqualTo("test");
        assertThat(o.arrivalMid()).isEqualByComparingTo("49995");
        assertThat(o.expectedPrice()).isNotNull();
    }
}
