package io.nija.sim.dialect.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.nija.sim.dialect.support.JsonBody;
import java.math.BigDecimal;

/**
 * Bybit v5 request parameters into typed values: a GET's query parameters, a POST's JSON body, each refused with
 * Bybit's retCode (10001 "params error", 170130 for a bad order field).
 */
final class BybitParams {
    private BybitParams() {
    }

    /** A query parameter, or null when absent or empty. */
    static String param(Context c, String name) {
        String v = c.queryParam(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** category is required; this venue trades spot only, so other categories simply list nothing. */
    static boolean spot(String category) {
        if (category == null) {
            throw BybitErrors.paramsError("category is required");
        }
        return switch (category) {
            case "spot" -> true;
            case "linear", "inverse", "option" -> false;
            default -> throw BybitErrors.illegalCategory();
        };
    }

    /** A POST's category: only spot may change orders here. */
    static void requireSpot(JsonNode body) {
        if (!spot(JsonBody.text(body, "category"))) {
            throw BybitErrors.illegalCategory();
        }
    }

    static int limit(Context c, int dflt, int max) {
        String s = param(c, "limit");
        if (s == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(s);
            if (n < 1 || n > max) {
                throw BybitErrors.paramsError("limit must be between 1 and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw BybitErrors.paramsError("limit");
        }
    }

    /** The page cursor: the index of the first row to list (this simulator's cursors are plain offsets). */
    static int cursor(Context c) {
        String s = param(c, "cursor");
        if (s == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw BybitErrors.paramsError("cursor");
        }
    }

    static JsonNode body(Context c, ObjectMapper json) {
        JsonNode b = JsonBody.parse(json, c.body()).orElseThrow(() -> BybitErrors.paramsError("request body is not JSON"));
        if (!b.isObject()) {
            throw BybitErrors.paramsError("request body must be a JSON object");
        }
        return b;
    }

    /** A decimal body field (a string or a number), null when absent; 170130 when it is not a number. */
    static BigDecimal decimal(JsonNode b, String field) {
        try {
            return JsonBody.decimal(JsonBody.text(b, field));
        } catch (NumberFormatException e) {
            throw BybitErrors.param(field);
        }
    }
}
