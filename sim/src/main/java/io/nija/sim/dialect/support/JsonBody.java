package io.nija.sim.dialect.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.math.BigDecimal;
import java.util.Optional;

/** Reading request bodies the way the exchanges do: decimals exactly (strings or numbers), never through double. */
public final class JsonBody {
    private JsonBody() {
    }

    /** The parsed body, or empty when it is not JSON. An empty body is an empty object. */
    public static Optional<JsonNode> parse(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            return Optional.of(mapper.createObjectNode());
        }
        ObjectReader reader = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        try {
            return Optional.ofNullable(reader.readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Text of a field, or null when absent, null or empty; numbers and booleans give their text. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.isNumber() ? v.decimalValue().toPlainString() : v.asText();
        return s.isEmpty() ? null : s;
    }

    /** A decimal from a string or a number; null when absent or empty; throws NumberFormatException when malformed. */
    public static BigDecimal decimal(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(Character.isDigit(c) || c == '.' || (i == 0 && (c == '-' || c == '+')))) {
                throw new NumberFormatException("not a plain decimal: " + text);
            }
        }
        return new BigDecimal(t);
    }
}
