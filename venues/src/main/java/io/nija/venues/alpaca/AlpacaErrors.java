package io.nija.venues.alpaca;

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
 * Alpaca answers {@code {"code": 40010001, "message": "..."}} with an HTTP status that carries the meaning: 403 for
 * insufficient buying power or balance (and for an order below the minimum cost), 422 for validation (including a duplicate client_order_id), 404 for an
 * unknown order, 429 for the rate limit, 401 for bad keys.
 */
public final class AlpacaErrors {
    private AlpacaErrors() {
    }

    static VenueException map(HttpReply reply, boolean mutating, Instant now) {
        JsonNode body = Json.parseLenient(reply.body());
        String msg = body.path("message").asText(Json.abbreviate(reply.body()));
        String m = msg.toLowerCase(Locale.ROOT);
        int status = reply.status();
        if (status == 429) {
            Duration retry = HttpFailures.retryAfter(reply, now);
            return HttpFailures.rateLimited("alpaca", msg, retry != null ? retry : Duration.ofSeconds(60));
        }
        if (status >= 500) {
            return HttpFailures.serverError("alpaca", reply, mutating);
        }
        VenueErrorKind kind = switch (status) {
            case 401 -> VenueErrorKind.AUTH_FAILED;
            // 40310000 also carries the order-cost floor ("cost basis must be >= minimal amount of order 10").
            case 403 -> m.contains("minimal amount") || m.contains("cost basis") ? VenueErrorKind.BELOW_MIN_NOTIONAL
                    : m.contains("insufficient") || m.contains("buying power")
                    ? VenueErrorKind.INSUFFICIENT_FUNDS : VenueErrorKind.AUTH_FAILED;
            case 404 -> VenueErrorKind.ORDER_NOT_FOUND;
            case 422, 400 -> validation(m);
            default -> VenueErrorKind.UNKNOWN;
        };
        return new VenueException(kind, "alpaca HTTP " + status + " " + body.path("code").asText("") + " " + msg);
    }

    private static VenueErrorKind validation(String m) {
        if (m.contains("client_order_id must be unique")) {
            return VenueErrorKind.DUPLICATE_ORDER;
        }
        if (m.contains("insufficient")) {
            return VenueErrorKind.INSUFFICIENT_FUNDS;
        }
        if (m.contains("asset") && (m.contains("not found") || m.contains("not tradable") || m.contains("invalid"))
                || m.contains("symbol")) {
            return VenueErrorKind.INVALID_SYMBOL;
        }
        if (m.contains("minimum") || m.contains("minimal") || m.contains("min order") || m.contains("too small") || m.contains("notional")) {
            return VenueErrorKind.BELOW_MIN_NOTIONAL;
        }
        if (m.contains("qty") || m.contains("price") || m.contains("quantity") || m.contains("increment")) {
            return VenueErrorKind.INVALID_PRICE_OR_QTY;
        }
        return VenueErrorKind.UNKNOWN;
    }
}
