package io.nija.sim.dialect.coinbase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.engine.MatchingEngine;
import java.time.Duration;

/**
 * What every Coinbase call goes through, in Coinbase's order: a public route counts against the per-IP limit; a
 * private one is first authenticated ({@link CoinbaseAuth}, a bare 401 otherwise), then counted against its key's
 * limit with the {@code x-ratelimit-*} headers on every answer; then the handler, whose refusals are written in
 * Coinbase's error body. The limits are 30 requests a second per key and 10 a second per IP, in fixed windows.
 */
final class CoinbaseCalls {
    static final int PRIVATE_PER_SECOND = 30;
    static final int PUBLIC_PER_SECOND = 10;

    /** A signed route's work, for the key that signed it. */
    interface Signed {
        void handle(Context c, String apiKey) throws Exception;
    }

    private interface Body {
        void run() throws Exception;
    }

    private final DialectContext dc;
    private final ObjectMapper json;
    private final CoinbaseAuth auth;
    private final WindowLimiter privateLimiter;
    private final WindowLimiter publicLimiter;

    CoinbaseCalls(DialectContext context) {
        this.dc = context;
        this.json = context.json();
        this.auth = new CoinbaseAuth(context.engine(), context.clock(), json);
        this.privateLimiter = new WindowLimiter(PRIVATE_PER_SECOND, Duration.ofSeconds(1), WindowLimiter.Mode.FIXED, context.clock());
        this.publicLimiter = new WindowLimiter(PUBLIC_PER_SECOND, Duration.ofSeconds(1), WindowLimiter.Mode.FIXED, context.clock());
    }

    MatchingEngine engine() {
        return dc.engine();
    }

    DialectContext context() {
        return dc;
    }

    ObjectMapper json() {
        return json;
    }

    boolean answerLost(Context c) {
        return dc.answerLost(c);
    }

    /** A public route: the per-IP limit only. */
    Handler open(Handler h) {
        return c -> {
            WindowLimiter.Decision d = publicLimiter.acquire(c.ip());
            if (!d.allowed()) {
                rateHeaders(c, d);
                CoinbaseErrors.tooManyRequests(c, json);
                return;
            }
            run(c, () -> h.handle(c));
        };
    }

    /** A private route: the JWT, then the key's limit. */
    Handler signed(Signed h) {
        return c -> {
            CoinbaseAuth.Result who = auth.authenticate(c.header("Authorization"), c.method().name(), c.host(), c.path());
            if (!who.ok()) {
                CoinbaseErrors.unauthorized(c);
                return;
            }
            WindowLimiter.Decision d = privateLimiter.acquire(who.apiKey());
            rateHeaders(c, d);
            if (!d.allowed()) {
                CoinbaseErrors.tooManyRequests(c, json);
                return;
            }
            run(c, () -> h.handle(c, who.apiKey()));
        };
    }

    /** A 200 answer. */
    void ok(Context c, ObjectNode body) {
        CoinbaseErrors.write(c, json, 200, body);
    }

    private void run(Context c, Body body) throws Exception {
        try {
            body.run();
        } catch (CoinbaseError e) {
            CoinbaseErrors.write(c, json, e);
        } catch (VenueException e) {
            CoinbaseErrors.write(c, json, e.kind(), e.getMessage());
        }
    }

    private static void rateHeaders(Context c, WindowLimiter.Decision d) {
        c.header("x-ratelimit-limit", String.valueOf(d.limit()));
        c.header("x-ratelimit-remaining", String.valueOf(d.remaining()));
        c.header("x-ratelimit-reset", String.valueOf((d.resetAtMillis() + 999) / 1000));
    }
}
