package io.nija.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Strict reading of a JSON request body: wrong types are 400 errors naming the field, never silent
 * coercions. Decimal numbers are read as exact BigDecimals (the mapper is configured for it).
 */
public final class JsonBody {
    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    public static JsonBody parse(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("invalid_json", "request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            // Only the position: the parser's own message quotes the offending text, which may be a secret.
            var at = e.getLocation();
            throw ApiException.badRequest("invalid_json", "request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("invalid_json", "request body must be a JSON object");
        }
        return new JsonBody(node);
    }

    /** The parsed object. */
    JsonNode root() {
        return root;
    }

    /** A nested object field as JSON text (to read it with its own JsonBody). */
    public String rawObject(String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isObject()) {
            throw wrongType(field, "an object");
        }
        return n.toString();
    }

    public boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    /** A string field; null when absent or null. */
    public String string(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw wrongType(field, "a string");
        }
        return n.textValue();
    }

    /** A decimal given as a JSON number or a string holding one; returned as text, exact. */
    public String decimalText(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            BigDecimal v = n.decimalValue();
            // 1e400000000 written out in full would be a 400 MB string: large exponents stay in E notation.
            return Math.abs((long) v.scale()) <= 64 ? v.toPlainString() : v.toString();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        throw wrongType(field, "a number or a decimal string");
    }

    public BigDecimal decimal(String field) {
        String text = decimalText(field);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_field", field + " must be a decimal number");
        }
    }

    public Boolean bool(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.getNodeType() != JsonNodeType.BOOLEAN) {
            throw wrongType(field, "true or false");
        }
        return n.booleanValue();
    }

    public Integer integer(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrongType(field, "an integer");
        }
        return n.intValue();
    }

    /** An array of strings; null when absent. */
    public Set<String> stringSet(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw wrongType(field, "an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw wrongType(field, "an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static ApiException wrongType(String field, String expected) {
        return ApiException.badRequest("invalid_field", field + " must be " + expected);
    }
}
