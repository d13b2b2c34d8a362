package io.nija.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.testing.Cases;
import io.nija.core.testing.Markets;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RouterProperties {
    private static final BigDecimal SIZE = new BigDecimal("1000");

    /** Everything that can make one candidate eligible or not, and its factor inputs. */
    record Spec(boolean listed, boolean breakerOpen, boolean hasBook, boolean permitted, String askQty,
                boolean bigMinNotional, String takerFee, int queueDepth, int samples, double success, double latencyMs,
                int pairSamples, double pairSuccess) {
        /** Eligibility stated from the inputs, independently of Router.score. */
        boolean eligible() {
            boolean deepEnough = new BigDecimal(askQty).multiply(new BigDecimal("50000"))
                    .compareTo(SIZE.multiply(BigDecimal.TWO)) >= 0;
            return listed && !breakerOpen && hasBook && permitted && deepEnough && !bigMinNotional;
        }

        VenueCandidate candidate(String venue) {
            Instrument i = listed ? Markets.instrument(venue, Markets.BTC_USD, "BTCUSD", "0.01", "0.00001", "0.00001",
                    bigMinNotional ? "5000" : "5") : null;
            OrderBook book = hasBook ? Markets.book(Markets.btcUsd(venue), "49990", "50000", askQty) : null;
            return new VenueCandidate(venue, i, book, new FeeSchedule(BigDecimal.ZERO, new BigDecimal(takerFee)),
                    breakerOpen, queueDepth, new StatsSnapshot(samples, samples == 0 ? 0 : success, samples == 0 ? 0 : latencyMs),
                    new StatsSnapshot(pairSamples, pairSamples == 0 ? 0 : pairSuccess, 0));
        }
    }

    /** One candidate: mostly listed, closed, booked and permitted, so that the eligible mix varies. */
    static Spec spec(Cases.Gen g) {
        return new Spec(g.oneOf(true, true, true, false), g.oneOf(false, false, false, true), g.oneOf(true, true, true, false),
                g.oneOf(true, true, true, false), g.oneOf("0.01", "0.039", "0.04", "0.1", "10"), g.oneOf(false, false, false, true),
                g.oneOf("0", "0.0002", "0.0005", "0.001", "0.0025", "0.02"), g.intBetween(0, 150), g.oneOf(0, 5, 100),
                g.doubleBetween(0, 1, 2), g.doubleBetween(1, 2000, 2), g.oneOf(0, 7), g.doubleBetween(0, 1, 2));
    }

    /** Zero to six candidates. */
    static List<Spec> candidateSet(Cases.Gen g) {
        return g.listOf(0, 6, RouterProperties::spec);
    }

    static LongStream seeds5001() {
        return Cases.seeds(5001, 2000);
    }

    static LongStream seeds5002() {
        return Cases.seeds(5002, 1000);
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds5001")
    void theChosenVenueIsAlwaysEligibleAndHasTheHighestTotal(long seed) {
        List<Spec> specs = candidateSet(new Cases.Gen(seed));
        Cases.check(seed, specs, () -> chosenVenueIsEligibleAndHasTheHighestTotal(specs));
    }

    private static void chosenVenueIsEligibleAndHasTheHighestTotal(List<Spec> specs) {
        List<VenueCandidate> candidates = new ArrayList<>();
        Set<String> expectedEligible = new HashSet<>();
        Set<String> permitted = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String venue = "v" + i;
            candidates.add(specs.get(i).candidate(venue));
            if (specs.get(i).eligible()) {
                expectedEligible.add(venue);
            }
            if (specs.get(i).permitted()) {
                permitted.add(venue);
            }
        }
        // An empty allow-list means "all", so give a never-matching venue when nothing is permitted.
        UserLimits limits = new UserLimits(true, permitted.isEmpty() ? Set.of("none") : permitted, Set.of(),
                new BigDecimal("25000"), new BigDecimal("100000"), new BigDecimal("5000"), 20, 1.0);
        Router router = new Router(RoutingConfig.defaults().withPolicy(RoutingPolicy.SCORE));
        if (expectedEligible.isEmpty()) {
            SignalRejectedException e = catchThrowableOfType(SignalRejectedException.class,
                    () -> router.route(RouterTest.buy("1000"), limits, candidates));
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo("no_eligible_venue");
            return;
        }
        RouteDecision d = router.route(RouterTest.buy("1000"), limits, candidates);
        assertThat(d.scores()).hasSize(candidates.size());
        assertThat(d.scores().stream().filter(VenueScore::eligible).map(VenueScore::venue).toList())
                .containsExactlyInAnyOrderElementsOf(expectedEligible);
        assertThat(expectedEligible).contains(d.venue());
        VenueScore chosen = RouterTest.scoreOf(d, d.venue());
        for (VenueScore s : d.scores()) {
            if (s.eligible()) {
                assertThat(chosen.total()).isGreaterThanOrEqualTo(s.total());
                if (s.total() == chosen.total()) {
                    assertThat(d.venue().compareTo(s.venue())).isLessThanOrEqualTo(0);
                }
            } else {
                assertThat(d.reason()).contains(s.venue() + " ineligible (" + s.ineligibleReason() + ")");
            }
        }
        assertThat(d.reason()).startsWith("chose " + d.venue() + " ");
        assertThat(d.legs()).isNotEmpty();
        assertThat(d.legs()).allSatisfy(l -> assertThat(l.instrument().venue()).isEqualTo(d.venue()));
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds5002")
    void twapSlicesAlwaysSumExactlyToTheQuantityAndStayOnTheLotGrid(long seed) {
        Cases.Gen g = new Cases.Gen(seed);
        int usd = g.intBetween(10001, 200000);
        int slices = g.intBetween(2, 12);
        String lot = g.oneOf("0.00001", "0.001", "0.01", "0.1");
        Cases.check(seed, "usd " + usd + ", slices " + slices + ", lot " + lot,
                () -> twapSlicesSumToTheQuantityOnTheLotGrid(usd, slices, lot));
    }

    private static void twapSlicesSumToTheQuantityOnTheLotGrid(int usd, int slices, String lot) {
        Instrument i = Markets.instrument("a", Markets.BTC_USD, "BTCUSD", "0.01", lot, lot, "5");
        VenueCandidate c = new VenueCandidate("a", i, Markets.book(i, "49990", "50000", "100"),
                new FeeSchedule(BigDecimal.ZERO, new BigDecimal("0.001")), false, 0, StatsSnapshot.EMPTY, StatsSnapshot.EMPTY);
        Router router = new Router(RoutingConfig.defaults().withPolicy(RoutingPolicy.SCORE).withTwap(new BigDecimal("10000"), slices, Duration.ofSeconds(5)));
        RouteDecision d = router.route(RouterTest.buy(Integer.toString(usd)), UserLimits.defaults(), List.of(c));
        BigDecimal total = io.nija.core.instrument.OrderSizing.quantityFor(i, BigDecimal.valueOf(usd), new BigDecimal("50000"));
        assertThat(d.legs().stream().map(PlannedLeg::quantity).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(total);
        assertThat(d.legs().size()).isBetween(1, slices);
        for (int k = 0; k < d.legs().size(); k++) {
            PlannedLeg l = d.legs().get(k);
            assertThat(Decimals.isMultipleOf(l.quantity(), i.lotSize())).isTrue();
            assertThat(l.quantity()).isGreaterThanOrEqualTo(i.minQty());
            assertThat(l.delay()).isEqualTo(Duration.ofSeconds(5L * k));
        }
    }
}
