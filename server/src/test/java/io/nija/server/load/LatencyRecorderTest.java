package io.nija.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The HdrHistogram summary: percentiles within its three significant digits, counts, the empty case. */
class LatencyRecorderTest {
    @Test
    void percentilesOfAThousandLatenciesAreWithinTwoThousandthsOfTheExactOnes() {
        LatencyRecorder r = new LatencyRecorder();
        List<Duration> all = new ArrayList<>();
        for (int ms = 1; ms <= 1000; ms++) {
            all.add(Duration.ofMillis(ms));
        }
        Collections.shuffle(all, new Random(3));
        all.forEach(r::record);

        LatencyRecorder.Summary s = r.summary();
        assertThat(s.count()).isEqualTo(1000);
        assertClose(s.p50(), Duration.ofMillis(500));
        assertClose(s.p90(), Duration.ofMillis(900));
        assertClose(s.p99(), Duration.ofMillis(990));
        assertClose(s.p999(), Duration.ofMillis(999));
        assertClose(s.max(), Duration.ofMillis(1000));
        assertClose(s.mean(), Duration.ofNanos(500_500_000L));
    }

    @Test
    void oneSlowOutlierShowsInTheTailNotTheMedian() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < 999; i++) {
            r.record(Duration.ofMillis(2));
        }
        r.record(Duration.ofSeconds(3));
        LatencyRecorder.Summary s = r.summary();
        assertClose(s.p50(), Duration.ofMillis(2));
        assertClose(s.p99(), Duration.ofMillis(2));
        assertClose(s.max(), Duration.ofSeconds(3));
        // Microsecond resolution: a sub-millisecond latency is not rounded away.
        LatencyRecorder fast = new LatencyRecorder();
        fast.record(Duration.ofNanos(350_000));
        assertThat(fast.summary().p50().toNanos()).isBetween(349_000L, 351_000L);
    }

    @Test
    void nothingRecordedIsTheEmptySummaryAndNegativeClockStepsCountAsZero() {
        assertThat(new LatencyRecorder().summary()).isEqualTo(LatencyRecorder.Summary.EMPTY);
        LatencyRecorder r = new LatencyRecorder();
        r.record(Duration.ofMillis(-5));
        assertThat(r.summary().count()).isEqualTo(1);
        assertThat(r.summary().max()).isLessThanOrEqualTo(Duration.ofNanos(1000));
    }

    private static void assertClose(Duration actual, Duration expected) {
        long tolerance = Math.max(1000, expected.toNanos() / 500);
        assertThat(Math.abs(actual.toNanos() - expected.toNanos())).as(actual + " vs " + expected).isLessThanOrEqualTo(tolerance);
    }
}
