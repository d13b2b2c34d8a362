package io.nija.bench;

import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.EngineListener;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.instrument.Pair;
import io.nija.core.lane.DirectExecutor;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.signal.EntryTerms;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.memory.InMemoryStore;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.market.MarketFlow;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * TWAP and limit entries judged against a moving market: the real engine (routing on price, splitting, TWAP slices)
 * against the in-process simulator's six venues with its seeded market flow on ({@code --market-flow}), in virtual
 * time. For each order: slippage against the arrival mid (when it was routed), what the route expected, slippage
 * against the interval's mean mid (the reference mid sampled every second while the order worked) and against the
 * interval's VWAP (every trade on the pair's books while the order worked, the market flow's and ours: the benchmark
 * a TWAP aims at); for limit entries, how much filled.
 *
 * <p>Run: {@code java -cp <bench classpath> io.nija.bench.MovingMarketExecution [seeds] [ordersPerKind]}.
 */
public final class MovingMarketExecution {
    static final Pair BTC_USD = new Pair("BTC", "USD");
    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    /** One order's outcome, in bps (positive = worse for the trader). */
    public record Result(String kind, long seed, BigDecimal sizeUsd, String status, int venues, double filledShare,
                         Double vsArrivalBps, Double expectedBps, Double vsIntervalMidBps, Double vsIntervalVwapBps) { }

    private MovingMarketExecution() {
    }

