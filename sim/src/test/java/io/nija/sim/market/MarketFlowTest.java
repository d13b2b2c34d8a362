package io.nija.sim.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.Balance;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarketFlowTest {

    private record Run(List<BigDecimal> mids, Map<String, Balance> trader, long flowOrders) {
    }

    private static Run run(long seed, Duration length) {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
        ManualScheduler scheduler = new ManualScheduler(clock);
        SimulatedExchanges sim = new SimulatedExchanges(clock, 5);
        sim.openPaperAccount("alice", "binance");
        String aliceKey = sim.openPaperAccount("alice", "binance").apiKey();
        Map<String, Balance> before = sim.engine("binance").balances(aliceKey);
        try (MarketFlow flow = new MarketFlow(sim, scheduler, seed)) {
            flow.start();
            List<BigDecimal> mids = new ArrayList<>();
            for (long s = 0; s < length.toSeconds(); s += 10) {
                scheduler.advance(Duration.ofSeconds(10));
                var book = sim.engine("binance").book("BTCUSDT", 1);
                mids.add(book.bestBid().add(book.bestAsk()).divide(BigDecimal.TWO));
            }
            assertThat(sim.engine("binance").balances(aliceKey)).isEqualTo(before);
            return new Run(mids, before, sim.engine("binance").orders(MarketFlow.FLOW_KEY).size());
        }
    }

    @Test
    void pricesMoveWithinBoundsTheFlowTradesOnlyItsOwnAccountAndTheSameSeedRepeats() {
        Run a = run(1, Duration.ofMinutes(30));
        Run b = run(1, Duration.ofMinutes(30));
        assertThat(a.mids()).isEqualTo(b.mids());
        assertThat(a.mids().stream().distinct().count()).isGreaterThan(20);
        assertThat(a.flowOrders()).isPositive();
        BigDecimal start = a.mids().get(0);
        for (BigDecimal mid : a.mids()) {
            BigDecimal driftBps = mid.subtract(start).divide(start, MathContext.DECIMAL64).movePointRight(4).abs();
            assertThat(driftBps).isLessThan(BigDecimal.valueOf(MarketFlow.MAX_DRIFT_BPS + 50));
        }
        assertThat(run(2, Duration.ofMinutes(5)).mids()).isNotEqualTo(a.mids().subList(0, 30));
    }

    @Test
    void aClosedFlowStopsMoving() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
        ManualScheduler scheduler = new ManualScheduler(clock);
        SimulatedExchanges sim = new SimulatedExchanges(clock, 5);
        MarketFlow flow = new MarketFlow(sim, scheduler, 3);
        flow.start();
        scheduler.advance(Duration.ofSeconds(5));
        flow.close();
        scheduler.advance(Duration.ofSeconds(2));
        var frozen = sim.engine("kraken").book("XBTUSD", 5);
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(sim.engine("kraken").book("XBTUSD", 5).bids()).isEqualTo(frozen.bids());
        assertThat(scheduler.pending()).isZero();
    }
}
