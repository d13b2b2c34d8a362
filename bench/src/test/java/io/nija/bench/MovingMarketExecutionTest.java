package io.nija.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small seeded run of TWAP and limit entries in the moving simulator (the full run is in bench/results/): every
 * order ends, every filled order is measured against its arrival mid and the route's expectation, and the limit
 * entries priced through the market fill. {@code -Dmoving.seeds=N -Dmoving.perKind=M} runs a larger corpus (the results file).
 */
class MovingMarketExecutionTest {
    @Test
    void twapAndLimitEntriesInAMovingMarketEndAndAreMeasuredAgainstArrival() {
        int seeds = Integer.getInteger("moving.seeds", 1);
        int perKind = Integer.getInteger("moving.perKind", 3);
        List<MovingMarketExecution.Result> results = MovingMarketExecution.run(seeds, perKind);
        assertThat(results).hasSize(seeds * perKind * 2);
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isIn("filled", "partial_fill", "cancelled"));
        assertThat(results).filteredOn(r -> r.filledShare() > 0).isNotEmpty().allSatisfy(r -> {
            assertThat(r.vsArrivalBps()).isNotNull();
            assertThat(r.expectedBps()).isNotNull();
            assertThat(r.vsIntervalMidBps()).isNotNull();
            assertThat(r.vsIntervalVwapBps()).as("our own fills are trades of the interval").isNotNull();
            // The venues move together (one common walk, 2 bps of noise each) and the arrival mid is the merged book's
            // mid or, crossed, the venues' median: a fill is within the market's move while the order worked. With
            // the venues walking apart and the crossed merged book's mid, these were -30 to -80 bps.
            assertThat(Math.abs(r.vsArrivalBps())).isLessThan(40);
        });
        assertThat(results).filteredOn(r -> r.kind().equals("twap")).allSatisfy(r ->
                assertThat(r.filledShare()).isGreaterThan(0.5));
        System.out.print(MovingMarketExecution.summary(results));
    }
}
