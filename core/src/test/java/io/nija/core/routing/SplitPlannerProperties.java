package io.nija.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.testing.Cases;
import io.nija.core.testing.Markets;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of routing on price with splitting, over seeded random markets of two to six venues (deep and thin,
 * tight and wide, one sometimes dislocated, different fees, lots and minimums) and orders from $1 000 to $1 000 000.
 */
class SplitPlannerProperties {
    static LongStream seeds14001() {
        return Cases.seeds(14001, 300);
    }

    static LongStream seeds14002() {
        return Cases.seeds(14002, 300);
    }

    static final UserLimits ANY = UserLimits.defaults();

    record Market(List<VenueCandidate> venues, Side side, BigDecimal usd, SignalType type) {
        TradeSignal signal() {
            return new TradeSignal("sig", "u1", Markets.BTC_USD, side, usd, type, "test", Markets.T0, null);
        }

        @Override
        public String toString() {
            return side + " $" + usd + " " + type + " over " + venues.stream().map(v -> v.venue() + "(lot "
                    + v.instrument().lotSize() + ", min " + v.instrument().minQty() + ", fee " + v.fees().taker() + ", "
                    + v.book().asks().size() + " levels from " + v.book().touch(side) + ")").collect(Collectors.joining(", "));
        }
    }

