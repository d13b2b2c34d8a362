package io.nija.core.routing;

/**
 * Weights of the five scored factors; the design's defaults are 30/20/25/15/10. Scores are unitless
 * preferences (0-100), never money, so they are doubles.
 */
public record RoutingWeights(double fee, double latency, double success, double load, double pairHistory) {
    public RoutingWeights {
        for (double w : new double[] {fee, latency, success, load, pairHistory}) {
            if (w < 0 || Double.isNaN(w) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("routing weights must be finite and non-negative");
            }
        }
        if (fee + latency + success + load + pairHistory <= 0) {
            throw new IllegalArgumentException("at least one routing weight must be positive");
        }
    }

    public static RoutingWeights defaults() {
        return new RoutingWeights(0.30, 0.20, 0.25, 0.15, 0.10);
    }
}
