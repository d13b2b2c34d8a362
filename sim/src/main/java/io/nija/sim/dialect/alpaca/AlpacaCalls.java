package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.engine.MatchingEngine;

/**
 * What every Alpaca call goes through, in Alpaca's order: the keys ({@link AlpacaAuth}), the limit of its API
 * ({@link AlpacaLimits}, trading or market data) with the rate headers, then the handler; its answer or refusal is
 * written as Alpaca writes it.
 */
final class AlpacaCalls {
    /** What a handler answers: a status and a JSON body, or nothing (204), or null when the answer was lost. */
    record Answer(int status, JsonNode body) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body);
        }
    }

    interface Handler {
        Answer handle(String apiKey, Context c);
    }

    private final DialectContext ctx;
    private final AlpacaLimits limits;

    AlpacaCalls(DialectContext ctx, AlpacaLimits limits) {
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

    /** A trading call that needs keys. */
    void signed(Context c, Handler handler) {
        trading(c, true, handler);
    }

    /**
     * A trading call that also answers without keys (keys that are sent are still checked): the deliberate leniency
     * of {@code GET /v2/assets}, which the router lists without an account.
     */
    void open(Context c, Handler handler) {
        trading(c, false, handler);
    }

    private void trading(Context c, boolean keysRequired, Handler handler) {
        try {
            String apiKey = AlpacaAuth.apiKey(c, keysRequired, ctx.engine());
            AlpacaLimits.admit(limits.trading, apiKey, c);
            Answer a = handler.handle(apiKey, c);
            if (a == null) {
                return; // accept-then-timeout: the connection is gone
            }
            if (a.body() == null) {
                c.status(a.status());
            } else {
                c.status(a.status()).contentType("application/json").result(a.body().toString());
            }
        } catch (AlpacaError e) {
            AlpacaErrors.write(c, e);
        } catch (VenueException e) {
            AlpacaErrors.write(c, AlpacaErrors.of(e));
        }
    }

    /**
     * A market data call: keys optional, its own limit, and a 200 answer whose decimal numbers are written exactly
     * (plain, never through double).
     */
    void marketData(Context c, Handler handler) {
        try {
            String apiKey = AlpacaAuth.apiKey(c, false, ctx.engine());
            AlpacaLimits.admit(limits.data, apiKey, c);
            Answer a = handler.handle(apiKey, c);
            c.status(200).contentType("application/json").result(ctx.json().writer()
                    .with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writeValueAsString(a.body()));
        } catch (AlpacaError e) {
            AlpacaErrors.write(c, e);
        } catch (VenueException e) {
            AlpacaErrors.write(c, AlpacaErrors.of(e));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