    static Market market(Cases.Gen g) {
        int n = g.intBetween(2, 6);
        List<VenueCandidate> venues = new ArrayList<>();
        int dislocated = g.bool() ? g.intBetween(0, n - 1) : -1;
        for (int k = 0; k < n; k++) {
            String name = "v" + k;
            String lot = g.oneOf("0.00001", "0.0001", "0.001", "0.01");
            String minQty = new BigDecimal(lot).multiply(BigDecimal.valueOf(g.intBetween(1, 10))).toPlainString();
            Instrument i = Markets.instrument(name, Markets.BTC_USD, "BTCUSD", g.oneOf("0.01", "0.1", "1"), lot, minQty,
                    g.oneOf("1", "5", "10", "100"));
            int mid = 50_000 + (k == dislocated ? g.intBetween(-300, 300) : g.intBetween(-20, 20));
            int halfSpread = g.intBetween(1, 25);
            int step = g.intBetween(1, 20);
            BigDecimal perLevel = g.decimalBetween(new BigDecimal("0.01"), new BigDecimal(g.bool() ? "2" : "20"), 3);
            List<PriceLevel> bids = new ArrayList<>();
            List<PriceLevel> asks = new ArrayList<>();
            for (int l = 0; l < 40; l++) {
                BigDecimal q = perLevel.multiply(BigDecimal.valueOf(g.intBetween(5, 15))).divide(BigDecimal.TEN, 5, RoundingMode.DOWN);
                bids.add(new PriceLevel(BigDecimal.valueOf(mid - halfSpread - (long) l * step), q));
                asks.add(new PriceLevel(BigDecimal.valueOf(mid + halfSpread + (long) l * step), q));
            }
            BigDecimal taker = g.oneOf(new BigDecimal("0"), new BigDecimal("0.0004"), new BigDecimal("0.001"),
                    new BigDecimal("0.002"), new BigDecimal("0.006"));
            StatsSnapshot stats = g.bool() ? StatsSnapshot.EMPTY : new StatsSnapshot(50, g.doubleBetween(0.8, 1, 2),
                    g.intBetween(5, 600));
            venues.add(new VenueCandidate(name, i, new OrderBook(name, "BTCUSD", bids, asks, Markets.T0),
                    new FeeSchedule(taker.divide(BigDecimal.TWO), taker), false, g.intBetween(0, 5), stats,
                    StatsSnapshot.EMPTY));
        }
        BigDecimal usd = BigDecimal.valueOf(g.oneOf(1_000L, 5_000L, 20_000L, 100_000L, 300_000L, 1_000_000L)
                + g.intBetween(0, 999));
        return new Market(venues, g.bool() ? Side.BUY : Side.SELL, usd,
                g.oneOf(SignalType.ENTRY, SignalType.STOP_LOSS, SignalType.ENTRY));
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds14001")
    void legsAreValidAddUpToTheOrderWithinOneLotAndNeverCostMoreThanTheBestSingleVenue(long seed) {
        Market m = market(new Cases.Gen(seed));
        Cases.check(seed, m, () -> {
            Router router = new Router(RoutingConfig.defaults());
            RouteDecision d;
            try {
                d = router.route(m.signal(), ANY, m.venues());
            } catch (SignalRejectedException e) {
                assertThat(e.code()).isEqualTo("no_eligible_venue");
                return;
            }
            BigDecimal bestSingle = null;
            for (VenueCandidate c : m.venues()) {
                // Only this venue may be used; every book still sets the arrival mid, so the costs compare.
                UserLimits only = new UserLimits(true, java.util.Set.of(c.venue()), ANY.allowedPairs(), ANY.maxOrderUsd(),
                        ANY.maxPositionUsd(), ANY.dailyLossUsd(), ANY.maxOpenPositions(), ANY.tradesPerSecond(),
                        ANY.maxSignalAgeMs());
                try {
                    BigDecimal cost = new Router(RoutingConfig.defaults()).route(m.signal(), only, m.venues()).expectedCostBps();
                    bestSingle = bestSingle == null ? cost : bestSingle.min(cost);
                } catch (SignalRejectedException e) {
                    // this venue alone cannot take it
                }
            }
            if (bestSingle != null) {
                // Venues closer than 0.01 bps are a tie and take turns, so the chosen one may be that much dearer.
                assertThat(d.expectedCostBps()).isLessThan(bestSingle.add(new BigDecimal("0.01")));
            }
            Map<String, BigDecimal> byVenue = d.legs().stream().collect(Collectors.groupingBy(l -> l.instrument().venue(),
                    Collectors.reducing(BigDecimal.ZERO, PlannedLeg::quantity, BigDecimal::add)));
            for (PlannedLeg l : d.legs()) {
                Instrument i = l.instrument();
                assertThat(Decimals.isMultipleOf(l.quantity(), i.lotSize())).as("on the lot grid").isTrue();
                assertThat(l.quantity()).as("no leg below the venue's minimum").isGreaterThanOrEqualTo(i.minQty());
                BigDecimal touch = m.venues().stream().filter(c -> c.venue().equals(i.venue())).findFirst().orElseThrow()
                        .book().touch(m.side());
                assertThat(l.quantity().multiply(touch)).as("min notional").isGreaterThanOrEqualTo(i.minNotional());
            }
            if (byVenue.size() > 1) {
                BigDecimal bestTouch = null;
                for (VenueCandidate c : m.venues()) {
                    if (byVenue.containsKey(c.venue()) || true) {
                        BigDecimal t = c.book().touch(m.side());
                        bestTouch = bestTouch == null ? t : m.side() == Side.BUY ? bestTouch.min(t) : bestTouch.max(t);
                    }
                }
                BigDecimal wanted = m.usd().divide(bestTouch, 18, RoundingMode.DOWN);
                BigDecimal sum = byVenue.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal largestLot = d.legs().stream().map(l -> l.instrument().lotSize()).max(BigDecimal::compareTo).orElseThrow();
                assertThat(sum).as("never more than the order").isLessThanOrEqualTo(wanted);
                assertThat(wanted.subtract(sum)).as("within one lot of the order").isLessThan(largestLot);
            }
        });
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds14002")
    void aCheaperOrDeeperVenueNeverGetsLess(long seed) {
        Cases.Gen g = new Cases.Gen(seed);
        Market m = market(g);
        boolean cheaper = g.bool();
        int shift = g.intBetween(1, 30);
        BigDecimal factor = new BigDecimal(g.oneOf("1.5", "2", "5"));
        BigDecimal quantity = m.usd().divide(new BigDecimal("50000"), 8, RoundingMode.DOWN);
        Cases.check(seed, m + (cheaper ? ", twin dearer by " + shift : ", twin shallower by x" + factor), () -> {
            VenueCandidate base = m.venues().get(0);
            Side side = m.side();
            BigDecimal mid = BookWalk.consolidatedMid(m.venues().stream().map(VenueCandidate::book).toList());
            PricedVenue a = priced(base, side, base.book().touch(side).add(BigDecimal.valueOf(side == Side.BUY ? 200 : -200)),
                    BookWalk.netLevels(base.book(), side, BigDecimal.ZERO));
            List<PriceLevel> twinLevels = new ArrayList<>();
            for (PriceLevel l : a.levels()) {
                BigDecimal p = cheaper ? l.price().add(BigDecimal.valueOf(side == Side.BUY ? shift : -shift)) : l.price();
                BigDecimal q = cheaper ? l.quantity() : l.quantity().divide(factor, 5, RoundingMode.DOWN);
                if (q.signum() > 0) {
                    twinLevels.add(new PriceLevel(p, q));
                }
            }
            Instrument twinInstrument = new Instrument("twin", base.instrument().pair(), "BTCUSD", base.instrument().tickSize(),
                    base.instrument().lotSize(), base.instrument().minQty(), base.instrument().minNotional());
            PricedVenue b = new PricedVenue(twinInstrument, twinLevels, a.touch(), a.limit(), a.feeRate(), a.failureBps(),
                    a.latencyBps());
            List<PricedVenue> venues = new ArrayList<>();
            // the worse twin first, so an exact tie could only favour it
            venues.add(b);
            venues.add(a);
            for (VenueCandidate c : m.venues().subList(1, m.venues().size())) {
                venues.add(priced(c, side, c.book().touch(side).add(BigDecimal.valueOf(side == Side.BUY ? 200 : -200)),
                        BookWalk.netLevels(c.book(), side, BigDecimal.ZERO)));
            }
            SplitPlanner.Plan plan = SplitPlanner.plan(side, quantity, mid, venues, venues.size(), new BigDecimal("50"));
            if (plan == null) {
                return;
            }
            BigDecimal ofA = shareOf(plan, base.venue());
            BigDecimal ofB = shareOf(plan, "twin");
            assertThat(ofA).as("the better venue's share").isGreaterThanOrEqualTo(ofB);
        });
    }

    static PricedVenue priced(VenueCandidate c, Side side, BigDecimal limit, List<PriceLevel> levels) {
        return new PricedVenue(c.instrument(), levels, c.book().touch(side), limit, c.fees().taker(), BigDecimal.ZERO,
                BigDecimal.ZERO);
    }

    static BigDecimal shareOf(SplitPlanner.Plan plan, String venue) {
        return plan.allocations().stream().filter(a -> a.instrument().venue().equals(venue)).map(SplitPlanner.Allocation::quantity)
                .findFirst().orElse(BigDecimal.ZERO);
    }
}
