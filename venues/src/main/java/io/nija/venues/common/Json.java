package io.nija.venues.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.math.BigDecimal;

/**
 * JSON reading and writing for every adapter. Numbers are read as BigDecimal (never double) and every exchange
 * sends most of its numbers as strings anyway, so {@link #decimal} accepts both.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private Json() {
    }

    /** Parses a response body; a body that is not JSON is the venue misbehaving, so it maps to UNKNOWN. */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new VenueException(VenueErrorKind.UNKNOWN, "response is not JSON: " + abbreviate(body), null, e);
        }
    }

    /** Parses without throwing: an error page in HTML gives a missing node. */
    public static JsonNode parseLenient(String body) {
        try {
            return body == null || body.isBlank() ? MissingNode.getInstance() : MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    /** The decimal in {@code node.field}, or null when absent, null or empty. */
    public static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        String text = v.asText().trim();
        return text.isEmpty() ? null : new BigDecimal(text);
    }

    public static BigDecimal decimalOrZero(JsonNode node, String field) {
        BigDecimal d = decimal(node, field);
        return d == null ? BigDecimal.ZERO : d;
    }

    /** The decimal at one position of an array such as {@code ["65000.1","0.25"]}. */
    public static BigDecimal decimal(JsonNode array, int index) {
        JsonNode v = array.path(index);
        return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim());
    }

    /** Text of a field, or null when absent, null or empty. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    public static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
