package io.nija.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.SymbolMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Pools of hostile JSON values for {@link BadInputFuzzTest}, written as JSON text so that odd escapes (NUL, lone
 * surrogates) and odd numbers (1e400, huge exponents) reach the server exactly as written. Per field, a
 * "could be valid" test removes candidates that a correct server might accept, so a value drawn for a field is
 * certainly wrong for it.
 */
final class BadInputs {
    /** Strings: injection, traversal, unicode, control characters, formats. JSON string literals. */
    static final List<String> STRINGS = List.of(
            q("' OR '1'='1"), q("'; DROP TABLE orders; --"), q("1; SELECT pg_sleep(10)"), q("\\\" OR \\\"\\\"=\\\""),
            q("admin'--"), q("robert'); DELETE FROM users;--"), q("$1::text"), q("E'\\\\x00'"),
            q("<script>alert(1)</script>"), q("<img src=x onerror=alert(1)>"), q("javascript:alert(1)"), q("{{7*7}}"),
            q("${jndi:ldap://127.0.0.1/a}"), q("#{T(java.lang.Runtime).getRuntime()}"), q("%s%s%s%n"),
            q("../../../../etc/passwd"), q("..\\\\..\\\\windows\\\\win.ini"), q("%2e%2e%2f%2e%2e%2fetc"), q("/dev/zero"),
            q("file:///etc/shadow"), q("\\u0000"), q("a\\u0000b"), q("BTC\\u0000-USD"), q("\\u202eDSU-CTB"), q("\\ufeffBTC-USD"),
            q("\\ud800"), q("\\udfff\\ud800"), q("\\ud83d\\udca5\\ud83d\\ude80"), q("ｂｔｃ－ｕｓｄ"), q("БТЦ-USD"),
            q("\\r\\nSet-Cookie: x=1"), q("\\t"), q(" "), q(""), q("\\u001b[31mred"), q("\\u0007\\u0008"),
            q("null"), q("undefined"), q("NaN"), q("Infinity"), q("-Infinity"), q("true"), q("0x10"), q("1e400"),
            q("-1"), q("0"), q("1,5"), q("١٢٣"), q("A".repeat(300)), q("x".repeat(5000)), q("🚀".repeat(100)));

    /** Numbers: zero, negatives, overflow, underflow, huge scale, huge exponents, huge integers. JSON numbers. */
    static final List<String> NUMBERS = List.of("0", "-0", "-1", "-0.00000001", "0.000000001", "1e400", "-1e400",
            "1e-400", "1E+999999999", "1e-999999999", "123456789012345678901234567890", "100000000.01",
            "9223372036854775808", "-9223372036854775809", "1.000000000000000000000000000001", "0.1e-7", "2147483648",
            "1" + "0".repeat(900), "0." + "0".repeat(900) + "1", "1e1000", "-0.0");

    /** Values of the wrong JSON type for almost any field. */
    static final List<String> SHAPES = List.of("true", "false", "[]", "{}", "[1,2]", "[\"BTC-USD\"]", "{\"a\":1}",
            "[[[[[[]]]]]]", "{\"$gt\":\"\"}", "{\"__proto__\":{\"admin\":true}}");

