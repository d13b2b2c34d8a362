package io.nija.sim.swarm;

import java.util.List;

/**
 * Everything one swarm run needs, as data: the seed (for the simulated venues' books and the router's ids), how many
 * users, the virtual step, the router's visibility window, how long the workload lasts and its events in time order.
 * Replaying a scenario gives the same run; the shrinker replays it with fewer events.
 *
 * @param visibilityWindowMs the router's "not found is trusted after" window, the same on every venue; the workload
 *                           draws it above the longest visibility lag it schedules, as a deployment must
 * @param routingPolicy      how the router chooses venues (price, the default, or the design's score)
 */
public record Scenario(long seed, int users, int stepMs, long visibilityWindowMs, long durationMs, List<SwarmEvent> events,
                       io.nija.core.routing.RoutingPolicy routingPolicy) {
    public Scenario(long seed, int users, int stepMs, long visibilityWindowMs, long durationMs, List<SwarmEvent> events) {
        this(seed, users, stepMs, visibilityWindowMs, durationMs, events, io.nija.core.routing.RoutingPolicy.PRICE);
    }

    public Scenario {
        events = List.copyOf(events);
        java.util.Objects.requireNonNull(routingPolicy, "routingPolicy");
        if (users < 1 || stepMs < 1 || durationMs < 0 || visibilityWindowMs < 0) {
            throw new IllegalArgumentException("invalid scenario " + users + " users, step " + stepMs + " ms");
        }
    }

    public Scenario withEvents(List<SwarmEvent> replaced) {
        return new Scenario(seed, users, stepMs, visibilityWindowMs, durationMs, replaced, routingPolicy);
    }

    public Scenario withVisibilityWindowMs(long ms) {
        return new Scenario(seed, users, stepMs, ms, durationMs, events, routingPolicy);
    }

    public Scenario withRoutingPolicy(io.nija.core.routing.RoutingPolicy policy) {
        return new Scenario(seed, users, stepMs, visibilityWindowMs, durationMs, events, policy);
    }
}
