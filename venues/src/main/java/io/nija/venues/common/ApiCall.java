package io.nija.venues.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as an adapter builds it: {@code pathAndQuery} is appended to the base URL exactly as given,
 * because that exact text is what several exchanges sign.
 *
 * @param mutating true when the call may change state on the exchange (place, cancel): a lost answer then
 *                 means the outcome is unknown rather than that the venue was unavailable
 */
public record ApiCall(String method, String pathAndQuery, Map<String, String> headers, String body, boolean mutating) {
    public ApiCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        headers = Map.copyOf(headers == null ? Map.of() : headers);
    }

    public static Builder get(String pathAndQuery) {
        return new Builder("GET", pathAndQuery, false);
    }

    public static Builder post(String pathAndQuery, boolean mutating) {
        return new Builder("POST", pathAndQuery, mutating);
    }

    public static Builder delete(String pathAndQuery) {
        return new Builder("DELETE", pathAndQuery, true);
    }

    /** Collects headers in order; keeps the record immutable. */
    public static final class Builder {
        private final String method;
        private final String pathAndQuery;
        private final boolean mutating;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;

        private Builder(String method, String pathAndQuery, boolean mutating) {
            this.method = method;
            this.pathAndQuery = pathAndQuery;
            this.mutating = mutating;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder body(String body, String contentType) {
            this.body = body;
            headers.put("Content-Type", contentType);
            return this;
        }

        public ApiCall build() {
            return new ApiCall(method, pathAndQuery, headers, body, mutating);
        }
    }
}
