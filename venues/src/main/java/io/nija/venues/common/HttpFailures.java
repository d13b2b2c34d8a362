package io.nija.venues.common;

import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** HTTP-level failure rules that hold for every exchange here; each adapter applies them after its own codes. */
public final class HttpFailures {
    private HttpFailures() {
    }

    /**
     * A 5xx or gateway error. On a mutating call the exchange may still have acted (Binance says so outright for
     * 5xx and -1007), so the outcome is UNKNOWN; on a read the venue is just unavailable.
     */
    public static VenueException serverError(String venue, HttpReply reply, boolean mutating) {
        VenueErrorKind kind = mutating ? VenueErrorKind.UNKNOWN : VenueErrorKind.VENUE_UNAVAILABLE;
        return new VenueException(kind, venue + " HTTP " + reply.status() + ": " + Json.abbreviate(reply.body()));
    }

    public static VenueException rateLimited(String venue, String message, Duration retryAfter) {
        return new VenueException(VenueErrorKind.RATE_LIMITED, venue + " rate limit: " + message, retryAfter, null);
    }

    /**
     * Reads a {@code Retry-After} header: seconds, or an HTTP date. Null when absent or unreadable.
     */
    public static Duration retryAfter(HttpReply reply, Instant now) {
        String v = reply.header("Retry-After");
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.trim();
        try {
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
