package io.nija.venues.common;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts for one adapter's HTTP calls. {@code request} bounds every call from send to the last body byte, so no
 * caller thread ever waits on an exchange longer than that.
 */
public record HttpTimeouts(Duration connect, Duration request) {
    public static final HttpTimeouts DEFAULT = new HttpTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(10));

    public HttpTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(request, "request");
        if (connect.isNegative() || connect.isZero() || request.isNegative() || request.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
