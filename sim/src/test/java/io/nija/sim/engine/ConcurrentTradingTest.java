package io.nija.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentTradingTest {

    @Test
    void parallelTradersOnOneEngineKeepEveryAssetConserved() throws Exception {
        SimulatedExchanges sim = new SimulatedExchanges(new ManualClock(Instant.parse("2026-01-05T10:00:00Z")), 8);
        MatchingEngine engine = sim.engine("bybit");
        List<VenueAccount> traders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            traders.add(sim.openPaperAccount("trader-" + t, "bybit"));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (VenueAccount trader : traders) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
                        String symbol = i % 3 == 0 ? "ETHUSDT" : "BTCUSDT";
                        String qty = symbol.equals("BTCUSDT") ? "0.01" : "0.2";
                        engine.place(trader.apiKey(), NewOrder.market(symbol, "o" + i, side, new BigDecimal(qty)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(engine.acceptedOrders()).hasSize(1600);
        for (String asset : List.of("USDT", "BTC", "ETH")) {
            BigDecimal total = engine.houseBalances().get(asset).total()
                    .add(engine.collectedFees().getOrDefault(asset, BigDecimal.ZERO));
            for (VenueAccount trader : traders) {
                total = total.add(engine.balances(trader.apiKey()).get(asset).total());
            }
            BigDecimal start = sim.spec("bybit").paperBalances().get(asset).multiply(BigDecimal.valueOf(traders.size()));
            assertThat(total).as(asset).isEqualByComparingTo(start);
        }
    }
}
