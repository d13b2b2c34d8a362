package io.nija.core.routing;

import static io.nija.core.routing.RouterTest.ANY;
import static io.nija.core.routing.RouterTest.buy;
import static io.nija.core.routing.RouterTest.candidate;
import static io.nija.core.routing.RouterTest.withBook;
import static io.nija.core.routing.RouterTest.withFee;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.TradeSignal;
import io.nija.core.testing.Markets;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The planner gives a venue no more than the user's balance there pays for, and nothing while it has no budget. */
class VenueCapacityRoutingTest {
    /** No TWAP: the orders here are planned whole, so each venue's share is one leg. */
    static final Router PRICE = new Router(RoutingConfig.defaults().withTwap(new BigDecimal("100000000"), 1, Duration.ZERO));
    static final Router SCORE = new Router(RoutingConfig.defaults().withPolicy(RoutingPolicy.SCORE));

    /** A book {@code shift} USD off the standard 49 990 / 50 000, {@code qty} BTC on each of 10 levels a side. */
    static VenueCandidate venue(String name, int shift, String qty) {
        Instrument i = Markets.btcUsd(name);
        return withBook(candidate(name), Markets.book(i, String.valueOf(49990 - shift), String.valueOf(50000 + shift), qty, 10));
    }

    static VenueCandidate funded(VenueCandidate c, String usd) {
        return c.withCapacity(c.budgetWait(), usd == null ? null : new BigDecimal(usd));
    }

    static VenueCandidate waiting(VenueCandidate c, long ms) {
        return c.withCapacity(Duration.ofMillis(ms), c.spendable());
    }

    static Map<String, BigDecimal> legsByVenue(RouteDecision d) {
        Map<String, BigDecimal> out = new HashMap<>();
        d.legs().forEach(l -> out.merge(l.instrument().venue(), l.quantity(), BigDecimal::add));
        return out;
    }

    @Test
    void aVenueWithoutBudgetNowGetsNothingWhileAnotherCanSendAtOnce() {
        VenueCandidate cheap = waiting(venue("a", 0, "10"), 2_500);
        VenueCandidate dearer = venue("b", 5, "10");
        RouteDecision d = PRICE.route(buy("1000"), ANY, List.of(cheap, dearer));
        assertThat(d.venue()).isEqualTo("b");
        assertThat(d.reason()).contains("a ineligible (no request budget now: next call in 2.5 s)");
        // With its budget back it wins again; and when no venue has budget, budget decides nothing.
        assertThat(PRICE.route(buy("1000"), ANY, List.of(venue("a", 0, "10"), dearer)).venue()).isEqualTo("a");
        assertThat(PRICE.route(buy("1000"), ANY, List.of(cheap, waiting(dearer, 100))).venue()).isEqualTo("a");
        assertThat(SCORE.route(buy("1000"), ANY, List.of(withFee(venue("a", 0, "10"), "0.0005").withCapacity(
                Duration.ofSeconds(1), null), venue("b", 0, "10"))).venue()).isEqualTo("b");
    }

    @Test
    void anOrderGoesWholeOnlyWhereTheBalancePaysForIt() {
        // $1 000 at about 50 000 is 0.02 BTC; "a" is cheaper but its $500 pays for half of it.
        VenueCandidate a = funded(venue("a", 0, "10"), "500");
        VenueCandidate b = funded(venue("b", 5, "10"), "5000");
        RouteDecision d = PRICE.route(buy("1000"), ANY, List.of(a, b));
        assertThat(d.venue()).isEqualTo("b");
        assertThat(d.reason()).contains("a alone cannot take it (balance there covers");
        assertThat(SCORE.route(buy("1000"), ANY, List.of(a, b)).venue()).isEqualTo("b");
        // An unknown balance (not read) leaves it to the venue, as before.
        assertThat(PRICE.route(buy("1000"), ANY, List.of(funded(a, null), b)).venue()).isEqualTo("a");
    }

