package io.nija.sim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderView;
import io.nija.sim.fault.Sleeper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --state-dir: the journal replays into the same accounts, orders, fills and books. */
class SimStateTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));

    private record Snapshot(List<OrderView> orders, Object balances, Object bids, Object asks, Object krakenOrders) {
    }

    private static Snapshot snapshot(SimulatedExchanges sim) {
        MatchingEngine b = sim.engine("binance");
        return new Snapshot(b.acceptedOrders(), b.balances("k1"), b.book("BTCUSDT", 20).bids(),
                b.book("BTCUSDT", 20).asks(), sim.engine("kraken").acceptedOrders());
    }

    private void trade(SimulatedExchanges sim) {
        sim.createAccount("binance", "k1", "s1", null, Map.of("USDT", new BigDecimal("100000"), "BTC", BigDecimal.ONE));
        sim.createAccount("kraken", "k2", "s2", null, Map.of("USD", new BigDecimal("50000")));
        MatchingEngine b = sim.engine("binance");
        b.place("k1", NewOrder.limit("BTCUSDT", "rest-1", Side.BUY, new BigDecimal("0.1"), new BigDecimal("60000")));
        clock.advance(Duration.ofSeconds(1));
        b.place("k1", NewOrder.market("BTCUSDT", "mkt-1", Side.BUY, new BigDecimal("0.25")));
        b.place("k1", NewOrder.marketForQuote("BTCUSDT", null, Side.SELL, new BigDecimal("1000")));
        clock.advance(Duration.ofSeconds(1));
        b.cancel("k1", "rest-1");
        b.place("k1", NewOrder.limit("BTCUSDT", "rest-2", Side.SELL, new BigDecimal("0.05"), new BigDecimal("70000")));
        b.deposit("k1", "ETH", new BigDecimal("3"));
        sim.engine("kraken").place("k2", NewOrder.market(krakenSymbol(sim), "kr-1", Side.BUY,
                new BigDecimal("0.01")));
    }

    private static String krakenSymbol(SimulatedExchanges sim) {
        return sim.engine("kraken").instruments().stream().filter(i -> i.pair().base().equals("BTC")).findFirst()
                .orElseThrow().symbol();
    }

    @Test
    void ordersBalancesAndBooksSurviveARestart() throws IOException {
        Snapshot before;
        try (SimState state = SimState.open(dir, 11, clock, Sleeper.none())) {
            assertThat(state.replayed()).isZero();
            trade(state.exchanges());
            before = snapshot(state.exchanges());
        }
        clock.advance(Duration.ofHours(1));
        try (SimState again = SimState.open(dir, 99, clock, Sleeper.none())) {
            assertThat(again.seed()).isEqualTo(11);
            assertThat(again.replayed()).isEqualTo(9);
            Snapshot after = snapshot(again.exchanges());
            assertThat(after).isEqualTo(before);
            assertThat(after.orders().get(0).createdAt()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
            // Work goes on from where it stopped: new ids, the same credentials, and it is journaled too.
            MatchingEngine b = again.exchanges().engine("binance");
            OrderView next = b.place("k1", NewOrder.market("BTCUSDT", "mkt-2", Side.BUY, new BigDecimal("0.01")));
            assertThat(before.orders()).extracting(OrderView::venueOrderId).doesNotContain(next.venueOrderId());
            assertThat(b.credentials("k1").orElseThrow().apiSecret()).isEqualTo("s1");
        }
        try (SimState third = SimState.open(dir, 11, clock, Sleeper.none())) {
            assertThat(third.replayed()).isEqualTo(10);
            assertThat(third.exchanges().engine("binance").orderByClientId("k1", "mkt-2")).isPresent();
        }
    }

    @Test
    void aTornLastLineIsCutOff() throws IOException {
        Snapshot before;
        try (SimState state = SimState.open(dir, 5, clock, Sleeper.none())) {
            trade(state.exchanges());
            before = snapshot(state.exchanges());
        }
        Path journal = dir.resolve(SimState.JOURNAL);
        long goodSize = Files.size(journal);
        Files.writeString(journal, "{\"venue\":\"binance\",\"at\":\"2026-01-05T1", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (SimState again = SimState.open(dir, 5, clock, Sleeper.none())) {
            assertThat(snapshot(again.exchanges())).isEqualTo(before);
        }
        assertThat(Files.size(journal)).isEqualTo(goodSize);
    }

    @Test
    void aDamagedLineInTheMiddleStopsTheStart() throws IOException {
        try (SimState state = SimState.open(dir, 5, clock, Sleeper.none())) {
            trade(state.exchanges());
        }
        Path journal = dir.resolve(SimState.JOURNAL);
        List<String> lines = Files.readAllLines(journal);
        lines.set(2, "garbage");
        Files.write(journal, lines);
        assertThatThrownBy(() -> SimState.open(dir, 5, clock, Sleeper.none())).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
    }
}
