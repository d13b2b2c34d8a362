package io.nija.sim.dialect.kraken;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.venue.VenueException;
import java.util.Map;

/**
 * What every Kraken call goes through, in Kraken's order. Public: parameters, the method, the answer. Private: the
 * method (unknown ones are 404 before anything else), parameters, authentication, the REST counter, the handler.
 * Answers are {@code {"error":[],"result":...}}; refusals {@code {"error":["..."]}}, mostly with HTTP 200.
 */
final class KrakenCalls {
    private final ObjectMapper json;
    private final KrakenParams params;
    private final KrakenAuth auth;
    private final KrakenLimits limits;

    KrakenCalls(ObjectMapper json, KrakenParams params, KrakenAuth auth, KrakenLimits limits) {
        this.json = json;
        this.params = params;
        this.auth = auth;
        this.limits = limits;
    }

    void publicCall(Context c, KrakenRoutes routes) {
        try {
            Map<String, String> p = params.publicParams(c);
            KrakenRoutes.PublicMethod method = routes.publicMethod(c.pathParam("method"))
                    .orElseThrow(() -> new KrakenError(404, KrakenErrors.UNKNOWN_METHOD));
            ok(c, method.answer(p));
        } catch (KrakenError e) {
            fail(c, e);
        } catch (VenueException e) {
            fail(c, new KrakenError(200, KrakenErrors.of(e)));
        }
    }

    void privateCall(Context c, KrakenRoutes routes) {
        try {
            KrakenRoutes.PrivateRoute route = routes.privateMethod(c.pathParam("method"))
                    .orElseThrow(() -> new KrakenError(404, KrakenErrors.UNKNOWN_METHOD));
            Map<String, String> p = params.body(c);
            String apiKey = auth.authenticate(c, p);
            if (route.restCost() > 0 && !limits.chargeRest(apiKey, route.restCost())) {
                throw new KrakenError(KrakenErrors.RATE_LIMIT);
            }
            ObjectNode result = route.method().answer(c, apiKey, p);
            if (result != null) {
                ok(c, result);
            }
        } catch (KrakenError e) {
            fail(c, e);
        } catch (VenueException e) {
            fail(c, new KrakenError(200, KrakenErrors.of(e)));
        }
    }

    void ok(Context c, ObjectNode result) {
        ObjectNode root = json.createObjectNode();
        root.putArray("error");
        root.set("result", result);
        KrakenErrors.writeBody(c, json, 200, root);
    }

    void fail(Context c, KrakenError e) {
        KrakenErrors.write(c, json, e.status(), e.getMessage());
    }
}
