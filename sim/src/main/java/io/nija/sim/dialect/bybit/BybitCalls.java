package io.nija.sim.dialect.bybit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.dialect.support.WindowLimiter.Decision;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.dialect.DialectContext;

/**
 * What every Bybit call goes through, in Bybit's order: the IP limit (a banned IP gets a bare 403), then for a
 * private route the signature ({@link BybitAuth}) and the route's per-key limit with its X-Bapi-Limit headers, then
 * the handler; its result or refusal is written in the v5 envelope.
 */
final class BybitCalls {
    /** One route's work: the {@code result} object, or null when the answer was lost on purpose (accept-then-timeout). */
    interface Handler {
        ObjectNode handle(String apiKey, Context c);
    }

    private final DialectContext ctx;
    private final BybitLimits limits;

    BybitCalls(DialectContext ctx, BybitLimits limits) {
        this.ctx = ctx;
        this.limits = limits;
    }

    MatchingEngine engine() {
        return ctx.engine();
    }

    DialectContext context() {
        return ctx;
    }

    boolean answerLost(Context c) {
        return ctx.answerLost(c);
    }

    /** A symbol the venue lists, or Bybit's "symbol is required" / 170121 "Invalid symbol.". */
    Instrument instrument(String symbol) {
        if (symbol == null) {
            throw BybitErrors.paramsError("symbol is required");
        }
        return ctx.engine().instrument(symbol).orElseThrow(BybitErrors::invalidSymbol);
    }

    /** A public call: the IP limit only, no signature. */
    void open(Context c, Handler handler) {
        call(c, null, handler);
    }

    /** A private call counted against {@code endpoint}'s per-key limit. */
    void signed(Context c, WindowLimiter endpoint, Handler handler) {
        call(c, endpoint, handler);
    }

    private void call(Context c, WindowLimiter endpoint, Handler handler) {
        long now = ctx.clock().epochMillis();
        if (!limits.admitIp(c.ip(), now)) {
            c.status(403).contentType("text/plain").result("403, access too frequent");
            return;
        }
        try {
            String apiKey = null;
            if (endpoint != null) {
                apiKey = BybitAuth.verify(c, ctx);
                Decision d = endpoint.acquire(apiKey);
                c.header("X-Bapi-Limit-Status", Integer.toString(d.remaining()));
                c.header("X-Bapi-Limit", Integer.toString(d.limit()));
                c.header("X-Bapi-Limit-Reset-Timestamp", Long.toString(d.allowed() ? now : d.resetAtMillis()));
                if (!d.allowed()) {
                    throw BybitErrors.tooManyVisits();
                }
            }
            ObjectNode result = handler.handle(apiKey, c);
            if (result != null) {
                BybitErrors.write(c, 200, 0, "OK", result, ctx.clock().epochMillis());
            }
        } catch (BybitError e) {
            BybitErrors.write(c, e, ctx.clock().epochMillis());
        } catch (VenueException e) {
            BybitErrors.write(c, BybitErrors.of(e.kind()), ctx.clock().epochMillis());
        }
    }
}
