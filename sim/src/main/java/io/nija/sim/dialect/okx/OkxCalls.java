package io.nija.sim.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.Permission;

/**
 * What every OKX call goes through, in OKX's order: a public route's per-IP limit, or a private route's signature
 * ({@link OkxAuth}); then the handler (which charges its own per-user limits, as OKX counts them per instrument);
 * then its answer, or the refusal, in the v5 envelope {@code {code,msg,data:[]}}.
 */
final class OkxCalls {
    interface PublicHandler {
        ArrayNode handle(Context c);
    }

    interface PrivateHandler {
        /**
         * Returns the whole response (envelope included) for the api key that signed the request, or null when the
         * answer was lost on purpose (accept-then-timeout).
         */
        Response handle(String apiKey, Context c);
    }

    /** A response with its HTTP status; the body is the full OKX envelope. */
    record Response(int status, ObjectNode body) {
    }

    private final DialectContext ctx;
    private final ObjectMapper json;

    OkxCalls(DialectContext ctx) {
        this.ctx = ctx;
        this.json = ctx.json();
    }

    DialectContext context() {
        return ctx;
    }

    MatchingEngine engine() {
        return ctx.engine();
    }

    ObjectMapper json() {
        return json;
    }

    boolean answerLost(Context c) {
        return ctx.answerLost(c);
    }

    void publicCall(Context c, WindowLimiter limiter, PublicHandler handler) {
        try {
            OkxLimits.charge(limiter, "ip:" + c.ip(), 1);
            send(c, ok(handler.handle(c)));
        } catch (OkxError e) {
            sendError(c, e);
        } catch (VenueException e) {
            sendError(c, OkxErrors.topLevel(e));
        }
    }

    void privateCall(Context c, PrivateHandler handler) {
        try {
            String apiKey = OkxAuth.verify(c, ctx);
            send(c, handler.handle(apiKey, c));
        } catch (OkxError e) {
            sendError(c, e);
        } catch (VenueException e) {
            sendError(c, OkxErrors.topLevel(e));
        }
    }

    /** A listed instrument, or 50014 (no instId) / 51001. */
    Instrument instrument(String instId) {
        if (instId == null) {
            throw OkxErrors.empty("instId");
        }
        return ctx.engine().instrument(instId).orElseThrow(OkxErrors::noInstrument);
    }

    /**
     * OKX checks the key's permission at its gateway, before any order is looked at: the whole request fails
     * with 50120 rather than each order's sCode.
     */
    void requireTrade(String apiKey) {
        if (!ctx.engine().accountOptions(apiKey).can(Permission.TRADE)) {
            throw new VenueException(VenueErrorKind.PERMISSION_DENIED,
                    "This API key doesn't have permission to use this function");
        }
    }

    /** A successful answer: {@code {code:"0",msg:"",data}} with HTTP 200. */
    Response ok(ArrayNode data) {
        ObjectNode n = json.createObjectNode();
        n.put("code", "0");
        n.put("msg", "");
        n.set("data", data);
        return new Response(200, n);
    }

    /** A refusal inside a successful HTTP answer (e.g. 51603 on an order query). */
    Response refusal(OkxError e) {
        return new Response(e.status, error(e.code, e.getMessage()));
    }

    /**
     * The envelope of an order operation: code "0" when every element succeeded, "1" when all failed, "2" when a
     * batch partially succeeded; the details are in each element's sCode/sMsg. Always HTTP 200.
     */
    Response orderOperation(ArrayNode data, boolean batch) {
        int failed = 0;
        for (JsonNode d : data) {
            if (!"0".equals(d.path("sCode").asText())) {
                failed++;
            }
        }
        ObjectNode n = json.createObjectNode();
        long micros = ctx.clock().epochMillis() * 1000;
        if (failed == 0) {
            n.put("code", "0");
            n.put("msg", "");
        } else if (failed == data.size()) {
            n.put("code", "1");
            n.put("msg", "All operations failed");
        } else {
            n.put("code", "2");
            n.put("msg", batch ? "Batch operation partially succeeded" : "Operation failed");
        }
        n.set("data", data);
        n.put("inTime", Long.toString(micros));
        n.put("outTime", Long.toString(micros));
        return new Response(200, n);
    }

    private ObjectNode error(String code, String msg) {
        ObjectNode n = json.createObjectNode();
        n.put("code", code);
        n.put("msg", msg);
        n.putArray("data");
        return n;
    }

    private void send(Context c, Response r) {
        if (r == null) {
            return; // accept-then-timeout: the connection was dropped after the engine acted
        }
        c.status(r.status()).contentType("application/json").result(r.body().toString());
    }

    private void sendError(Context c, OkxError e) {
        send(c, refusal(e));
    }
}
