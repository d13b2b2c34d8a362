package io.nija.sim.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.time.Clock;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.market.VenueSpec;

/**
 * What one exchange dialect needs to answer requests: the venue's matching engine, its fault injector,
 * the clock (timestamps, receive windows) and its spec. One context per venue listener.
 */
public record DialectContext(VenueSpec spec, MatchingEngine engine, FaultInjector faults, Clock clock, ObjectMapper json) {
    public String venue() {
        return spec.name();
    }
}