    public static List<Result> run(int seeds, int ordersPerKind) {
        List<Result> out = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            out.addAll(runSeed(seed, ordersPerKind));
        }
        return out;
    }

    static List<Result> runSeed(long seed, int ordersPerKind) {
        ManualClock clock = new ManualClock(T0);
        ManualScheduler scheduler = new ManualScheduler(clock);
        SimulatedExchanges sim = new SimulatedExchanges(clock, seed);
        InMemoryStore store = new InMemoryStore();
        store.createUser(new User("u1", Role.USER, new UserLimits(true, java.util.Set.of(), java.util.Set.of(),
                new BigDecimal("10000000"), new BigDecimal("100000000"), new BigDecimal("1000000"), 1000, 100), T0), "hash");
        Map<String, VenueAccount> accounts = sim.openPaperAccounts("u1");
        EngineConfig config = EngineConfig.defaults().withExecutor(EngineConfig.defaults().executor().withInlineCalls());
        List<Result> out = new ArrayList<>();
        try (MarketFlow flow = new MarketFlow(sim, scheduler, seed);
             ExecutionEngine engine = new ExecutionEngine(config, store, sim.venues(),
                     (user, v) -> Optional.ofNullable(accounts.get(v)), clock, scheduler, new Ids(clock, seed),
                     DirectExecutor.INSTANCE, EngineListener.NONE)) {
            flow.start();
            scheduler.advance(Duration.ofSeconds(30)); // let the market move before the first order
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            for (int i = 0; i < ordersPerKind * 2; i++) {
                boolean twap = i % 2 == 0;
                Side side = Side.BUY; // entries open long positions
                BigDecimal mid = consolidatedMid(sim);
                BigDecimal size = twap ? BigDecimal.valueOf(20_000 + r.nextInt(180_000)) : BigDecimal.valueOf(1_000 + r.nextInt(9_000));
                // A limit entry 0..10 bps through the mid on its side: sometimes at once, sometimes only if the market comes.
                EntryTerms terms = EntryTerms.NONE;
                if (!twap) {
                    BigDecimal bps = BigDecimal.valueOf(r.nextInt(11) - 5).movePointLeft(4);
                    BigDecimal limit = side == Side.BUY ? mid.multiply(BigDecimal.ONE.add(bps)) : mid.multiply(BigDecimal.ONE.subtract(bps));
                    terms = new EntryTerms(limit.round(new MathContext(8)), 60, null, null);
                }
                String id = engine.submit(new TradeSignal("sig-" + seed + "-" + i, "u1", BTC_USD, side, size,
                        SignalType.ENTRY, "moving", clock.now(), null, false, null, terms)).orderIds().get(0);
                List<BigDecimal> mids = new ArrayList<>();
                Instant from = clock.now();
                Order o = store.findOrder(id).orElseThrow();
                for (int s = 0; s < 900 && !o.status().isTerminal(); s++) {
                    scheduler.advance(Duration.ofSeconds(1));
                    mids.add(consolidatedMid(sim));
                    o = store.findOrder(id).orElseThrow();
                }
                out.add(result(twap ? "twap" : "limit", seed, size, o, mids, intervalVwap(sim, accounts, from, clock.now())));
                scheduler.advance(Duration.ofSeconds(5 + r.nextInt(20)));
            }
        }
        return out;
    }

    /**
     * The VWAP of every BTC trade on the venues in [from, to]: the market flow's orders and the trader's (each trade
     * once, by its taker; the house maker on the other side keeps no account), or null without a trade.
     */
    static BigDecimal intervalVwap(SimulatedExchanges sim, Map<String, VenueAccount> accounts, Instant from, Instant to) {
        BigDecimal value = BigDecimal.ZERO;
        BigDecimal quantity = BigDecimal.ZERO;
        for (String v : sim.venueNames()) {
            var engine = sim.engine(v);
            java.util.Set<String> btc = new java.util.HashSet<>();
            engine.instruments().stream().filter(i -> i.pair().equals(BTC_USD)).forEach(i -> btc.add(i.symbol()));
            List<String> keys = new ArrayList<>(List.of(MarketFlow.FLOW_KEY));
            if (accounts.containsKey(v)) {
                keys.add(accounts.get(v).apiKey());
            }
            for (String key : keys) {
                for (var f : engine.fills(key)) {
                    if (btc.contains(f.symbol()) && !f.time().isBefore(from) && !f.time().isAfter(to)) {
                        value = value.add(f.notional());
                        quantity = quantity.add(f.quantity());
                    }
                }
            }
        }
        return quantity.signum() == 0 ? null : value.divide(quantity, MathContext.DECIMAL64);
    }

    private static Result result(String kind, long seed, BigDecimal size, Order o, List<BigDecimal> mids, BigDecimal vwap) {
        BigDecimal intervalMid = mids.isEmpty() ? o.arrivalMid()
                : mids.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(mids.size()), MathContext.DECIMAL64);
        Double vsInterval = null;
        BigDecimal avg = o.averagePrice();
        if (avg != null && intervalMid != null) {
            BigDecimal diff = o.side() == Side.BUY ? avg.subtract(intervalMid) : intervalMid.subtract(avg);
            vsInterval = diff.multiply(BigDecimal.valueOf(10_000)).divide(intervalMid, MathContext.DECIMAL64).doubleValue();
        }
        Double vsVwap = null;
        if (avg != null && vwap != null) {
            BigDecimal diff = o.side() == Side.BUY ? avg.subtract(vwap) : vwap.subtract(avg);
            vsVwap = diff.multiply(BigDecimal.valueOf(10_000)).divide(vwap, MathContext.DECIMAL64).doubleValue();
        }
        BigDecimal wanted = o.legs().stream().filter(l -> l.supersededBy() == null).map(OrderLeg::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        double share = wanted.signum() == 0 ? 0 : o.filledQty().divide(wanted, MathContext.DECIMAL64).doubleValue();
        int venues = (int) o.legs().stream().map(OrderLeg::venue).distinct().count();
        return new Result(kind, seed, size, o.status().wire(), venues, share,
                o.slippageBps() == null ? null : o.slippageBps().doubleValue(),
                o.expectedSlippageBps() == null ? null : o.expectedSlippageBps().doubleValue(), vsInterval, vsVwap);
    }

    /** The arrival mid's reference over every venue's BTC book now (see {@code ReferenceMid}). */
    static BigDecimal consolidatedMid(SimulatedExchanges sim) {
        List<OrderBook> books = new ArrayList<>();
        for (String v : sim.venueNames()) {
            var engine = sim.engine(v);
            for (var ins : engine.instruments()) {
                if (ins.pair().equals(BTC_USD)) {
                    books.add(engine.book(ins.symbol(), 1));
                }
            }
        }
        return io.nija.core.routing.ReferenceMid.of(books);
    }

    static String summary(List<Result> results) {
        StringBuilder s = new StringBuilder();
        s.append("| kind | orders | filled | mean filled share | mean vs arrival (bps) | mean expected (bps) | mean vs interval mid (bps) | mean vs interval VWAP (bps) | p90 vs arrival (bps) | split over >1 venue |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (String kind : new String[] {"twap", "limit"}) {
            List<Result> k = results.stream().filter(r -> r.kind().equals(kind)).toList();
            List<Double> arrival = k.stream().map(Result::vsArrivalBps).filter(java.util.Objects::nonNull).sorted().toList();
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.2f | %.2f | %.2f | %.2f | %.2f | %d |%n", kind, k.size(),
                    k.stream().filter(r -> r.status().equals("filled")).count(),
                    k.stream().mapToDouble(Result::filledShare).average().orElse(0),
                    arrival.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    k.stream().map(Result::expectedBps).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    k.stream().map(Result::vsIntervalMidBps).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    k.stream().map(Result::vsIntervalVwapBps).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    arrival.isEmpty() ? Double.NaN : arrival.get((int) Math.min(arrival.size() - 1, Math.floor(arrival.size() * 0.9))),
                    k.stream().filter(r -> r.venues() > 1).count()));
        }
        return s.toString();
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int perKind = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long start = System.nanoTime();
        List<Result> results = run(seeds, perKind);
        System.out.print(summary(results));
        System.out.printf(Locale.ROOT, "%d orders in %.1f s wall%n", results.size(), (System.nanoTime() - start) / 1e9);
    }
}
