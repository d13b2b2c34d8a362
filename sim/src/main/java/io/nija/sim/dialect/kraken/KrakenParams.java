package io.nija.sim.dialect.kraken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.nija.sim.dialect.kraken.KrakenNames.PairName;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Kraken's request parameters (query, form-encoded or JSON body) into typed values, bad ones refused in its words. */
final class KrakenParams {
    private final ObjectMapper json;
    private final KrakenNames names;

    KrakenParams(ObjectMapper json, KrakenNames names) {
        this.json = json;
        this.names = names;
    }

    /** A public call's parameters: the query, and on POST the body too. */
    Map<String, String> publicParams(Context c) {
        Map<String, String> p = new HashMap<>();
        c.queryParamMap().forEach((k, v) -> p.put(k, v.isEmpty() ? "" : v.get(0)));
        if ("POST".equals(c.method().name()) && c.body() != null && !c.body().isBlank()) {
            p.putAll(body(c));
        }
        return p;
    }

    /** The request's parameters: the form-encoded body (Kraken's normal form) or a JSON object body. */
    Map<String, String> body(Context c) {
        String body = c.body() == null ? "" : c.body();
        Map<String, String> out = new LinkedHashMap<>();
        String type = c.contentType() == null ? "" : c.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json") || body.trim().startsWith("{")) {
            JsonNode node;
            try {
                node = json.readTree(body.isBlank() ? "{}" : body);
            } catch (JsonProcessingException e) {
                throw new KrakenError(KrakenErrors.INVALID_ARGUMENTS);
            }
            node.properties().forEach(e -> {
                JsonNode v = e.getValue();
                if (v.isArray()) {
                    List<String> items = new ArrayList<>();
                    v.forEach(i -> items.add(i.isNumber() ? i.decimalValue().toPlainString() : i.asText()));
                    out.put(e.getKey(), String.join(",", items));
                } else if (!v.isNull() && !v.isObject()) {
                    out.put(e.getKey(), v.isNumber() ? v.decimalValue().toPlainString() : v.asText());
                }
            });
            return out;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new KrakenError(KrakenErrors.INVALID_ARGUMENTS);
            }
        }
        return out;
    }

    /** The one pair a call is about; absent is an invalid argument, unknown an unknown pair. */
    PairName onePair(String pairParam) {
        if (blank(pairParam)) {
            throw KrakenErrors.invalidArgument("pair");
        }
        return names.pair(pairParam).orElseThrow(() -> new KrakenError(KrakenErrors.UNKNOWN_PAIR));
    }

    /** A comma list of pairs, or every pair when the parameter is absent and {@code allWhenBlank}. */
    List<PairName> pairs(String pairParam, boolean allWhenBlank) {
        if (blank(pairParam)) {
            return allWhenBlank ? names.pairs() : List.of();
        }
        List<PairName> out = new ArrayList<>();
        for (String name : pairParam.split(",")) {
            out.add(names.pair(name).orElseThrow(() -> new KrakenError(KrakenErrors.UNKNOWN_PAIR)));
        }
        return out;
    }

    /** A comma list of ids ({@code txid}), required, at most {@code max} of them. */
    static String[] ids(Map<String, String> p, String name, int max) {
        if (blank(p.get(name))) {
            throw KrakenErrors.invalidArgument(name);
        }
        String[] ids = p.get(name).split(",");
        if (ids.length > max) {
            throw KrakenErrors.invalidArgument(name);
        }
        return ids;
    }

    static BigDecimal decimal(Map<String, String> p, String name) {
        String v = p.get(name);
        if (blank(v)) {
            return null;
        }
        String t = v.trim();
        if (!t.matches("[0-9]*\\.?[0-9]+|[0-9]+\\.")) {
            throw KrakenErrors.invalidArgument(name);
        }
        return new BigDecimal(t);
    }

    /** A non-negative integer, {@code dflt} when absent. */
    static int count(Map<String, String> p, String name, int dflt) {
        String v = p.get(name);
        if (blank(v)) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < 0) {
                throw KrakenErrors.invalidArgument(name);
            }
            return i;
        } catch (NumberFormatException e) {
            throw KrakenErrors.invalidArgument(name);
        }
    }

    /** Depth's {@code count}: 1 to 500 levels, 100 when absent. */
    static int depthCount(Map<String, String> p) {
        int count = 100;
        if (!blank(p.get("count"))) {
            try {
                count = Integer.parseInt(p.get("count").trim());
            } catch (NumberFormatException e) {
                throw KrakenErrors.invalidArgument("count");
            }
            if (count < 1 || count > 500) {
                throw KrakenErrors.invalidArgument("count");
            }
        }
        return count;
    }

    static boolean truthy(String v) {
        return v != null && ("true".equalsIgnoreCase(v.trim()) || "1".equals(v.trim()));
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
