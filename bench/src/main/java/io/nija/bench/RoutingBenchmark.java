package io.nija.bench;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.routing.RouteDecision;
import io.nija.core.routing.Router;
import io.nija.core.routing.RoutingConfig;
import io.nija.core.routing.StatsSnapshot;
import io.nija.core.routing.VenueCandidate;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One routing decision ({@link Router#route}) for a $100 BTC-USD entry over six venue candidates, each with a
 * 20-level book (the engine's default routing depth) a few basis points apart from the others, its own taker
 * fee and measured latency/success stats. Everything the decision reads is built once in {@link #setUp()}, so
 * only the decision itself is measured: eligibility checks, depth within 1 % of the touch, sizing, scoring,
 * leg planning and the route reason text.
 *
 * <p>{@code routeSixEligible}: all six venues can take the order. {@code routeOneThinBook}: one venue's book
 * (alpaca's) holds less than 2 x the order within the band, so it is scored ineligible with a reason. Both under the
 * design's weighted score policy.
 *
 * <p>{@code priceSixEligible}, {@code priceOneThinBook}: the same inputs under the default {@code price} policy, which
 * walks every venue's book net of our orders in flight and prices the order all in (fee, failure, latency, resting).
 * {@code priceSplit}: a $20 000 entry, large enough to be split over several venues (and worked as TWAP slices), so
 * the merged-book split planner runs too. Run in sample mode ({@code -bm sample}) for the p99/p99.9 targets.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingBenchmark {
    static final Pair BTC_USD = new Pair("BTC", "USD");
    static final int LEVELS = 20;
    static final BigDecimal REFERENCE_MID = new BigDecimal("65000");
    private static final BigDecimal BPS = new BigDecimal("0.0001");

    /** How one venue looks: listing rules, price offset, spread, level spacing, depth, fees, measured stats. */
    record VenueStyle(String venue, String symbol, String tick, String lot, String minQty, String minNotional,
                      String offsetBps, String halfSpreadBps, String stepBps, String topNotionalUsd,
                      String makerFee, String takerFee, int queueDepth, double successRate, double latencyMs,
                      double pairSuccessRate) {
    }

    /** Close to the simulated venues' own shapes (see sim's SeededMarkets): Binance deepest, Alpaca thinnest. */
    static final List<VenueStyle> VENUES = List.of(
            new VenueStyle("binance", "BTCUSDT", "0.01", "0.00001", "0.00001", "5", "0", "0.5", "0.5", "250000",
                    "0.001", "0.001", 3, 0.995, 42.0, 1.0),
            new VenueStyle("kraken", "XBT/USD", "0.1", "0.00000001", "0.00005", "0.5", "1.8", "1.5", "1.2", "87500",
                    "0.0016", "0.0026", 1, 0.98, 85.0, 0.97),
            new VenueStyle("coinbase", "BTC-USD", "0.01", "0.00000001", "0.00000001", "1", "2.5", "1.0", "1.0", "125000",
                    "0.004", "0.006", 0, 0.99, 61.0, 0.99),
            new VenueStyle("alpaca", "BTC/USD", "1", "0.000000001", "0.000027", "1", "4", "2.5", "2", "25000",
                    "0.0015", "0.0025", 0, 0.97, 120.0, 0.96),
            new VenueStyle("okx", "BTC-USDT", "0.1", "0.00000001", "0.00001", "0", "-1.2", "0.6", "0.6", "175000",
                    "0.0008", "0.001", 7, 0.99, 55.0, 0.99),
            new VenueStyle("bybit", "BTCUSDT", "0.01", "0.000001", "0.000048", "5", "0.8", "0.6", "0.6", "150000",
                    "0.001", "0.001", 2, 0.985, 48.0, 0.98));

    static final String SPLIT_SIZE_USD = "20000";

    private Router router;
    private Router priceRouter;
    private TradeSignal signal;
    private TradeSignal large;
    private UserLimits limits;
    private List<VenueCandidate> sixEligible;
    private List<VenueCandidate> oneThinBook;

    @Setup
    public void setUp() {
        router = new Router(RoutingConfig.defaults().withPolicy(io.nija.core.routing.RoutingPolicy.SCORE));
        priceRouter = new Router(RoutingConfig.defaults());
        signal = entry("100");
        large = entry(SPLIT_SIZE_USD);
        limits = UserLimits.defaults();
        sixEligible = candidates(false);
        oneThinBook = candidates(true);
    }

    @Benchmark
    public RouteDecision routeSixEligible() {
        return router.route(signal, limits, sixEligible);
    }

    @Benchmark
    public RouteDecision routeOneThinBook() {
        return router.route(signal, limits, oneThinBook);
    }

    @Benchmark
    public RouteDecision priceSixEligible() {
        return priceRouter.route(signal, limits, sixEligible);
    }

    @Benchmark
    public RouteDecision priceOneThinBook() {
        return priceRouter.route(signal, limits, oneThinBook);
    }

    @Benchmark
    public RouteDecision priceSplit() {
        return priceRouter.route(large, limits, sixEligible);
    }

    // --- inputs (package-private so RoutingBenchmarkTest can check what is measured) ---------------------

    static TradeSignal entry(String sizeUsd) {
        return new TradeSignal("sig-bench-1", "bench-user", BTC_USD, Side.BUY, new BigDecimal(sizeUsd), SignalType.ENTRY,
                "bench", Instant.parse("2026-01-01T00:00:00Z"), "bench-key-1");
    }

    /** Six candidates; with {@code thinAlpaca} alpaca's book holds about $130 within 1 % (< 2 x $100). */
    static List<VenueCandidate> candidates(boolean thinAlpaca) {
        List<VenueCandidate> out = new ArrayList<>(VENUES.size());
        for (VenueStyle v : VENUES) {
            Instrument instrument = new Instrument(v.venue(), BTC_USD, v.symbol(), bd(v.tick()), bd(v.lot()),
                    bd(v.minQty()), bd(v.minNotional()));
            boolean thin = thinAlpaca && v.venue().equals("alpaca");
            OrderBook book = book(v, instrument, thin);
            StatsSnapshot venueStats = new StatsSnapshot(100, v.successRate(), v.latencyMs());
            StatsSnapshot pairStats = new StatsSnapshot(60, v.pairSuccessRate(), v.latencyMs());
            out.add(new VenueCandidate(v.venue(), instrument, book, new FeeSchedule(bd(v.makerFee()), bd(v.takerFee())),
                    false, v.queueDepth(), venueStats, pairStats));
        }
        return List.copyOf(out);
    }

    /**
     * A 20-level book around the venue's mid: levels {@code stepBps} apart, top level worth
     * {@code topNotionalUsd}, each further level 7 % smaller. A thin book has 0.0001 BTC per level.
     */
    static OrderBook book(VenueStyle v, Instrument instrument, boolean thin) {
        BigDecimal tick = instrument.tickSize();
        BigDecimal mid = Decimals.floorToStep(REFERENCE_MID.multiply(BigDecimal.ONE.add(bd(v.offsetBps()).multiply(BPS))), tick);
        BigDecimal half = mid.multiply(bd(v.halfSpreadBps()).multiply(BPS));
        BigDecimal step = mid.multiply(bd(v.stepBps()).multiply(BPS));
        BigDecimal decay = new BigDecimal("0.93");
        List<PriceLevel> bids = new ArrayList<>(LEVELS);
        List<PriceLevel> asks = new ArrayList<>(LEVELS);
        BigDecimal levelUsd = bd(v.topNotionalUsd());
        for (int i = 0; i < LEVELS; i++) {
            BigDecimal offset = half.add(step.multiply(BigDecimal.valueOf(i)));
            BigDecimal bid = Decimals.floorToStep(mid.subtract(offset), tick);
            BigDecimal ask = Decimals.ceilToStep(mid.add(offset), tick);
            BigDecimal qty = thin ? new BigDecimal("0.0001")
                    : levelUsd.divide(mid, 8, RoundingMode.DOWN).max(instrument.lotSize());
            bids.add(new PriceLevel(bid, Decimals.floorToStep(qty, instrument.lotSize())));
            asks.add(new PriceLevel(ask, Decimals.floorToStep(qty, instrument.lotSize())));
            levelUsd = levelUsd.multiply(decay, MathContext.DECIMAL64);
        }
        return new OrderBook(v.venue(), instrument.symbol(), bids, asks, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }
}
