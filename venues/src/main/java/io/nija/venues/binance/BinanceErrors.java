package io.nija.venues.binance;

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
 * Binance's {@code {"code": -1121, "msg": "Invalid symbol."}} errors, and its HTTP statuses, in the core taxonomy.
 * Codes and messages are those of the spot API's errors.md.
 */
public final class BinanceErrors {
    private BinanceErrors() {
    }

    public static VenueException map(HttpReply reply, boolean mutating, Instant now) {
        int status = reply.status();
        JsonNode body = Json.parseLenient(reply.body());
        int code = body.path("code").asInt(0);
        String msg = body.path("msg").asText("");
        if (status == 429 || status == 418) {
            // 418 is the automatic IP ban that follows repeated 429s; both carry Retry-After in seconds.
            Duration retry = HttpFailures.retryAfter(reply, now);
            return HttpFailures.rateLimited("binance", (status == 418 ? "IP banned: " : "") + describe(code, msg),
                    retry != null ? retry : Duration.ofMinutes(status == 418 ? 2 : 1));
        }
        if (status >= 500) {
            return HttpFailures.serverError("binance", reply, mutating);
        }
        if (status == 403) {
            return new VenueException(VenueErrorKind.VENUE_UNAVAILABLE, "binance WAF refused the request (HTTP 403)");
        }
        if (status == 409) {
            return new VenueException(VenueErrorKind.UNKNOWN, "binance cancelReplace partly succeeded: " + msg);
        }
        return new VenueException(kind(code, msg, mutating), "binance " + describe(code, msg));
    }

    static VenueErrorKind kind(int code, String msg, boolean mutating) {
        String m = msg.toLowerCase(Locale.ROOT);
        return switch (code) {
            case -1003, -1015 -> VenueErrorKind.RATE_LIMITED;
            // -1021: our clock is outside recvWindow; nothing was done, and it is not the user's fault.
            case -1021 -> VenueErrorKind.VENUE_UNAVAILABLE;
            // -2015 "Invalid API-key, IP, or permissions for action." stays AUTH_FAILED although a missing permission
            // is one of its causes: Binance gives the same code and text for an unknown key and a wrong source IP,
            // and telling the user "add a permission" when the key is wrong would mislead. Both are user-side.
            case -1022, -2014, -2015, -1002 -> VenueErrorKind.AUTH_FAILED;
            case -1121 -> VenueErrorKind.INVALID_SYMBOL;
            case -1111, -1112, -1013 -> filterFailure(m);
            case -2013, -2011 -> VenueErrorKind.ORDER_NOT_FOUND;
            case -2010 -> newOrderRejected(m);
            // -1007: "Send status unknown; execution status unknown". -1000/-1001: the server lost its own way.
            case -1007, -1000, -1001, -1006 -> mutating ? VenueErrorKind.UNKNOWN : VenueErrorKind.VENUE_UNAVAILABLE;
            case -1016 -> VenueErrorKind.VENUE_UNAVAILABLE;
            default -> VenueErrorKind.UNKNOWN;
        };
    }

    private static VenueErrorKind filterFailure(String m) {
        if (m.contains("notional")) {
            return VenueErrorKind.BELOW_MIN_NOTIONAL;
        }
        return VenueErrorKind.INVALID_PRICE_OR_QTY;
    }

    private static VenueErrorKind newOrderRejected(String m) {
        if (m.contains("insufficient balance")) {
            return VenueErrorKind.INSUFFICIENT_FUNDS;
        }
        if (m.contains("duplicate order")) {
            return VenueErrorKind.DUPLICATE_ORDER;
        }
        return VenueErrorKind.UNKNOWN;
    }

    private static String describe(int code, String msg) {
        return code == 0 ? msg : code + " " + msg;
    }
}
