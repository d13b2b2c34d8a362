package io.nija.core.routing;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * One venue's evaluation for one signal: either the reason it could not be used, or its factor scores.
 */
public record VenueScore(String venue, String ineligibleReason, double feeScore, double latencyScore,
                         double successScore, double loadScore, double pairScore, double total,
                         BigDecimal feeRate, BigDecimal depthUsd) {
    public static VenueScore ineligible(String venue, String reason) {
        return new VenueScore(venue, reason, 0, 0, 0, 0, 0, 0, null, null);
    }

    public boolean eligible() {
        return ineligibleReason == null;
    }

    public String describe() {
        if (!eligible()) {
            return venue + " ineligible (" + ineligibleReason + ")";
        }
        return String.format(Locale.ROOT, "%s %.1f [fee %.0f, latency %.0f, success %.0f, load %.0f, pair %.0f]",
                venue, total, feeScore, latencyScore, successScore, loadScore, pairScore);
    }
}
