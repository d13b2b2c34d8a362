package io.nija.core.routing;

/** Measured execution quality over a moving window; {@code samples == 0} means nothing measured yet. */
public record StatsSnapshot(int samples, double successRate, double averageLatencyMs) {
    public static final StatsSnapshot EMPTY = new StatsSnapshot(0, 0, 0);
}