    /** Text that is not a JSON object body at all. */
    static final List<String> MALFORMED = List.of("", " ", "{", "}", "{\"a\":", "{\"a\":1,}", "{'a':1}", "{a:1}", "[1,2]", "\"text\"",
            "42", "null", "true", "NaN", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "{\"a\":1}}", "{\"a\":1} x",
            "{\"a\":1}{\"b\":2}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"unterminated}", "<xml/>",
            "a=1&b=2", "{\"a\":1 /* c */}", "{\"a\":[1,2}", "\u0000", "{\"a\":\"\u0001\"}", "[".repeat(3000) + "]".repeat(3000),
            "{\"a\":".repeat(1500) + "1" + "}".repeat(1500), "{\"a\":1,\"a\":2}", "\ufeff{}");

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern STRATEGY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private BadInputs() {
    }

    /** A JSON string literal of already-escaped JSON text. */
    static String q(String escaped) {
        return "\"" + escaped + "\"";
    }

    static String pick(SplittableRandom rnd, List<String> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    /** A hostile value of any kind (string, number or shape). */
    static String any(SplittableRandom rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> pick(rnd, STRINGS);
            case 1 -> pick(rnd, NUMBERS);
            default -> pick(rnd, SHAPES);
        };
    }

    /** A hostile value for which {@code couldBeValid} (given the parsed value) is false. */
    static String badFor(SplittableRandom rnd, Predicate<JsonNode> couldBeValid) {
        for (int i = 0; i < 100; i++) {
            String v = any(rnd);
            if (!couldBeValid.test(parse(v))) {
                return v;
            }
        }
        return "{\"certainly\":\"wrong\"}";
    }

    static JsonNode parse(String json) {
        try {
            return HttpClientSupport.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("bad pool entry " + json, e);
        }
    }

    // --- "could be valid" tests: conservative, anything a correct server might accept -------------------------

    static boolean textMatches(JsonNode n, Pattern p) {
        return n.isTextual() && p.matcher(n.textValue().trim()).matches();
    }

    /** An ISO-8601 time with an offset (any: it may be fresh), or absent. */
    static boolean couldBeSignalTime(JsonNode n) {
        if (n == null || n.isNull()) {
            return true;
        }
        if (!n.isTextual()) {
            return false;
        }
        try {
            java.time.OffsetDateTime.parse(n.textValue().trim());
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** A whole number of milliseconds from 0 to one day, as a number or a decimal string, or absent. */
    static boolean couldBeSignalAge(JsonNode n) {
        if (n == null || n.isNull()) {
            return true;
        }
        if (!n.isNumber() && !n.isTextual()) {
            return false;
        }
        try {
            BigDecimal v = new BigDecimal(n.asText().trim());
            return v.signum() >= 0 && v.stripTrailingZeros().scale() <= 0 && v.compareTo(BigDecimal.valueOf(86_400_000L)) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean couldBeSide(JsonNode n) {
        return n.isTextual() && n.textValue().trim().matches("(?i)buy|sell");
    }

    static boolean couldBeSignalType(JsonNode n) {
        return n.isTextual() && n.textValue().trim().matches("(?i)entry|exit|profit_take|stop_loss");
    }

    static boolean couldBeTicker(JsonNode n) {
        if (!n.isTextual()) {
            return false;
        }
        try {
            SymbolMapping.fromTicker(n.textValue());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A decimal the server might take as a positive amount (number or numeric string). */
    static boolean couldBePositiveDecimal(JsonNode n) {
        BigDecimal v = decimal(n);
        return v != null && v.signum() > 0;
    }

    static boolean couldBeSize(JsonNode n) {
        BigDecimal v = decimal(n);
        return v != null && v.signum() > 0 && v.compareTo(new BigDecimal("100000000")) <= 0 && v.stripTrailingZeros().scale() <= 8;
    }

    private static BigDecimal decimal(JsonNode n) {
        try {
            if (n.isNumber()) {
                return n.decimalValue();
            }
            if (n.isTextual()) {
                return new BigDecimal(n.textValue().trim());
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    static boolean couldBeUserId(JsonNode n) {
        return n.isTextual() && USER_ID.matcher(n.textValue()).matches();
    }

    static boolean couldBeStrategy(JsonNode n) {
        return n.isNull() || n.isTextual() && (n.textValue().isBlank() || STRATEGY.matcher(n.textValue().trim()).matches());
    }

    static boolean couldBeIdempotencyKey(JsonNode n) {
        return n.isNull() || n.isTextual() && PRINTABLE.matcher(n.textValue()).matches();
    }

    static boolean couldBeAlertId(JsonNode n) {
        return n.isNull() || n.isIntegralNumber() || n.isTextual() && PRINTABLE.matcher(n.textValue()).matches();
    }

    static boolean couldBeOptionalSignalType(JsonNode n) {
        return n.isNull() || couldBeSignalType(n);
    }

    static boolean couldBeOptionalSize(JsonNode n) {
        return n.isNull() || couldBeSize(n);
    }

    static boolean couldBeOptionalPrice(JsonNode n) {
        return n.isNull() || couldBePositiveDecimal(n);
    }

    static boolean couldBeComment(JsonNode n) {
        return n.isNull() || n.isTextual() && n.textValue().length() <= 1024;
    }

    /** Helper to build JSON object text from raw JSON values, keeping them exactly as written. */
    static final class Obj {
        private final List<String> parts = new ArrayList<>();

        Obj put(String name, String rawJson) {
            if (rawJson != null) {
                parts.add("\"" + name + "\":" + rawJson);
            }
            return this;
        }

        String json() {
            return "{" + String.join(",", parts) + "}";
        }
    }
}
