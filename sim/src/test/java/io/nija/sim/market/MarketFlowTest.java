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

    /**
     * Venues are arbitraged together: over ten minutes the pair's price moves, but every venue moves with it, so each
     * venue's mid stays within a few bps of the others (relative to where each started) and the merged book of the
     * six venues is never crossed by more than that. Walked independently (the flow before) they drifted tens of bps
     * apart (60 bps is typical after ten minutes).
     */
    @Test
    void everyVenueTakesTheCommonDriftAndStraysOnlyByItsSmallNoise() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
        ManualScheduler scheduler = new ManualScheduler(clock);
        SimulatedExchanges sim = new SimulatedExchanges(clock, 7);
        Map<String, BigDecimal> start = btcMids(sim);
        assertThat(start).hasSizeGreaterThanOrEqualTo(5);
        BigDecimal widest = BigDecimal.ZERO;
        BigDecimal furthest = BigDecimal.ZERO;
        try (MarketFlow flow = new MarketFlow(sim, scheduler, 7)) {
            flow.start();
            for (int s = 0; s < 60; s++) {
                scheduler.advance(Duration.ofSeconds(10));
                List<BigDecimal> movesBps = new ArrayList<>();
                btcMids(sim).forEach((venue, mid) -> movesBps.add(
                        mid.divide(start.get(venue), MathContext.DECIMAL64).subtract(BigDecimal.ONE).movePointRight(4)));
                BigDecimal lo = movesBps.stream().min(BigDecimal::compareTo).orElseThrow();
                BigDecimal hi = movesBps.stream().max(BigDecimal::compareTo).orElseThrow();
                widest = widest.max(hi.subtract(lo));
                furthest = furthest.max(lo.abs()).max(hi.abs());
            }
        }
        assertThat(furthest).as("the market moved").isGreaterThan(BigDecimal.valueOf(20));
        // Two venues' noise apart at most (2 x 2 bps), plus a book's spread moved by the flow's own small orders.
        assertThat(widest).as("venues stay together").isLessThan(BigDecimal.valueOf(15));
    }

    /** Each venue's BTC mid (its book's best bid and ask), keyed by venue. */
    private static Map<String, BigDecimal> btcMids(SimulatedExchanges sim) {
        Map<String, BigDecimal> out = new java.util.TreeMap<>();
        for (String venue : sim.venueNames()) {
            for (var ins : sim.engine(venue).instruments()) {
                if (ins.pair().base().equals("BTC") && ins.pair().isQuote("USD")) {
                    var book = sim.engine(venue).book(ins.symbol(), 1);
                    out.put(venue, book.bestBid().add(book.bestAsk()).divide(BigDecimal.TWO));
                }
            }
        }
        return out;
    }
}
