package io.nija.sim.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.nija.sim.dialect.support.JsonBody;
import java.math.BigDecimal;
import java.util.Set;

/** OKX request parameters (query string or JSON body) into typed values, each bad one refused with OKX's code. */
final class OkxParams {
    static final int PAGE_MAX = 100;

    private OkxParams() {
    }

    /** A query parameter; OKX treats an empty one as absent. */
    static String param(Context c, String name) {
        String v = c.queryParam(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** A page size: 1..100, default (and cap) 100. */
    static int pageLimit(Context c) {
        String s = param(c, "limit");
        if (s == null) {
            return PAGE_MAX;
        }
        try {
            int n = Integer.parseInt(s);
            if (n < 1) {
                throw OkxErrors.param("limit");
            }
            return Math.min(n, PAGE_MAX);
        } catch (NumberFormatException e) {
            throw OkxErrors.param("limit");
        }
    }

    /** An instType OKX knows (this venue answers only SPOT with data), or 50014 when required and absent. */
    static void requireSpot(String instType, boolean required) {
        if (instType == null) {
            if (required) {
                throw OkxErrors.empty("instType");
            }
            return;
        }
        if (!Set.of("SPOT", "MARGIN", "SWAP", "FUTURES", "OPTION").contains(instType)) {
            throw OkxErrors.param("instType");
        }
    }

    /** The request body as a JSON object, or 50002. */
    static JsonNode objectBody(ObjectMapper json, Context c) {
        JsonNode body = JsonBody.parse(json, c.body()).orElseThrow(OkxErrors::jsonFormat);
        if (!body.isObject()) {
            throw OkxErrors.jsonFormat();
        }
        return body;
    }

    /** The request body as a JSON array (a batch), or 50002; the size checks are the caller's. */
    static JsonNode arrayBody(ObjectMapper json, Context c) {
        return JsonBody.parse(json, c.body()).orElseThrow(OkxErrors::jsonFormat);
    }

    /** A body element's instId, or 50014. */
    static String instId(JsonNode o) {
        String instId = JsonBody.text(o, "instId");
        if (instId == null) {
            throw OkxErrors.empty("instId");
        }
        return instId;
    }

    /** A decimal string field of a body element, or 51000 naming it. */
    static BigDecimal decimal(JsonNode o, String field) {
        try {
            return JsonBody.decimal(JsonBody.text(o, field));
        } catch (NumberFormatException e) {
            throw OkxErrors.param(field);
        }
    }
}
