package io.nija.venues.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.venues.common.HttpFailures;
import io.nija.venues.common.HttpReply;
import io.nija.venues.common.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Coinbase reports failures two ways: HTTP 4xx with {@code {"error","error_details","message"}}, and, for an order
 * refused by business rules, HTTP 200 with {@code success:false} and an {@code error_response} whose reason codes
 * (INSUFFICIENT_FUND, PREVIEW_INVALID_BASE_SIZE_TOO_SMALL, INVALID_PRODUCT_ID, ...) say why.
 */
public final class CoinbaseErrors {
    private CoinbaseErrors() {
    }

    static VenueException http(HttpReply reply, boolean mutating, boolean orderLookup, Instant now) {
        int status = reply.status();
        JsonNode body = Json.parseLenient(reply.body());
        String text = (body.path("error").asText("") + " " + body.path("message").asText("") + " "
                + body.path("error_details").asText("")).trim();
        if (status == 429) {
            Duration retry = HttpFailures.retryAfter(reply, now);
            return HttpFailures.rateLimited("coinbase", text, retry != null ? retry : Duration.ofSeconds(1));
        }
        if (status >= 500) {
            return HttpFailures.serverError("coinbase", reply, mutating);
        }
        VenueErrorKind kind = switch (status) {
            case 401, 403 -> permissionDenied(text) ? VenueErrorKind.PERMISSION_DENIED : VenueErrorKind.AUTH_FAILED;
            case 404 -> orderLookup ? VenueErrorKind.ORDER_NOT_FOUND : reason(text);
            default -> reason(text);
        };
        return new VenueException(kind, "coinbase HTTP " + status + " " + (text.isEmpty() ? Json.abbreviate(reply.body()) : text));
    }

    /** A create-order answer with success=false: nothing was created. */
    static VenueException refused(JsonNode response) {
        JsonNode er = response.path("error_response");
        String text = String.join(" ", er.path("error").asText(""), er.path("preview_failure_reason").asText(""),
                er.path("new_order_failure_reason").asText(""), response.path("failure_reason").asText(""),
                er.path("message").asText("")).trim();
        return new VenueException(reason(text), "coinbase refused the order: " + text);
    }

    static VenueErrorKind reason(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        if (t.contains("INSUFFICIENT_FUND") || t.contains("INSUFFICIENT FUND") || t.contains("INSUFFICIENT BALANCE")) {
            return VenueErrorKind.INSUFFICIENT_FUNDS;
        }
        if (t.contains("TOO_SMALL") || t.contains("BELOW_MIN") || t.contains("MIN_SIZE") || t.contains("TOO SMALL")) {
            return VenueErrorKind.BELOW_MIN_NOTIONAL;
        }
        if (t.contains("PRODUCT_ID") || t.contains("UNKNOWN_PRODUCT") || t.contains("PRODUCT NOT FOUND")) {
            return VenueErrorKind.INVALID_SYMBOL;
        }
        if (t.contains("DUPLICATE")) {
            return VenueErrorKind.DUPLICATE_ORDER;
        }
        if (t.contains("PRECISION") || t.contains("PRICE") || t.contains("SIZE")) {
            return VenueErrorKind.INVALID_PRICE_OR_QTY;
        }
        if (t.contains("DISABLED") || t.contains("CANCEL_ONLY") || t.contains("POST_ONLY_MODE")) {
            return VenueErrorKind.VENUE_UNAVAILABLE;
        }
        if (permissionDenied(text)) {
            return VenueErrorKind.PERMISSION_DENIED;
        }
        if (t.contains("UNAUTHENTICATED") || t.contains("PERMISSION")) {
            return VenueErrorKind.AUTH_FAILED;
        }
        return VenueErrorKind.UNKNOWN;
    }

    /**
     * A key Coinbase knows that lacks the scope a call needs: {@code "error":"PERMISSION_DENIED"} or the message
     * "Missing required scopes" (a view-only key placing an order). A bare 401 "Unauthorized" stays AUTH_FAILED:
     * it is also what a bad or expired JWT gets.
     */
    static boolean permissionDenied(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        return t.contains("PERMISSION_DENIED") || t.contains("MISSING REQUIRED SCOPES");
    }
}
