package io.nija.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The targets on a small seeded corpus (the full run is in bench/results/): for orders of $100 000 and more,
 * routing on price with splitting costs at least 30 % less than the design's best-scoring venue on average and is
 * within 1 % of the merged-book bound; at $1 000 it is never worse than the best-scoring venue.
 */
class ExecutionQualityTest {
    static final List<ExecutionQuality.Result> RESULTS = ExecutionQuality.run(7, 20);

    @Test
    void largeOrdersCostAtLeastThirtyPercentLessThanTheBestScoringVenueAndStayWithinOnePercentOfTheBound() {
        List<ExecutionQuality.Result> large = RESULTS.stream().filter(r -> r.sizeUsd() >= 100_000).toList();
        double a = large.stream().mapToDouble(ExecutionQuality.Result::scoreAllInBps).average().orElseThrow();
        double b = large.stream().mapToDouble(ExecutionQuality.Result::priceAllInBps).average().orElseThrow();
        double c = large.stream().mapToDouble(ExecutionQuality.Result::boundAllInBps).average().orElseThrow();
        assertThat(b).as("price vs score").isLessThanOrEqualTo(a * 0.7);
        assertThat(b - c).as("above the bound").isLessThanOrEqualTo(Math.abs(c) * 0.01);
        assertThat(large).allSatisfy(r -> assertThat(r.priceAllInBps()).as("never below the bound")
                .isGreaterThanOrEqualTo(r.boundAllInBps() - 1e-9));
    }

    @Test
    void aSmallOrderIsNeverWorseThanTheBestScoringVenue() {
        assertThat(RESULTS.stream().filter(r -> r.sizeUsd() == 1_000))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.priceAllInBps()).isLessThanOrEqualTo(r.scoreAllInBps() + 1e-9));
    }

    @Test
    void theCorpusSplitsSomeLargeOrders() {
        assertThat(RESULTS.stream().filter(r -> r.sizeUsd() >= 100_000).mapToInt(ExecutionQuality.Result::priceLegs).max()
                .orElseThrow()).isGreaterThan(1);
    }
}
