package io.nija.sim.swarm;

import io.nija.sim.fault.SimFaults;

/** The venue faults a swarm schedule draws; several can be active at one venue at once. */
public enum FaultKind {
    HTTP_5XX, LOST_ANSWERS, RESETS, LATENCY, VISIBILITY_LAG, RATE_LIMIT_STORM, MAINTENANCE,
    /**
     * Binance's HTTP 418 (Bybit's IP ban): every call refused as rate limited for {@code ms}, each refusal saying how
     * long is left. Drawn apart from the others (see {@link Workload}), so adding it did not change older seeds.
     */
    BAN;

    /** The kinds the general fault windows draw from, in their original order (a seed keeps its schedule). */
    static final FaultKind[] WINDOWED = {HTTP_5XX, LOST_ANSWERS, RESETS, LATENCY, VISIBILITY_LAG, RATE_LIMIT_STORM,
        MAINTENANCE};

    /** {@code base} with this fault added as {@code on} describes it, {@code nowMs} into the run. */
    SimFaults apply(SimFaults base, SwarmEvent.FaultOn on, long nowMs) {
        return switch (this) {
            case HTTP_5XX -> base.withHttp5xxRate(on.rate());
            case LOST_ANSWERS -> base.withAcceptThenTimeoutRate(on.rate());
            case RESETS -> base.withResetRate(on.rate());
            case LATENCY -> base.withLatencyMs(on.ms()).withLatencyJitterMs(on.jitterMs());
            case VISIBILITY_LAG -> base.withVisibilityLagMs(on.ms());
            case RATE_LIMIT_STORM -> base.withRateLimitStorm(true);
            case MAINTENANCE -> base.withMaintenance(true);
            // Retry-After is what is left of the ban (at least a second, as venues round it up).
            case BAN -> base.withBan(Math.max(1_000, on.atMs() + on.ms() - nowMs));
        };
    }
}
