package io.nija.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.testing.Markets;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {
    static final UserLimits ANY = UserLimits.defaults();
    static final Router ROUTER = new Router(RoutingConfig.defaults().withPolicy(RoutingPolicy.SCORE));

    static TradeSignal signal(Side side, String usd, SignalType type) {
        return new TradeSignal("sig_1", "u1", Markets.BTC_USD, side, new BigDecimal(usd), type, "test", Markets.T0, null);
    }

    static TradeSignal buy(String usd) {
        return signal(Side.BUY, usd, SignalType.ENTRY);
    }

    /** A healthy candidate: deep book (10 BTC a side at 49 990 / 50 000), taker fee 0.1 %, nothing measured yet. */
    static VenueCandidate candidate(String venue) {
        Instrument i = Markets.btcUsd(venue);
        return new VenueCandidate(venue, i, Markets.book(i, "49990", "50000", "10"), fees("0.001"), false, 0,
                StatsSnapshot.EMPTY, StatsSnapshot.EMPTY);
    }

    static FeeSchedule fees(String taker) {
        return new FeeSchedule(new BigDecimal(taker).divide(BigDecimal.TWO), new BigDecimal(taker));
    }

    static VenueCandidate withFee(VenueCandidate c, String taker) {
        return new VenueCandidate(c.venue(), c.instrument(), c.book(), fees(taker), c.breakerOpen(), c.queueDepth(),
                c.venueStats(), c.pairStats(), c.hasAccount());
    }

    static VenueCandidate withStats(VenueCandidate c, StatsSnapshot venueStats) {
        return new VenueCandidate(c.venue(), c.instrument(), c.book(), c.fees(), c.breakerOpen(), c.queueDepth(),
                venueStats, c.pairStats(), c.hasAccount());
    }

    static VenueCandidate withPairStats(VenueCandidate c, StatsSnapshot pairStats) {
        return new VenueCandidate(c.venue(), c.instrument(), c.book(), c.fees(), c.breakerOpen(), c.queueDepth(),
                c.venueStats(), pairStats, c.hasAccount());
    }

    static VenueCandidate withQueue(VenueCandidate c, int depth) {
        return new VenueCandidate(c.venue(), c.instrument(), c.book(), c.fees(), c.breakerOpen(), depth,
                c.venueStats(), c.pairStats(), c.hasAccount());
    }

    static VenueCandidate withBook(VenueCandidate c, OrderBook book) {
        return new VenueCandidate(c.venue(), c.instrument(), book, c.fees(), c.breakerOpen(), c.queueDepth(),
                c.venueStats(), c.pairStats(), c.hasAccount());
    }

    static VenueCandidate withInstrument(VenueCandidate c, Instrument i) {
        return new VenueCandidate(c.venue(), i, c.book(), c.fees(), c.breakerOpen(), c.queueDepth(),
                c.venueStats(), c.pairStats(), c.hasAccount());
    }

    static VenueCandidate withBreakerOpen(VenueCandidate c) {
        return new VenueCandidate(c.venue(), c.instrument(), c.book(), c.fees(), true, c.queueDepth(),
                c.venueStats(), c.pairStats(), c.hasAccount());
    }

    static StatsSnapshot stats(double success, double latencyMs) {
        return new StatsSnapshot(20, success, latencyMs);
    }

    static String route(VenueCandidate... cs) {
        return ROUTER.route(buy("1000"), ANY, List.of(cs)).venue();
    }

    // --- each factor, all else equal ----------------------------------------------------------------
    // Each test makes "b" the better one, so a tie (which a fresh router gives to "a" first) cannot make it win.

    @Test
    void identicalVenuesTieAndTiesGoRoundARotationNotAlwaysToTheSameName() {
        Router router = new Router(RoutingConfig.defaults().withPolicy(RoutingPolicy.SCORE));
        assertTiesRotate(router);
    }

    /** Consecutive signals go round three tied venues; the same signal always gets the same venue. */
    static void assertTiesRotate(Router router) {
        List<String> chosen = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            TradeSignal s = new TradeSignal("sig_" + i, "u1", Markets.BTC_USD, Side.BUY, new BigDecimal("1000"),
                    SignalType.ENTRY, "test", Markets.T0, null);
            String venue = router.route(s, ANY, List.of(candidate("c"), candidate("b"), candidate("a"))).venue();
            assertThat(router.route(s, ANY, List.of(candidate("a"), candidate("c"), candidate("b"))).venue())
                    .as("stable for one signal").isEqualTo(venue);
            chosen.add(venue);
        }
        assertThat(chosen.subList(0, 3)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(chosen.subList(3, 6)).isEqualTo(chosen.subList(0, 3));
    }

    @Test
    void lowerFeeWins() {
        assertThat(route(withFee(candidate("a"), "0.002"), withFee(candidate("b"), "0.001"))).isEqualTo("b");
        assertThat(route(withFee(candidate("a"), "0.001"), withFee(candidate("b"), "0.002"))).isEqualTo("a");
    }

    @Test
    void lowerMeasuredLatencyWins() {
        assertThat(route(withStats(candidate("a"), stats(1.0, 300)), withStats(candidate("b"), stats(1.0, 40)))).isEqualTo("b");
    }

    @Test
    void higherMeasuredSuccessWins() {
        assertThat(route(withStats(candidate("a"), stats(0.80, 50)), withStats(candidate("b"), stats(0.99, 50)))).isEqualTo("b");
    }

    @Test
    void lowerQueueDepthWins() {
        assertThat(route(withQueue(candidate("a"), 40), withQueue(candidate("b"), 3))).isEqualTo("b");
    }

    @Test
    void betterPairHistoryWins() {
        assertThat(route(withPairStats(candidate("a"), stats(0.5, 50)), withPairStats(candidate("b"), stats(1.0, 50))))
                .isEqualTo("b");
    }

    @Test
    void aMeasuredGoodVenueBeatsAnUnmeasuredOneAndAnUnmeasuredOneBeatsAMeasuredBadOne() {
        assertThat(route(candidate("a"), withStats(candidate("b"), stats(1.0, 10)))).isEqualTo("b");
        assertThat(route(withStats(candidate("a"), stats(0.2, 900)), candidate("b"))).isEqualTo("b");
    }

    @Test
    void weightsChangeTheWinner() {
        // a is cheap but slow, b is fast but dear.
        VenueCandidate a = withStats(withFee(candidate("a"), "0.0005"), stats(1.0, 900));
        VenueCandidate b = withStats(withFee(candidate("b"), "0.002"), stats(1.0, 10));
        TradeSignal s = buy("1000");
        assertThat(ROUTER.route(s, ANY, List.of(a, b)).venue()).isEqualTo("b");
        Router feeOnly = new Router(RoutingConfig.defaults().withPolicy(RoutingPolicy.SCORE).withWeights(new RoutingWeights(1, 0, 0, 0, 0)));
        assertThat(feeOnly.route(s, ANY, List.of(a, b)).venue()).isEqualTo("a");
        Router latencyOnly = new Router(RoutingConfig.defaults().withPolicy(RoutingPolicy.SCORE).withWeights(new RoutingWeights(0, 1, 0, 0, 0)));
        assertThat(latencyOnly.route(s, ANY, List.of(a, b)).venue()).isEqualTo("b");
    }

    @Test
    void scoresFollowTheDocumentedScales() {
        VenueCandidate c = withQueue(withPairStats(withStats(withFee(candidate("a"), "0.001"), stats(0.9, 200)),
                stats(0.75, 10)), 25);
        VenueScore s = ROUTER.score(buy("1000"), ANY, c);
        assertThat(s.feeScore()).isEqualTo(90.0, offset(1e-9));
        assertThat(s.latencyScore()).isEqualTo(80.0, offset(1e-9));
        assertThat(s.successScore()).isEqualTo(90.0, offset(1e-9));
        assertThat(s.loadScore()).isEqualTo(75.0, offset(1e-9));
        assertThat(s.pairScore()).isEqualTo(75.0, offset(1e-9));
        double expected = 90 * 0.30 + 80 * 0.20 + 90 * 0.25 + 75 * 0.15 + 75 * 0.10;
        assertThat(s.total()).isEqualTo(expected, offset(1e-9));
    }

    // --- eligibility --------------------------------------------------------------------------------

    static VenueScore scoreOf(RouteDecision d, String venue) {
        return d.scores().stream().filter(s -> s.venue().equals(venue)).findFirst().orElseThrow();
    }

    /** "a" is the cheapest by far, so it would win if it were eligible. */
    void assertIneligible(VenueCandidate a, String reasonPart) {
        RouteDecision d = ROUTER.route(buy("1000"), ANY, List.of(withFee(a, "0"), withFee(candidate("b"), "0.005")));
        assertThat(d.venue()).isEqualTo("b");
        assertThat(scoreOf(d, "a").eligible()).isFalse();
        assertThat(scoreOf(d, "a").ineligibleReason()).contains(reasonPart);
        assertThat(d.reason()).contains("a ineligible (").contains(reasonPart);
    }

    @Test
    void aVenueThatDoesNotListThePairIsNeverChosen() {
        assertIneligible(withInstrument(candidate("a"), null), "pair not listed");
    }

    @Test
    void aVenueWithAnOpenBreakerIsNeverChosen() {
        assertIneligible(withBreakerOpen(candidate("a")), "circuit breaker open");
    }

    @Test
    void aVenueWhereTheUserHasNoKeysIsNeverChosenAndTheReasonSaysSo() {
        VenueCandidate a = candidate("a");
        assertIneligible(VenueCandidate.withoutAccount("a", a.instrument(), false, 0, StatsSnapshot.EMPTY,
                StatsSnapshot.EMPTY), "no credentials for this user");
    }

    @Test
    void aVenueWithoutABookIsNeverChosen() {
        assertIneligible(withBook(candidate("a"), null), "no order book");
        OrderBook noAsks = new OrderBook("a", "BTCUSD", List.of(new PriceLevel(new BigDecimal("49990"), BigDecimal.TEN)),
                List.of(), Markets.T0);
        assertIneligible(withBook(candidate("a"), noAsks), "no order book");
    }

    @Test
    void aVenueWithoutFeesIsNeverChosen() {
        VenueCandidate a = candidate("a");
        VenueCandidate noFees = new VenueCandidate("a", a.instrument(), a.book(), null, false, 0, StatsSnapshot.EMPTY,
                StatsSnapshot.EMPTY);
        RouteDecision d = ROUTER.route(buy("1000"), ANY, List.of(noFees, candidate("b")));
        assertThat(d.venue()).isEqualTo("b");
        assertThat(scoreOf(d, "a").ineligibleReason()).contains("fees unavailable");
    }

    @Test
    void aVenueTheUserMayNotUseIsNeverChosen() {
        UserLimits onlyB = new UserLimits(true, Set.of("b"), Set.of(), new BigDecimal("25000"), new BigDecimal("100000"),
                new BigDecimal("5000"), 20, 1.0);
        RouteDecision d = ROUTER.route(buy("1000"), onlyB, List.of(withFee(candidate("a"), "0"), candidate("b")));
        assertThat(d.venue()).isEqualTo("b");
        assertThat(scoreOf(d, "a").ineligibleReason()).contains("not permitted");
    }

    @Test
    void aBookThinnerThanTwiceTheSizeWithinTheBandIsNeverChosen() {
        Instrument i = Markets.btcUsd("a");
        // $1 500 at the touch < 2 × $1 000
        assertIneligible(withBook(candidate("a"), Markets.book(i, "49990", "50000", "0.03")), "thin book");
        // plenty of size, but 2 % away: outside the 1 % band, so it does not count
        OrderBook far = new OrderBook("a", "BTCUSD", List.of(new PriceLevel(new BigDecimal("49990"), BigDecimal.TEN)),
                List.of(new PriceLevel(new BigDecimal("50000"), new BigDecimal("0.01")),
                        new PriceLevel(new BigDecimal("51000"), BigDecimal.TEN)), Markets.T0);
        assertIneligible(withBook(candidate("a"), far), "thin book");
    }

    @Test
    void exactlyTwiceTheSizeWithinTheBandIsEnough() {
        // 0.02 at 50 000 and 0.02 at 50 500 (exactly 1 % away) = $2 010 ≥ $2 000
        OrderBook edge = new OrderBook("a", "BTCUSD", List.of(new PriceLevel(new BigDecimal("49990"), BigDecimal.TEN)),
                List.of(new PriceLevel(new BigDecimal("50000"), new BigDecimal("0.02")),
                        new PriceLevel(new BigDecimal("50500"), new BigDecimal("0.02"))), Markets.T0);
        VenueScore s = ROUTER.score(buy("1000"), ANY, withBook(candidate("a"), edge));
        assertThat(s.eligible()).isTrue();
        assertThat(s.depthUsd()).isEqualByComparingTo("2010");
    }

    @Test
    void aSellIsMeasuredAgainstTheBids() {
        OrderBook thinBids = new OrderBook("a", "BTCUSD", List.of(new PriceLevel(new BigDecimal("49990"), new BigDecimal("0.01"))),
                List.of(new PriceLevel(new BigDecimal("50000"), BigDecimal.TEN)), Markets.T0);
        VenueScore s = ROUTER.score(signal(Side.SELL, "1000", SignalType.ENTRY), ANY, withBook(candidate("a"), thinBids));
        assertThat(s.eligible()).isFalse();
        assertThat(s.ineligibleReason()).contains("thin book");
        assertThat(ROUTER.score(buy("1000"), ANY, withBook(candidate("a"), thinBids)).eligible()).isTrue();
    }

    @Test
    void aVenueWhereTheSizeIsBelowTheMinimumNotionalIsNeverChosen() {
        Instrument big = Markets.instrument("a", Markets.BTC_USD, "BTCUSD", "0.01", "0.00001", "0.00001", "5000");
        assertIneligible(withInstrument(candidate("a"), big), "minimum notional");
        Instrument bigLot = Markets.instrument("a", Markets.BTC_USD, "BTCUSD", "0.01", "0.1", "0.1", "0");
        assertIneligible(withInstrument(candidate("a"), bigLot), "below the minimum");
    }

    @Test
    void noEligibleVenueIsRejectedWithEveryReason() {
        assertThatThrownBy(() -> ROUTER.route(buy("1000"), ANY,
                List.of(withBreakerOpen(candidate("a")), withInstrument(candidate("b"), null))))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("no_eligible_venue");
                    assertThat(e.getMessage()).contains("a ineligible (circuit breaker open)")
                            .contains("b ineligible (pair not listed)").contains("BTC-USD");
                });
        assertThatThrownBy(() -> ROUTER.route(buy("1000"), ANY, List.of()))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("no_eligible_venue");
                    assertThat(e.getMessage()).contains("no venues configured");
                });
    }

    @Test
    void theReasonNamesTheChosenVenueItsFactorsAndTheOthers() {
        RouteDecision d = ROUTER.route(buy("1000"), ANY,
                List.of(withFee(candidate("a"), "0.002"), candidate("b"), withBreakerOpen(candidate("c"))));
        assertThat(d.venue()).isEqualTo("b");
        assertThat(d.reason()).startsWith("chose b ").contains("fee ").contains("latency ").contains("success ")
                .contains("load ").contains("pair ").contains("as limit").contains("others: a ")
                .contains("c ineligible (circuit breaker open)");
        assertThat(d.scores()).extracting(VenueScore::venue).containsExactly("a", "b", "c");
        assertThat(d.estimatedFeesUsd()).isEqualByComparingTo("1"); // $1 000 × 0.1 %
        assertThat(d.referencePrice()).isEqualByComparingTo("50000");
    }

    // --- method, priority and legs ------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1} -> {2} priority {3}")
    @CsvSource({
        "STOP_LOSS,   SELL, MARKET, 1",
        "EXIT,        SELL, MARKET, 2",
        "ENTRY,       BUY,  LIMIT,  3",
        "PROFIT_TAKE, SELL, LIMIT,  4",
        "STOP_LOSS,   BUY,  MARKET, 1",
        "ENTRY,       SELL, LIMIT,  3",
    })
    void methodAndPriorityFollowTheSignalType(SignalType type, Side side, ExecutionMethod method, int priority) {
        RouteDecision d = ROUTER.route(signal(side, "1000", type), ANY, List.of(candidate("a")));
        assertThat(d.method()).isEqualTo(method);
        assertThat(d.priority()).isEqualTo(priority);
        assertThat(d.legs()).hasSize(1);
        var leg = d.legs().get(0);
        assertThat(leg.delay()).isEqualTo(Duration.ZERO);
        BigDecimal touch = side == Side.BUY ? new BigDecimal("50000") : new BigDecimal("49990");
        assertThat(leg.quantity()).isEqualByComparingTo(new BigDecimal("1000").divide(touch, 5, java.math.RoundingMode.DOWN));
        if (method == ExecutionMethod.MARKET) {
            assertThat(leg.type()).isEqualTo(OrderType.MARKET);
            assertThat(leg.limitPrice()).isNull();
        } else {
            assertThat(leg.type()).isEqualTo(OrderType.LIMIT);
            // touch ± 0.2 % protection, rounded to the tick toward the safe side
            BigDecimal expected = side == Side.BUY ? new BigDecimal("50100.00") : new BigDecimal("49890.02");
            assertThat(leg.limitPrice()).isEqualTo(expected);
        }
    }

    @Test
    void sizeAboveTheTwapThresholdIsSlicedAndTheSlicesSumExactlyToTheQuantity() {
        RouteDecision d = ROUTER.route(buy("20000"), ANY, List.of(candidate("a")));
        assertThat(d.method()).isEqualTo(ExecutionMethod.TWAP);
        assertThat(d.priority()).isEqualTo(3);
        assertThat(d.legs()).hasSize(5);
        BigDecimal total = d.legs().stream().map(PlannedLeg::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(total).isEqualByComparingTo("0.4");
        List<Duration> delays = new ArrayList<>();
        for (PlannedLeg l : d.legs()) {
            assertThat(Decimals.isMultipleOf(l.quantity(), l.instrument().lotSize())).isTrue();
            assertThat(l.type()).isEqualTo(OrderType.LIMIT);
            assertThat(l.limitPrice()).isEqualTo(new BigDecimal("50100.00"));
            delays.add(l.delay());
        }
        assertThat(delays).containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(40));
    }

    @Test
    void sizeExactlyAtTheThresholdIsNotSliced() {
        assertThat(ROUTER.route(buy("10000"), ANY, List.of(candidate("a"))).method()).isEqualTo(ExecutionMethod.LIMIT);
    }

    @Test
    void twapSlicesBelowTheVenueMinimumMergeIntoFewerSlices() {
        // min notional 5 000: five slices of ~$2 400 would be too small, two of ~$6 000 are not.
        Instrument i = Markets.instrument("a", Markets.BTC_USD, "BTCUSD", "0.01", "0.00001", "0.00001", "5000");
        VenueCandidate a = new VenueCandidate("a", i, Markets.book(i, "49990", "50000", "10"), fees("0.001"), false, 0,
                StatsSnapshot.EMPTY, StatsSnapshot.EMPTY);
        RouteDecision d = ROUTER.route(buy("12000"), ANY, List.of(a));
        assertThat(d.method()).isEqualTo(ExecutionMethod.TWAP);
        assertThat(d.legs()).hasSize(2);
        assertThat(d.legs().stream().map(PlannedLeg::quantity).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("0.24");
        for (PlannedLeg l : d.legs()) {
            assertThat(l.quantity().multiply(l.limitPrice())).isGreaterThanOrEqualTo(new BigDecimal("5000"));
        }
    }

    @Test
    void routingIsPureTheSameInputGivesTheSameDecision() {
        List<VenueCandidate> cs = List.of(withFee(candidate("a"), "0.002"), candidate("b"));
        assertThat(ROUTER.route(buy("1000"), ANY, cs)).isEqualTo(ROUTER.route(buy("1000"), ANY, cs));
    }
}
