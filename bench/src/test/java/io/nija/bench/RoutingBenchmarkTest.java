package io.nija.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.routing.RouteDecision;
import io.nija.core.routing.VenueScore;
import org.junit.jupiter.api.Test;

/** The benchmark measures what it says: six eligible venues, or five plus alpaca refused for a thin book. */
class RoutingBenchmarkTest {
    @Test
    void everyCandidateIsEligibleInTheMainCaseAndTheBooksHaveTwentyLevels() {
        RoutingBenchmark b = new RoutingBenchmark();
        b.setUp();
        RouteDecision d = b.routeSixEligible();
        assertThat(d.scores()).hasSize(6).allSatisfy(s -> assertThat(s.eligible()).as(s.describe()).isTrue());
        assertThat(RoutingBenchmark.candidates(false)).allSatisfy(c -> {
            assertThat(c.book().bids()).hasSize(RoutingBenchmark.LEVELS);
            assertThat(c.book().asks()).hasSize(RoutingBenchmark.LEVELS);
            assertThat(c.book().bestBid()).isLessThan(c.book().bestAsk());
        });
        assertThat(d.legs()).hasSize(1);
    }

    @Test
    void theThinBookVariantRefusesAlpacaAndStillRoutes() {
        RoutingBenchmark b = new RoutingBenchmark();
        b.setUp();
        RouteDecision d = b.routeOneThinBook();
        assertThat(d.scores()).hasSize(6);
        VenueScore alpaca = d.scores().stream().filter(s -> s.venue().equals("alpaca")).findFirst().orElseThrow();
        assertThat(alpaca.eligible()).isFalse();
        assertThat(alpaca.ineligibleReason()).startsWith("thin book");
        assertThat(d.scores().stream().filter(VenueScore::eligible)).hasSize(5);
        assertThat(d.venue()).isNotEqualTo("alpaca");
    }
}
