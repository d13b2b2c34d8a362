package io.nija.core.execution;

/** A venue's health as the API and dashboard show it. */
public record ExecutionStatsView(String venue, boolean healthy, String circuitState, int queueDepth,
                                 double successRate, double averageLatencyMs, int samples, long rateHeadroom) {
}
