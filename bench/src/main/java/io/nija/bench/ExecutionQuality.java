package io.nija.bench;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.routing.BookWalk;
import io.nija.core.routing.ReferenceMid;
import io.nija.core.routing.CostModel;
import io.nija.core.routing.PlannedLeg;
import io.nija.core.routing.RouteDecision;
import io.nija.core.routing.Router;
import io.nija.core.routing.RoutingConfig;
import io.nija.core.routing.RoutingPolicy;
import io.nija.core.routing.StatsSnapshot;
import io.nija.core.routing.VenueCandidate;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Execution quality of routing, measured on a seeded corpus of six-venue markets (deep and thin, tight and wide
 * books, one venue sometimes dislocated, fee tiers from 0 to 0.6 %, measured success and latency): for each order,
 * the cost in bps of the arrival mid (the consolidated mid) of
 * <ol type="a">
 *   <li>the design's weighted score: the single best-scoring venue,</li>
 *   <li>routing on price with splitting (the default policy),</li>
 *   <li>the bound: the merged fee-adjusted book of all six venues walked without lots, minimums or venue limits.</li>
 * </ol>
 * "Book + fee" is what the fills would cost: each leg walks its venue's book (as a market order would) and pays the
 * venue's taker fee. "All in" adds the expected cost of a failed send and of the time in flight, priced as the router
 * prices them. Orders go out at market (stop-loss signals) so that every policy is measured on the same immediate
 * execution; the score policy refuses a venue whose book holds less than twice the order within 1 %, and where it
 * refuses every venue, (a) is its best-scoring venue with that rule off.
 *
 * <p>Run: {@code java -cp bench/target/classes:core/target/classes io.nija.bench.ExecutionQuality [seed] [markets]}.
 */
public final class ExecutionQuality {
    static final Pair BTC_USD = new Pair("BTC", "USD");
    static final String[] VENUES = {"alpaca", "binance", "bybit", "coinbase", "kraken", "okx"};
    static final long[] SIZES = {1_000, 10_000, 100_000, 300_000, 1_000_000};
    static final BigDecimal BPS = new BigDecimal("10000");
    static final UserLimits ANY = new UserLimits(true, java.util.Set.of(), java.util.Set.of(), new BigDecimal("10000000"),
            new BigDecimal("100000000"), new BigDecimal("1000000"), 20, 100);

    /** The three costs of one order, in bps of the arrival mid; allIn* adds expected failure and latency costs. */
    public record Result(long sizeUsd, Side side, double scoreBps, double priceBps, double boundBps,
                         double scoreAllInBps, double priceAllInBps, double boundAllInBps, int priceLegs,
                         boolean scoreRefused) { }

    private ExecutionQuality() {
    }

    /** One seeded market of six venues. */
    static List<VenueCandidate> market(SplittableRandom r) {
        List<VenueCandidate> out = new ArrayList<>();
        int dislocated = r.nextInt(3) == 0 ? r.nextInt(VENUES.length) : -1;
        for (int k = 0; k < VENUES.length; k++) {
            String venue = VENUES[k];
            String lot = new String[] {"0.00001", "0.0001", "0.001"}[r.nextInt(3)];
            Instrument i = new Instrument(venue, BTC_USD, "BTCUSD", new BigDecimal("0.01"), new BigDecimal(lot),
                    new BigDecimal(lot), new BigDecimal(new String[] {"1", "5", "10"}[r.nextInt(3)]));
            double offsetBps = k == dislocated ? (r.nextBoolean() ? 1 : -1) * (20 + r.nextInt(40)) : r.nextInt(-3, 4);
            double halfSpreadBps = r.nextBoolean() ? 0.5 + r.nextInt(3) : 3 + r.nextInt(12);     // tight / wide
            double stepBps = r.nextBoolean() ? 0.5 + r.nextInt(2) : 2 + r.nextInt(6);
            double topUsd = r.nextBoolean() ? 200_000 + r.nextInt(800_000) : 5_000 + r.nextInt(40_000); // deep / thin
            BigDecimal mid = bd(50_000 * (1 + offsetBps / 10_000));
            List<PriceLevel> bids = new ArrayList<>();
            List<PriceLevel> asks = new ArrayList<>();
            for (int l = 0; l < 60; l++) {
                double off = (halfSpreadBps + l * stepBps) / 10_000;
                BigDecimal qty = Decimals.floorToStep(bd(topUsd * Math.pow(1.04, l) / 50_000), new BigDecimal("0.00001"));
                bids.add(new PriceLevel(mid.multiply(bd(1 - off)).setScale(2, RoundingMode.DOWN), qty));
                asks.add(new PriceLevel(mid.multiply(bd(1 + off)).setScale(2, RoundingMode.UP), qty));
            }
            BigDecimal taker = new BigDecimal(new String[] {"0", "0.0002", "0.0004", "0.001", "0.0026", "0.006"}[r.nextInt(6)]);
            StatsSnapshot stats = new StatsSnapshot(100, 0.95 + r.nextInt(6) / 100.0, 20 + r.nextInt(380));
            out.add(new VenueCandidate(venue, i, new OrderBook(venue, "BTCUSD", bids, asks, Instant.EPOCH),
                    new FeeSchedule(taker.divide(BigDecimal.TWO), taker), false, r.nextInt(10), stats, stats));
        }
        return out;
    }

