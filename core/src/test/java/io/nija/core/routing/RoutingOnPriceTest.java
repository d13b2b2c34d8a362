package io.nija.core.routing;

import static io.nija.core.routing.RouterTest.ANY;
import static io.nija.core.routing.RouterTest.buy;
import static io.nija.core.routing.RouterTest.candidate;
import static io.nija.core.routing.RouterTest.signal;
import static io.nija.core.routing.RouterTest.stats;
import static io.nija.core.routing.RouterTest.withBook;
import static io.nija.core.routing.RouterTest.withFee;
import static io.nija.core.routing.RouterTest.withQueue;
import static io.nija.core.routing.RouterTest.withStats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.testing.Markets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default policy: venues compared on what this order is expected to cost there, all in. */
class RoutingOnPriceTest {
    static Router price() {
        return new Router(RoutingConfig.defaults());
    }

    /** A venue whose whole book sits {@code shift} above (asks) and below (bids) the standard 49 990 / 50 000. */
    static VenueCandidate shifted(String venue, int shift) {
        Instrument i = Markets.btcUsd(venue);
        return withBook(candidate(venue), Markets.book(i, String.valueOf(49990 - shift), String.valueOf(50000 + shift), "10", 5));
    }

    @Test
    void priceIsTheDefaultPolicy() {
        assertThat(RoutingConfig.defaults().policy()).isEqualTo(RoutingPolicy.PRICE);
        assertThat(RoutingPolicy.parse(" Score ")).isEqualTo(RoutingPolicy.SCORE);
        assertThatThrownBy(() -> RoutingPolicy.parse("cheapest")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDearerBookLosesEvenWhenItsScoreIsBetter() {
        // "a" is faster and cheaper in fees, so the weighted score picks it; its asks are 0.2 % higher, which costs more.
        VenueCandidate a = withStats(withFee(shifted("a", 100), "0.0005"), stats(1.0, 10));
        VenueCandidate b = withStats(withFee(shifted("b", 0), "0.001"), stats(1.0, 300));
        assertThat(new Router(RoutingConfig.defaults().withPolicy(RoutingPolicy.SCORE)).route(buy("1000"), ANY, List.of(a, b))
                .venue()).isEqualTo("a");
        RouteDecision d = price().route(buy("1000"), ANY, List.of(a, b));
        assertThat(d.venue()).isEqualTo("b");
        assertThat(d.expectedCostBps()).isNotNull();
        // The reason says the expected price, the fee and why: every venue's all-in cost.
        assertThat(d.reason()).startsWith("chose b ").contains("on all-in price").contains("avg 50000")
                .contains("fee ").contains("expected fee $1.00").contains("others: a ").contains("vs arrival mid");
    }

    @Test
    void aSellGoesToTheHighestBidAfterFees() {
        VenueCandidate a = shifted("a", 50);   // bid 49 940
        VenueCandidate b = withFee(shifted("b", 0), "0.0015"); // bid 49 990 but 0.15 % fee: 49 915 net
        VenueCandidate c = withFee(shifted("c", 20), "0.0005"); // bid 49 970, 0.05 %: 49 945 net
        assertThat(price().route(signal(Side.SELL, "1000", SignalType.ENTRY), ANY, List.of(a, b, c)).venue()).isEqualTo("c");
    }

    @Test
    void aTakerFeeDifferenceDecidesBetweenEqualBooks() {
        assertThat(price().route(buy("1000"), ANY, List.of(withFee(candidate("a"), "0.002"), withFee(candidate("b"), "0.001")))
                .venue()).isEqualTo("b");
    }

    @Test
    void theBookIsWalkedForTheOrdersSize() {
        // "a" is best at the touch but holds only 0.01 BTC there, then 0.3 % higher; "b" holds the size 0.05 % higher.
        Instrument ia = Markets.btcUsd("a");
        OrderBook thinTop = new OrderBook("a", "BTCUSD", List.of(new PriceLevel(new BigDecimal("49990"), BigDecimal.TEN)),
                List.of(new PriceLevel(new BigDecimal("50000"), new BigDecimal("0.01")),
                        new PriceLevel(new BigDecimal("50150"), BigDecimal.TEN)), Markets.T0);
        VenueCandidate a = withBook(candidate("a"), thinTop);
        VenueCandidate b = shifted("b", 25);
        assertThat(price().route(buy("400"), ANY, List.of(a, b)).venue()).as("small: the touch is enough").isEqualTo("a");
        assertThat(price().route(buy("4000"), ANY, List.of(a, b)).venue()).as("larger: walks past it").isEqualTo("b");
        assertThat(ia.venue()).isEqualTo("a");
    }

    @Test
    void failureRateLatencyAndQueueCostWhenTheBooksAreEqual() {
        assertThat(price().route(buy("1000"), ANY, List.of(withStats(candidate("a"), stats(0.8, 50)),
                withStats(candidate("b"), stats(1.0, 50)))).venue()).isEqualTo("b");
        assertThat(price().route(buy("1000"), ANY, List.of(withStats(candidate("a"), stats(1.0, 900)),
                withStats(candidate("b"), stats(1.0, 50)))).venue()).isEqualTo("b");
        assertThat(price().route(buy("1000"), ANY, List.of(withQueue(candidate("a"), 50), candidate("b"))).venue())
                .isEqualTo("b");
    }

    @Test
    void equalCostsGoRoundARotationNotToTheFirstName() {
        RouterTest.assertTiesRotate(price());
    }

    @Test
    void depthIsReadNetOfOurOwnOrdersInFlight() {
        // Both books hold 0.05 BTC a level; "a" is cheaper by 0.02 %, but our orders in flight already take its first
        // three levels, so what is left there is dearer than "b".
        Instrument ia = Markets.btcUsd("a");
        VenueCandidate a = withBook(candidate("a"), new OrderBook("a", "BTCUSD",
                List.of(new PriceLevel(new BigDecimal("49990"), BigDecimal.TEN)),
                List.of(new PriceLevel(new BigDecimal("49990"), new BigDecimal("0.05")),
                        new PriceLevel(new BigDecimal("49995"), new BigDecimal("0.05")),
                        new PriceLevel(new BigDecimal("50000"), new BigDecimal("0.05")),
                        new PriceLevel(new BigDecimal("50090"), BigDecimal.TEN)), Markets.T0));
        VenueCandidate b = shifted("b", 0);
        assertThat(price().route(buy("2000"), ANY, List.of(a, b)).venue()).isEqualTo("a");
        assertThat(price().route(buy("2000"), ANY, List.of(a.withReserved(new BigDecimal("0.15")), b)).venue()).isEqualTo("b");
        // The score policy's liquidity check reads net depth too: nothing left within the band is a thin book.
        VenueCandidate thin = withBook(candidate("a"), Markets.book(ia, "49990", "50000", "0.1"));
        Router score = new Router(RoutingConfig.defaults().withPolicy(RoutingPolicy.SCORE));
        assertThat(score.score(buy("1000"), ANY, thin).eligible()).isTrue();
        assertThat(score.score(buy("1000"), ANY, thin.withReserved(new BigDecimal("0.07"))).ineligibleReason()).contains("thin book");
    }

    @Test
    void whenNoBookCanFillTheOrderNetOfOurOrdersItIsRefused() {
        Instrument i = Markets.btcUsd("a");
        VenueCandidate a = withBook(candidate("a"), Markets.book(i, "49990", "50000", "0.01"));
        assertThatThrownBy(() -> price().route(buy("1000"), ANY, List.of(a)))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("no_eligible_venue");
                    assertThat(e.getMessage()).contains("thin books");
                });
    }

