package io.nija.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.sim.SimulatedExchanges;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HouseLiquidityTest {
    private static final BigDecimal BPS = new BigDecimal("0.0001");

    private static SimulatedExchanges exchanges(long seed) {
        return new SimulatedExchanges(new ManualClock(Instant.parse("2026-01-05T10:00:00Z")), seed);
    }

    @Test
    void seededBooksHaveTwentyPlusLevelsASideAndASpreadOfAFewBasisPoints() {
        SimulatedExchanges sim = exchanges(1);
        for (String venue : sim.venueNames()) {
            MatchingEngine engine = sim.engine(venue);
            for (var ins : engine.instruments()) {
                OrderBook book = engine.book(ins.symbol(), 100);
                assertThat(book.bids()).as(venue + " " + ins.symbol()).hasSizeGreaterThanOrEqualTo(20);
                assertThat(book.asks()).as(venue + " " + ins.symbol()).hasSizeGreaterThanOrEqualTo(20);
                BigDecimal spreadBps = book.bestAsk().subtract(book.bestBid())
                        .divide(book.mid(), MathContext.DECIMAL64).divide(BPS, MathContext.DECIMAL64);
                assertThat(spreadBps).as(venue + " " + ins.symbol() + " spread in bps")
                        .isPositive().isLessThanOrEqualTo(new BigDecimal("12"));
            }
        }
    }

    @Test
    void depthDecaysWithDistanceFromTheMid() {
        OrderBook book = exchanges(1).engine("binance").book("BTCUSDT", 25);

        for (List<PriceLevel> side : List.of(book.bids(), book.asks())) {
            assertThat(sum(side.subList(0, 5))).isGreaterThan(sum(side.subList(20, 25)).multiply(BigDecimal.TWO));
        }
    }

    @Test
    void theSameSeedGivesTheSameBooks() {
        SimulatedExchanges a = exchanges(99);
        SimulatedExchanges b = exchanges(99);
        for (String venue : a.venueNames()) {
            for (var ins : a.engine(venue).instruments()) {
                OrderBook x = a.engine(venue).book(ins.symbol(), 50);
                OrderBook y = b.engine(venue).book(ins.symbol(), 50);
                assertThat(x.bids()).isEqualTo(y.bids());
                assertThat(x.asks()).isEqualTo(y.asks());
            }
        }
    }

    @Test
    void differentSeedsGiveDifferentBooks() {
        assertThat(exchanges(1).engine("binance").book("BTCUSDT", 25).asks())
                .isNotEqualTo(exchanges(2).engine("binance").book("BTCUSDT", 25).asks());
    }

    @Test
    void aSweepingTakerWalksManyLevelsAndTheBookIsRestoredAfterwards() {
        SimulatedExchanges sim = exchanges(3);
        MatchingEngine engine = sim.engine("binance");
        var account = sim.openPaperAccount("whale", "binance");
        BigDecimal bestAskBefore = engine.book("BTCUSDT", 1).bestAsk();

        OrderView sweep = engine.place(account.apiKey(), NewOrder.market("BTCUSDT", "w1", Side.BUY, new BigDecimal("12")));

        assertThat(sweep.state()).isEqualTo(OrderState.FILLED);
        assertThat(sweep.fills().stream().map(AccountFill::price).distinct().count()).isGreaterThan(3);
        OrderBook after = engine.book("BTCUSDT", 100);
        assertThat(after.asks()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(after.bids()).hasSizeGreaterThanOrEqualTo(20);
        // The sweep moved the market up a little, not away.
        assertThat(after.bestAsk()).isGreaterThanOrEqualTo(bestAskBefore);
        assertThat(after.bestAsk().subtract(bestAskBefore).divide(bestAskBefore, MathContext.DECIMAL64))
                .isLessThan(new BigDecimal("0.002"));
    }

    @Test
    void thousandsOfTakerOrdersNeverDrainTheBookAndTheMidStaysNearItsReference() {
        SimulatedExchanges sim = exchanges(4);
        MatchingEngine engine = sim.engine("binance");
        var account = sim.openPaperAccount("load", "binance");
        engine.deposit(account.apiKey(), "USDT", new BigDecimal("5000000"));
        engine.deposit(account.apiKey(), "BTC", new BigDecimal("50"));
        for (int i = 0; i < 3000; i++) {
            Side side = i % 3 == 2 ? Side.SELL : Side.BUY; // a one-sided flow, to push the price
            OrderView o = engine.place(account.apiKey(),
                    NewOrder.market("BTCUSDT", "L" + i, side, new BigDecimal("0.02")));
            assertThat(o.state()).isEqualTo(OrderState.FILLED);
        }
        OrderBook book = engine.book("BTCUSDT", 100);
        assertThat(book.asks()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(book.bids()).hasSizeGreaterThanOrEqualTo(20);
        BigDecimal drift = book.mid().subtract(new BigDecimal("65000")).abs().divide(new BigDecimal("65000"), MathContext.DECIMAL64);
        assertThat(drift).isLessThan(new BigDecimal("0.01"));
    }

    @Test
    void theSameSeedAndTheSameOrderFlowGiveTheSameMarket() {
        List<OrderBook> books = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            SimulatedExchanges sim = exchanges(5);
            MatchingEngine engine = sim.engine("kraken");
            var account = sim.openPaperAccount("u", "kraken");
            for (int i = 0; i < 300; i++) {
                engine.place(account.apiKey(), NewOrder.market("XBTUSD", "o" + i, i % 2 == 0 ? Side.BUY : Side.SELL,
                        new BigDecimal(i % 5 == 0 ? "0.7" : "0.05")));
            }
            books.add(engine.book("XBTUSD", 50));
        }
        assertThat(books.get(0).bids()).isEqualTo(books.get(1).bids());
        assertThat(books.get(0).asks()).isEqualTo(books.get(1).asks());
    }

    @Test
    void theBookNeverCrossesUnderAMixedFlowOfRestingAndTakingOrders() {
        SimulatedExchanges sim = exchanges(6);
        MatchingEngine engine = sim.engine("binance");
        String key = sim.openPaperAccount("u", "binance").apiKey();
        engine.deposit(key, "USDT", new BigDecimal("100000000"));
        engine.deposit(key, "BTC", new BigDecimal("1000"));
        java.util.SplittableRandom random = new java.util.SplittableRandom(6);
        BigDecimal tick = new BigDecimal("0.01");
        for (int i = 0; i < 2000; i++) {
            OrderBook top = engine.book("BTCUSDT", 1);
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            BigDecimal qty = new BigDecimal("0.01").multiply(BigDecimal.valueOf(random.nextInt(1, 40)));
            switch (random.nextInt(3)) {
                // A resting order somewhere inside or near the spread: the house must quote around it.
                case 0 -> engine.place(key, NewOrder.limit("BTCUSDT", "r" + i, side, qty,
                        top.mid().setScale(2, java.math.RoundingMode.DOWN)
                                .add(tick.multiply(BigDecimal.valueOf(random.nextInt(-400, 400))))));
                case 1 -> engine.place(key, NewOrder.market("BTCUSDT", "m" + i, side, qty));
                default -> engine.openOrders(key).stream().findFirst()
                        .ifPresent(o -> engine.cancel(key, o.clientOrderId()));
            }
            OrderBook book = engine.book("BTCUSDT", 1);
            assertThat(book.bestBid()).as("after order " + i).isLessThan(book.bestAsk());
        }
        assertThat(engine.book("BTCUSDT", 100).asks()).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void theHouseIsOutsideTheTradersLedgerButConservesAssetsWithThem() {
        SimulatedExchanges sim = exchanges(7);
        MatchingEngine engine = sim.engine("coinbase");
        var account = sim.openPaperAccount("u", "coinbase");
        engine.place(account.apiKey(), NewOrder.market("BTC-USD", "b", Side.BUY, new BigDecimal("1")));

        Map<String, Balance> trader = engine.balances(account.apiKey());
        Map<String, Balance> house = engine.houseBalances();
        BigDecimal usd = trader.get("USD").total().add(house.get("USD").total()).add(engine.collectedFees().get("USD"));
        BigDecimal btc = trader.get("BTC").total().add(house.get("BTC").total());
        assertThat(usd).isEqualByComparingTo("1000000");
        assertThat(btc).isEqualByComparingTo("5");
    }

    private static BigDecimal sum(List<PriceLevel> levels) {
        return levels.stream().map(PriceLevel::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