    public static List<Result> run(long seed, int markets) {
        List<Result> results = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        RoutingConfig base = RoutingConfig.defaults();
        for (int m = 0; m < markets; m++) {
            List<VenueCandidate> market = market(r);
            for (long size : SIZES) {
                Side side = r.nextBoolean() ? Side.BUY : Side.SELL;
                TradeSignal signal = new TradeSignal("sig-" + m + "-" + size, "bench", BTC_USD, side, BigDecimal.valueOf(size),
                        SignalType.STOP_LOSS, "bench", Instant.EPOCH, null);
                BigDecimal mid = ReferenceMid.orTouch(market.stream().map(VenueCandidate::book).toList());
                RouteDecision a;
                boolean refused = false;
                try {
                    a = new Router(base.withPolicy(RoutingPolicy.SCORE)).route(signal, ANY, market);
                } catch (SignalRejectedException e) {
                    refused = true;
                    RoutingConfig noLiquidityRule = new RoutingConfig(base.weights(), BigDecimal.ZERO, base.priceBand(),
                            base.twapThresholdUsd(), base.twapSlices(), base.twapInterval(), base.limitProtection(),
                            base.loadScale(), base.limitPriceBand(), RoutingPolicy.SCORE, base.costs());
                    a = new Router(noLiquidityRule).route(signal, ANY, market);
                }
                RouteDecision b = new Router(base).route(signal, ANY, market);
                BigDecimal quantity = b.legs().stream().map(PlannedLeg::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
                results.add(new Result(size, side, cost(a.legs(), market, side, mid, false, base.costs()),
                        cost(b.legs(), market, side, mid, false, base.costs()),
                        bound(market, side, quantity, mid, false, base.costs()),
                        cost(a.legs(), market, side, mid, true, base.costs()),
                        cost(b.legs(), market, side, mid, true, base.costs()),
                        bound(market, side, quantity, mid, true, base.costs()),
                        (int) b.legs().stream().map(l -> l.instrument().venue()).distinct().count(), refused));
            }
        }
        return results;
    }

    /**
     * Each venue's legs together (the pieces of its share meet one book) walk its whole book and pay its taker fee
     * (plus, all in, expected failure and latency).
     */
    static double cost(List<PlannedLeg> legs, List<VenueCandidate> market, Side side, BigDecimal mid, boolean allIn,
                       CostModel model) {
        BigDecimal value = BigDecimal.ZERO;
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal extra = BigDecimal.ZERO;
        java.util.Map<String, BigDecimal> perVenue = new java.util.LinkedHashMap<>();
        legs.forEach(l -> perVenue.merge(l.instrument().venue(), l.quantity(), BigDecimal::add));
        for (java.util.Map.Entry<String, BigDecimal> share : perVenue.entrySet()) {
            VenueCandidate v = market.stream().filter(c -> c.venue().equals(share.getKey())).findFirst().orElseThrow();
            BigDecimal limit = side == Side.BUY ? new BigDecimal("1e12") : BigDecimal.ZERO;
            BookWalk.Result walked = BookWalk.walk(side == Side.BUY ? v.book().asks() : v.book().bids(), side, share.getValue(), limit);
            BigDecimal fee = v.fees().taker();
            value = value.add(side == Side.BUY ? walked.notional().multiply(BigDecimal.ONE.add(fee))
                    : walked.notional().multiply(BigDecimal.ONE.subtract(fee)));
            quantity = quantity.add(walked.filled());
            if (allIn) {
                extra = extra.add(extraBps(v, model).multiply(walked.filled()));
            }
        }
        BigDecimal atMid = quantity.multiply(mid);
        BigDecimal bps = Decimals.divide(side == Side.BUY ? value.subtract(atMid) : atMid.subtract(value), atMid).multiply(BPS);
        if (allIn) {
            bps = bps.add(Decimals.divide(extra, quantity));
        }
        return bps.doubleValue();
    }

    /** Expected cost of a failed send and of the time in flight on a venue, in bps, as the router prices them. */
    static BigDecimal extraBps(VenueCandidate v, CostModel model) {
        BigDecimal failure = BigDecimal.ONE.subtract(bd(v.venueStats().successRate())).multiply(model.failurePenaltyBps());
        BigDecimal latency = bd(v.venueStats().averageLatencyMs()).add(model.queuedTaskMs().multiply(BigDecimal.valueOf(v.queueDepth())))
                .multiply(model.movePerSecondBps()).divide(new BigDecimal("1000"));
        return failure.add(latency);
    }

    /**
     * The merged fee-adjusted book of every venue walked for {@code quantity}: no lots, minimums or limits; all in,
     * each unit also carries its venue's expected failure and latency cost.
     */
    static double bound(List<VenueCandidate> market, Side side, BigDecimal quantity, BigDecimal mid, boolean allIn,
                        CostModel model) {
        record Unit(BigDecimal effective, BigDecimal quantity) { }
        List<Unit> units = new ArrayList<>();
        for (VenueCandidate v : market) {
            BigDecimal fee = v.fees().taker();
            BigDecimal extra = allIn ? Decimals.divide(mid.multiply(extraBps(v, model)), BPS) : BigDecimal.ZERO;
            for (PriceLevel l : side == Side.BUY ? v.book().asks() : v.book().bids()) {
                units.add(new Unit(side == Side.BUY ? l.price().multiply(BigDecimal.ONE.add(fee)).add(extra)
                        : l.price().multiply(BigDecimal.ONE.subtract(fee)).subtract(extra), l.quantity()));
            }
        }
        units.sort(side == Side.BUY ? Comparator.comparing(Unit::effective) : Comparator.comparing(Unit::effective).reversed());
        BigDecimal left = quantity;
        BigDecimal value = BigDecimal.ZERO;
        for (Unit u : units) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal take = u.quantity().min(left);
            value = value.add(take.multiply(u.effective()));
            left = left.subtract(take);
        }
        BigDecimal atMid = quantity.multiply(mid);
        return Decimals.divide(side == Side.BUY ? value.subtract(atMid) : atMid.subtract(value), atMid).multiply(BPS).doubleValue();
    }