    @Test
    void depthIsSummedOnlyAsFarAsTheOrderNeedsButARefusalNamesTheWholeDepthOfEveryVenue() {
        // Three ask levels of 0.01 at 50 000, 50 000.01, 50 000.02: about $500 each.
        Instrument i = Markets.btcUsd("a");
        List<PriceLevel> asks = Markets.book(i, "49990", "50000", "0.01", 3).asks();
        BigDecimal band = new BigDecimal("50500");
        assertThat(BookWalk.depthUpTo(asks, Side.BUY, band, new BigDecimal("600"))).isEqualByComparingTo("1000.0001");
        assertThat(BookWalk.depthUpTo(asks, Side.BUY, band, new BigDecimal("5000")))
                .isEqualByComparingTo(BookWalk.depthWithin(asks, Side.BUY, band)).isEqualByComparingTo("1500.0003");
        assertThat(BookWalk.depthUpTo(asks, Side.BUY, band, BigDecimal.ZERO)).isEqualByComparingTo("500");
        // Two venues of $500 each cannot take $1 500; the refusal sums both books in full.
        VenueCandidate a = withBook(candidate("a"), Markets.book(i, "49990", "50000", "0.01"));
        VenueCandidate b = withBook(candidate("b"), Markets.book(Markets.btcUsd("b"), "49990", "50000", "0.01"));
        assertThatThrownBy(() -> price().route(buy("1500"), ANY, List.of(a, b)))
                .isInstanceOfSatisfying(SignalRejectedException.class,
                        e -> assertThat(e.getMessage()).contains("thin books: $1000 within 1% over every venue"));
        // Together they can take $900, although neither alone can.
        assertThat(price().route(buy("900"), ANY, List.of(a, b)).legs()).isNotEmpty();
    }

