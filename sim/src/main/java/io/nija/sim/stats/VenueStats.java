package io.nija.sim.stats;

import java.util.Map;

/**
 * What {@code GET /__sim/stats} answers for one venue: request counts since start, the trader orders the engine
 * accepted and the cancels that took effect (both counted by the engine, so replayed journal entries count too).
 */
public record VenueStats(Map<String, Long> requests, long ordersPlaced, long ordersCancelled) {
    public VenueStats {
        requests = Map.copyOf(requests);
    }
}
