package io.nija.sim.swarm;

import io.nija.sim.fault.SimFaults;

/** The venue faults a swarm schedule draws; several can be active at one venue at once. */
public enum FaultKind {
    HTTP_5XX, LOST_ANSWERS, RESETS, LATENCY, VISIBILITY_LAG, RATE_LIMIT_STORM, MAINTENANCE;

    /** {@code base} with this fault added as {@code on} describes it. */
    SimFaults apply(SimFaults base, SwarmEvent.FaultOn on) {
        return switch (this) {
            case HTTP_5XX -> base.withHttp5xxRate(on.rate());
            case LOST_ANSWERS -> base.withAcceptThenTimeoutRate(on.rate());
            case RESETS -> base.withResetRate(on.rate());
            case LATENCY -> base.withLatencyMs(on.ms()).withLatencyJitterMs(on.jitterMs());
            case VISIBILITY_LAG -> base.withVisibilityLagMs(on.ms());
            case RATE_LIMIT_STORM -> base.withRateLimitStorm(true);
            case MAINTENANCE -> base.withMaintenance(true);
        };
    }
}
