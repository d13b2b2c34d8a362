package io.nija.sim.dialect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.nija.core.time.Clock;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.http.Connections;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.market.VenueSpec;

/**
 * What one exchange dialect needs to answer requests: the venue's matching engine, its fault injector,
 * the clock (timestamps, receive windows) and its spec. One context per venue listener.
 *
 * <p>Faults: the server applies latency, maintenance, 5xx, rate-limit storms and connection resets before a
 * request reaches the dialect (see {@link SimHttpServer}). The one fault a dialect acts out itself is
 * accept-then-timeout: after the engine carried out an order-changing request, call {@link #answerLost} and
 * return without writing anything when it says so.
 */
public record DialectContext(VenueSpec spec, MatchingEngine engine, FaultInjector faults, Clock clock, ObjectMapper json) {
    public String venue() {
        return spec.name();
    }

    /**
     * Accept-then-timeout: true when the answer to this (already carried out) request is to be lost. The
     * connection has then been dropped without a response; the caller must return without writing.
     */
    public boolean answerLost(Context ctx) {
        if (faults.loseAnswer()) {
            Connections.drop(ctx);
            return true;
        }
        return false;
    }
}
