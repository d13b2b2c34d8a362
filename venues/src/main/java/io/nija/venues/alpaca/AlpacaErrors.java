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
 * insufficient buying power or balance (and for an order below the minimum cost) and for what the account may not do
 * (not authorized, trading blocked), 422 for validation (including a duplicate client_order_id), 404 for an
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
            case 403 -> forbidden(m);
            case 404 -> VenueErrorKind.ORDER_NOT_FOUND;
            case 422, 400 -> validation(m);
            default -> VenueErrorKind.UNKNOWN;
        };
        return new VenueException(kind, "alpaca HTTP " + status + " " + body.path("code").asText("") + " " + msg);
    }

    /**
     * 403 carries the money refusals (40310000 for buying power and balance, and the order-cost floor "cost basis must
     * be >= minimal amount of order 10"); every other 403 is the account or key not being allowed to do this ("request
     * is not authorized", trading blocked). Bad keys get 401, so a 403 is never a key Alpaca does not know.
     */
    private static VenueErrorKind forbidden(String m) {
        if (m.contains("minimal amount") || m.contains("cost basis")) {
            return VenueErrorKind.BELOW_MIN_NOTIONAL;
        }
        if (m.contains("insufficient") || m.contains("buying power")) {
            return VenueErrorKind.INSUFFICIENT_FUNDS;
        }
        return VenueErrorKind.PERMISSION_DENIED;
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