    @Test
    void aSmallOrderGoesWholeToOneVenue() {
        RouteDecision d = price().route(buy("1000"), ANY, List.of(shifted("a", 0), shifted("b", 1), shifted("c", 2)));
        assertThat(d.legs()).hasSize(1);
    }

    @Test
    void aLargeOrderIsSplitWhereOneBookCannotHoldItCheaply() {
        // Three equal books of 0.2 BTC a level, $10 apart; $60 000 is 1.2 BTC: six levels (5 bps) on one venue, two
        // (1 bps) on each of three.
        List<VenueCandidate> cs = new ArrayList<>();
        for (String v : List.of("a", "b", "c")) {
            Instrument i = Markets.instrument(v, Markets.BTC_USD, "BTCUSD", "10", "0.00001", "0.00001", "5");
            cs.add(withBook(RouterTest.withInstrument(candidate(v), i), Markets.book(i, "49990", "50000", "0.2", 20)));
        }
        RouteDecision d = price().route(signal(Side.BUY, "60000", SignalType.STOP_LOSS), ANY, cs);
        assertThat(d.method()).isEqualTo(ExecutionMethod.MARKET);
        assertThat(d.legs()).extracting(l -> l.instrument().venue()).containsOnly("a", "b", "c");
        assertThat(d.legs()).allSatisfy(l -> assertThat(l.type()).isEqualTo(OrderType.MARKET));
        // Each venue's 0.4 BTC share in pieces of at most the paired-leg bound (a quarter of 1.2 BTC).
        assertThat(d.legs()).hasSize(6).allSatisfy(l -> assertThat(l.quantity()).isLessThanOrEqualTo(new BigDecimal("0.3")));
        BigDecimal sum = d.legs().stream().map(PlannedLeg::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo("1.2");
        assertThat(d.reason()).startsWith("split 1.2 BTC as market over ").contains("bps on the best single venue");
        RouteDecision single = price().route(signal(Side.BUY, "60000", SignalType.STOP_LOSS), ANY, cs.subList(0, 1));
        assertThat(d.expectedCostBps()).isLessThan(single.expectedCostBps());
    }

    @Test
    void aLimitEntryIsSplitAtEachVenuesOwnLimitAndATwapSplitsEverySlice() {
        // 0.02 BTC a level, $10 apart, "b" $5 above "a": 0.16 BTC costs 7 bps on "a" alone, about 3.5 over both.
        List<VenueCandidate> cs = new ArrayList<>();
        for (String v : List.of("a", "b")) {
            Instrument i = Markets.instrument(v, Markets.BTC_USD, "BTCUSD", "10", "0.00001", "0.00001", "5");
            cs.add(withBook(RouterTest.withInstrument(candidate(v), i),
                    Markets.book(i, v.equals("a") ? "49990" : "49995", v.equals("a") ? "50000" : "50005", "0.02", 30)));
        }
        RouteDecision limit = price().route(buy("8000"), ANY, cs);
        assertThat(limit.method()).isEqualTo(ExecutionMethod.LIMIT);
        assertThat(limit.legs()).extracting(l -> l.instrument().venue()).containsOnly("a", "b");
        assertThat(limit.legs()).as("each 0.08 share in pieces of a quarter of 0.16").hasSize(4)
                .allSatisfy(l -> assertThat(l.quantity()).isLessThanOrEqualTo(new BigDecimal("0.04")));
        assertThat(limit.legs()).allSatisfy(l -> assertThat(l.limitPrice()).isEqualByComparingTo(
                "50100"));
        assertThat(limit.legs().stream().map(PlannedLeg::quantity).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("0.16");
        RouteDecision twap = new Router(RoutingConfig.defaults().withTwap(new BigDecimal("10000"), 3,
                java.time.Duration.ofSeconds(10))).route(buy("15000"), ANY, cs);
        assertThat(twap.method()).isEqualTo(ExecutionMethod.TWAP);
        assertThat(twap.legs()).extracting(l -> l.instrument().venue()).contains("a", "b");
        assertThat(twap.legs()).extracting(PlannedLeg::delay).contains(java.time.Duration.ofSeconds(20));
        BigDecimal sum = twap.legs().stream().map(PlannedLeg::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isLessThanOrEqualTo(new BigDecimal("0.3")).isGreaterThan(new BigDecimal("0.29998"));
    }

    /**
     * Seeded cases: a venue's share cut into pieces under the paired-leg bound adds up to the share exactly, every
     * piece is on the lot grid and at least the venue's minimum quantity and notional, and no piece but the last is
     * above the bound (the last takes the lots that flooring left, at most one lot per piece) unless a piece of the
     * bound would be below the venue's minimum (then fewer, larger pieces).
     */
    @Test
    void piecesOfAShareAddUpExactlyAreValidOnTheVenueAndStayWithinTheBound() {
        java.util.Random r = new java.util.Random(11);
        int cut = 0;
        for (int k = 0; k < 2000; k++) {
            String lot = List.of("0.00001", "0.0001", "0.001", "0.01").get(r.nextInt(4));
            String minNotional = List.of("1", "5", "10", "100", "2000").get(r.nextInt(5));
            Instrument i = Markets.instrument("v", Markets.BTC_USD, "BTCUSD", "0.01", lot, lot, minNotional);
            BigDecimal price = BigDecimal.valueOf(40_000 + r.nextInt(20_000));
            BigDecimal share = new BigDecimal(lot).multiply(BigDecimal.valueOf(1 + r.nextInt(200_000)));
            BigDecimal pieceMax = share.multiply(BigDecimal.valueOf(1 + r.nextInt(60))).divide(BigDecimal.valueOf(100),
                    12, java.math.RoundingMode.DOWN);
            List<BigDecimal> pieces = PriceRouting.pieces(i, share, pieceMax, price);
            assertThat(pieces.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(share);
            if (pieces.size() == 1) {
                continue;
            }
            cut++;
            for (int p = 0; p < pieces.size(); p++) {
                BigDecimal q = pieces.get(p);
                assertThat(q.remainder(new BigDecimal(lot))).isEqualByComparingTo("0");
                assertThat(q).isGreaterThanOrEqualTo(i.minQty());
                assertThat(q.multiply(price)).isGreaterThanOrEqualTo(i.minNotional());
                BigDecimal allowed = p < pieces.size() - 1 ? pieceMax
                        : pieceMax.add(new BigDecimal(lot).multiply(BigDecimal.valueOf(pieces.size())));
                // The equal pieces of at most the bound, on the lot grid, would be below the venue's minimum.
                int n = share.divide(pieceMax, 0, java.math.RoundingMode.CEILING).intValueExact();
                BigDecimal equal = io.nija.core.instrument.Decimals.floorToStep(
                        share.divide(BigDecimal.valueOf(n), 20, java.math.RoundingMode.DOWN), new BigDecimal(lot));
                boolean minimumForcesLarger = equal.signum() == 0 || equal.multiply(price).compareTo(i.minNotional()) < 0;
                if (!minimumForcesLarger) {
                    assertThat(q).isLessThanOrEqualTo(allowed);
                }
            }
        }
        assertThat(cut).as("cases cut into pieces").isGreaterThan(500);
        assertThat(PriceRouting.pieces(Markets.btcUsd("v"), BigDecimal.ONE, null, BigDecimal.TEN)).containsExactly(BigDecimal.ONE);
    }
}