    /** A Markdown table per order size: all-in costs first, then book + fee. */
    public static String report(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("| order | n | (a) score | (b) price + split | (c) merged bound | (b) vs (a) | (b) - (c) | (b) - (c), % of (c) "
                + "| (b) worse than (a) | venues (b), mean | (a) book+fee | (b) book+fee | (c) book+fee | score refused |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (long size : SIZES) {
            row(out, String.format(Locale.ROOT, "$%,d", size), results.stream().filter(x -> x.sizeUsd() == size).toList());
        }
        row(out, "**>= $100,000**", results.stream().filter(x -> x.sizeUsd() >= 100_000).toList());
        return out.toString();
    }

    private static void row(StringBuilder out, String label, List<Result> rs) {
        double a = rs.stream().mapToDouble(Result::scoreAllInBps).average().orElse(0);
        double b = rs.stream().mapToDouble(Result::priceAllInBps).average().orElse(0);
        double c = rs.stream().mapToDouble(Result::boundAllInBps).average().orElse(0);
        long worse = rs.stream().filter(x -> x.priceAllInBps() > x.scoreAllInBps() + 1e-9).count();
        double legs = rs.stream().mapToInt(Result::priceLegs).average().orElse(0);
        out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.1f %% cheaper | %+.3f | %+.2f %% | %d | %.2f | %.2f | %.2f | %.2f | %d |%n",
                label, rs.size(), a, b, c, (a - b) / a * 100, b - c, (b - c) / Math.abs(c) * 100, worse, legs,
                rs.stream().mapToDouble(Result::scoreBps).average().orElse(0),
                rs.stream().mapToDouble(Result::priceBps).average().orElse(0),
                rs.stream().mapToDouble(Result::boundBps).average().orElse(0),
                rs.stream().filter(Result::scoreRefused).count()));
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 14;
        int markets = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long start = System.nanoTime();
        List<Result> results = run(seed, markets);
        System.out.print(report(results));
        System.out.printf(Locale.ROOT, "%n%d orders routed three ways in %.1f s (seed %d)%n", results.size(),
                (System.nanoTime() - start) / 1e9, seed);
    }

    private static BigDecimal bd(double v) {
        return new BigDecimal(Double.toString(v));
    }
}