    @Test
    void whenNoSingleBalanceCoversTheOrderItIsSplitWithinTheBalancesOrRefused() {
        VenueCandidate a = funded(venue("a", 0, "10"), "600");
        VenueCandidate b = funded(venue("b", 5, "10"), "600");
        RouteDecision d = PRICE.route(buy("1000"), ANY, List.of(a, b));
        assertThat(d.legs()).extracting(l -> l.instrument().venue()).containsOnly("a", "b").contains("a", "b");
        assertThat(d.reason()).contains("no single venue's balance covers the order");
        VenueCandidate poorA = funded(venue("a", 0, "10"), "300");
        VenueCandidate poorB = funded(venue("b", 5, "10"), "300");
        assertThatThrownBy(() -> PRICE.route(buy("1000"), ANY, List.of(poorA, poorB)))
                .isInstanceOf(SignalRejectedException.class).hasMessageContaining("balance there covers");
    }

    /**
     * Seeded cases: six venues with random books, fees and balances (some unknown, some empty); a large order. Every
     * leg stays within its venue's balance, a venue with no balance or no budget gets nothing, and the legs never add
     * up to more than the order.
     */
    @Test
    void seededSplitsStayWithinEachVenuesBalanceAndBudget() {
        int splits = 0;
        for (long seed = 1; seed <= 300; seed++) {
            Random r = new Random(seed);
            List<VenueCandidate> venues = new ArrayList<>();
            for (int v = 0; v < 6; v++) {
                VenueCandidate c = withFee(venue("v" + v, r.nextInt(40), String.valueOf(1 + r.nextInt(8))),
                        "0.00" + (1 + r.nextInt(5)));
                int kind = r.nextInt(5);
                String usd = kind == 0 ? null : kind == 1 ? "0" : String.valueOf(20_000 + r.nextInt(400_000));
                c = funded(c, usd);
                if (r.nextInt(6) == 0) {
                    c = waiting(c, 1 + r.nextInt(5_000));
                }
                venues.add(c);
            }
            TradeSignal order = buy(String.valueOf(50_000 + r.nextInt(450_000)));
            RouteDecision d;
            try {
                d = PRICE.route(order, ANY, venues);
            } catch (SignalRejectedException e) {
                continue; // the balances could not pay for it: refused, nothing sent
            }
            boolean someSendNow = venues.stream().anyMatch(c -> c.budgetWait().isZero());
            Map<String, BigDecimal> legs = legsByVenue(d);
            splits += legs.size() > 1 ? 1 : 0;
            BigDecimal total = BigDecimal.ZERO;
            for (VenueCandidate c : venues) {
                BigDecimal q = legs.getOrDefault(c.venue(), BigDecimal.ZERO);
                total = total.add(q);
                if (c.spendable() != null) {
                    // what its legs can cost at their limits, the furthest they reach there, fee included
                    BigDecimal worst = BigDecimal.ZERO;
                    for (PlannedLeg l : d.legs()) {
                        if (l.instrument().venue().equals(c.venue())) {
                            worst = worst.add(l.quantity().multiply(l.limitPrice()).multiply(BigDecimal.ONE.add(c.fees().taker())));
                        }
                    }
                    assertThat(worst).as("seed %d venue %s", seed, c.venue()).isLessThanOrEqualTo(c.spendable());
                }
                if (c.spendable() != null && c.spendable().signum() == 0) {
                    assertThat(q).as("seed %d: %s has no balance", seed, c.venue()).isZero();
                }
                if (someSendNow && !c.budgetWait().isZero()) {
                    assertThat(q).as("seed %d: %s has no budget now", seed, c.venue()).isZero();
                }
            }
            assertThat(total.multiply(new BigDecimal("49990"))).as("seed %d", seed)
                    .isLessThanOrEqualTo(order.sizeUsd().multiply(new BigDecimal("1.0000001")));
        }
        assertThat(splits).as("the seeds exercise splits").isGreaterThan(50);
    }
}
