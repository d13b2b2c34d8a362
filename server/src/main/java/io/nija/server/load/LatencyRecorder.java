package io.nija.server.load;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Latencies of one series (say, the quiet phase's signal→fill), kept in an HdrHistogram at microsecond resolution
 * with three significant digits up to an hour, so percentiles come from every sample without keeping them all.
 * Recording is thread-safe (many virtual threads record at once).
 */
public final class LatencyRecorder {
    private static final long HIGHEST_MICROS = 3_600_000_000L;
    private final Histogram histogram = new Histogram(1, HIGHEST_MICROS, 3);

    /** Records one latency; negative ones (clock steps between two stamps) count as zero. */
    public synchronized void record(Duration d) {
        long micros = Math.max(1, Math.min(HIGHEST_MICROS, d.toNanos() / 1000));
        histogram.recordValue(micros);
    }

    public synchronized Summary summary() {
        if (histogram.getTotalCount() == 0) {
            return Summary.EMPTY;
        }
        return new Summary(histogram.getTotalCount(), at(50), at(90), at(99), at(99.9),
                Duration.ofNanos(histogram.getMaxValue() * 1000), Duration.ofNanos((long) (histogram.getMean() * 1000)));
    }

    private Duration at(double percentile) {
        return Duration.ofNanos(histogram.getValueAtPercentile(percentile) * 1000);
    }

    /** Percentiles of a series; null durations when nothing was recorded. */
    public record Summary(long count, Duration p50, Duration p90, Duration p99, Duration p999, Duration max, Duration mean) {
        public static final Summary EMPTY = new Summary(0, null, null, null, null, null, null);
    }
}
