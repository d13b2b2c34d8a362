package io.nija.sim.dialect.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.dialect.DialectContext;

/**
 * What every Binance call goes through: its request weight charged to the caller's IP, the symbol looked up, and
 * the answer or refusal written with the IP's used weight in X-MBX-USED-WEIGHT-1M (refused calls carry it too).
 */
final class BinanceCalls {
    private final DialectContext ctx;
    private final BinanceLimits limits;

    BinanceCalls(DialectContext ctx, BinanceLimits limits) {
        this.ctx = ctx;
        this.limits = limits;
    }

    MatchingEngine engine() {
        return ctx.engine();
    }

    BinanceLimits limits() {
        return limits;
    }

    long now() {
        return ctx.clock().epochMillis();
    }

    /** True when the fault injector chose to drop this answer after the call took effect (accept-then-timeout). */
    boolean answerLost(Context c) {
        return ctx.answerLost(c);
    }

    /** Adds the route's weight to the caller's IP; throws the 429/418 when the minute's weight is used up. */
    void charge(Context c, int weight) {
        limits.charge(c.ip(), weight, now());
    }

    Instrument instrument(String symbol) {
        return ctx.engine().instrument(symbol).orElseThrow(BinanceErrors::invalidSymbol);
    }

    void ok(Context c, JsonNode body) {
        weightHeader(c);
        c.status(200).contentType("application/json;charset=UTF-8").result(body.toString());
    }

    void write(Context c, BinanceError e) {
        weightHeader(c);
        if (e.retryAfterSeconds >= 0) {
            c.header("Retry-After", Long.toString(e.retryAfterSeconds));
        }
        c.status(e.status).contentType("application/json;charset=UTF-8")
                .result(ctx.json().createObjectNode().put("code", e.code).put("msg", e.getMessage()).toString());
    }

    private void weightHeader(Context c) {
        c.header("X-MBX-USED-WEIGHT-1M", Integer.toString(limits.used(c.ip(), now())));
    }
}
