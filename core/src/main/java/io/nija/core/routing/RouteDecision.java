package io.nija.core.routing;

import io.nija.core.order.ExecutionMethod;
import java.math.BigDecimal;
import java.util.List;

/**
 * The router's answer: where and how an order is worked, with every venue's score so the choice can be
 * explained afterwards.
 */
public record RouteDecision(String venue, ExecutionMethod method, int priority, List<PlannedLeg> legs,
                            BigDecimal referencePrice, BigDecimal estimatedFeesUsd, double estimatedLatencyMs,
                            List<VenueScore> scores, String reason) {
    public RouteDecision {
        legs = List.copyOf(legs);
        scores = List.copyOf(scores);
    }
}
