package io.nija.core.routing;

import io.nija.core.order.ExecutionMethod;
import java.math.BigDecimal;
import java.util.List;

/**
 * The router's answer: where and how an order is worked, with every venue's score so the choice can be
 * explained afterwards. {@code venue} is the venue of the largest leg when an order is split;
 * {@code expectedCostBps} is the all-in cost the price policy expects (bps of the arrival mid), null for the score.
 */
public record RouteDecision(String venue, ExecutionMethod method, int priority, List<PlannedLeg> legs,
                            BigDecimal referencePrice, BigDecimal estimatedFeesUsd, double estimatedLatencyMs,
                            List<VenueScore> scores, String reason, BigDecimal expectedCostBps) {
    public RouteDecision {
        legs = List.copyOf(legs);
        scores = List.copyOf(scores);
    }

    /** A decision of the weighted-score policy, which does not price the order. */
    public RouteDecision(String venue, ExecutionMethod method, int priority, List<PlannedLeg> legs,
                         BigDecimal referencePrice, BigDecimal estimatedFeesUsd, double estimatedLatencyMs,
                         List<VenueScore> scores, String reason) {
        this(venue, method, priority, legs, referencePrice, estimatedFeesUsd, estimatedLatencyMs, scores, reason, null);
    }
}
