package io.nija.core.venue;

import java.time.Duration;

/** A venue call failed; {@link #kind()} says how the router should treat it. */
public class VenueException extends RuntimeException {
    private final VenueErrorKind kind;
    private final Duration retryAfter;

    public VenueException(VenueErrorKind kind, String message) {
        this(kind, message, null, null);
    }

    public VenueException(VenueErrorKind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public VenueErrorKind kind() {
        return kind;
    }

    /** How long the venue asked us to wait (rate limits, bans), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
