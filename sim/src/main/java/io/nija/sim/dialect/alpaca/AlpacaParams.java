package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.sim.dialect.support.JsonBody;
import io.nija.sim.engine.MatchingEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Alpaca's request parameters (query and JSON body) into typed values, each bad one refused with 422. */
final class AlpacaParams {
    private AlpacaParams() {
    }

    /** The JSON object a POST carries. */
    static JsonNode body(ObjectMapper json, String body) {
        JsonNode b = JsonBody.parse(json, body).orElseThrow(() -> AlpacaErrors.invalid("request body format is invalid"));
        if (!b.isObject()) {
            throw AlpacaErrors.invalid("request body format is invalid");
        }
        return b;
    }

    /** "BTC/USD", and the older "BTCUSD" form Alpaca still accepts for crypto. */
    static Optional<Instrument> listing(MatchingEngine engine, String symbol) {
        if (symbol == null) {
            return Optional.empty();
        }
        String s = symbol.trim().toUpperCase(java.util.Locale.ROOT);
        Optional<Instrument> direct = engine.instrument(s);
        if (direct.isPresent()) {
            return direct;
        }
        for (Instrument i : engine.instruments()) {
            if (i.symbol().replace("/", "").equals(s)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    static BigDecimal decimal(JsonNode b, String field) {
        try {
            return JsonBody.decimal(JsonBody.text(b, field));
        } catch (NumberFormatException e) {
            throw AlpacaErrors.invalid("invalid " + field);
        }
    }

    static int intParam(Context c, String name, int dflt, int max) {
        String s = c.queryParam(name);
        if (s == null || s.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(s);
            if (n < 1) {
                throw AlpacaErrors.invalid("invalid " + name);
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw AlpacaErrors.invalid("invalid " + name);
        }
    }

    /** An RFC 3339 time, or a date (its start, UTC). */
    static Instant instantParam(Context c, String name) {
        String s = c.queryParam(name);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw AlpacaErrors.invalid("invalid " + name);
            }
        }
    }
}
