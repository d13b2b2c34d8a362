package io.nija.venues.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kraken answers HTTP 200 with {@code {"error":["EOrder:Insufficient funds"],"result":{}}}; the newer services use
 * {@code {"errors":[{"errorClass":"API","type":"Invalid nonce",...}]}}. Strings starting with W are warnings and
 * do not fail the call.
 */
public final class KrakenErrors {
    private KrakenErrors() {
    }

    /** The error strings of a response, warnings left out. Empty means success. */
    static List<String> errors(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : body.path("error")) {
            String s = e.asText();
            if (!s.startsWith("W")) {
                out.add(s);
            }
        }
        for (JsonNode e : body.path("errors")) {
            if (!"W".equals(e.path("severity").asText("E"))) {
                out.add("E" + e.path("errorClass").asText("") + ":" + e.path("type").asText(e.path("msg").asText()));
            }
        }
        return out;
    }

    static VenueException map(List<String> errors, boolean mutating, Instant now, KrakenRateLimits limits) {
        String first = errors.get(0);
        String joined = String.join(", ", errors);
        VenueErrorKind kind = kind(first, mutating);
        Duration retry = null;
        if (kind == VenueErrorKind.RATE_LIMITED) {
            retry = retryAfter(first, now, limits);
        }
        return new VenueException(kind, "kraken " + joined, retry, null);
    }

    static VenueErrorKind kind(String error, boolean mutating) {
        String e = error.toLowerCase(Locale.ROOT).replace(" ", "");
        if (e.contains("ratelimitexceeded") || e.startsWith("eservice:throttled")) {
            return VenueErrorKind.RATE_LIMITED;
        }
        if (e.contains("duplicate")) {
            return VenueErrorKind.DUPLICATE_ORDER;
        }
        if (e.startsWith("eorder:insufficientfunds") || e.startsWith("eorder:insufficientmargin")) {
            return VenueErrorKind.INSUFFICIENT_FUNDS;
        }
        if (e.startsWith("equery:unknownassetpair") || e.startsWith("egeneral:unknownassetpair")
                || e.startsWith("equery:unknownasset")) {
            return VenueErrorKind.INVALID_SYMBOL;
        }
        if (e.startsWith("eorder:orderminimumnotmet") || e.startsWith("eorder:costminimumnotmet")) {
            return VenueErrorKind.BELOW_MIN_NOTIONAL;
        }
        if (e.startsWith("eorder:invalidprice") || e.startsWith("eorder:tickSizeCheckFailed".toLowerCase(Locale.ROOT))
                || (e.startsWith("egeneral:invalidarguments") && (e.contains("volume") || e.contains("price")))) {
            return VenueErrorKind.INVALID_PRICE_OR_QTY;
        }
        if (e.startsWith("eorder:unknownorder")) {
            return VenueErrorKind.ORDER_NOT_FOUND;
        }
        // The key is valid but was not granted what this endpoint needs (query, create or cancel orders).
        if (e.startsWith("egeneral:permissiondenied")) {
            return VenueErrorKind.PERMISSION_DENIED;
        }
        if (e.startsWith("eapi:invalidkey") || e.startsWith("eapi:invalidsignature") || e.startsWith("eapi:invalidnonce")
                || e.startsWith("egeneral:temporarylockout")
                || e.startsWith("eapi:featuredisabled")) {
            return VenueErrorKind.AUTH_FAILED;
        }
        if (e.startsWith("eservice:unavailable") || e.startsWith("eservice:busy") || e.startsWith("eservice:market")
                || e.startsWith("eservice:deadlineelapsed")) {
            return VenueErrorKind.VENUE_UNAVAILABLE;
        }
        if (e.startsWith("egeneral:internalerror")) {
            return mutating ? VenueErrorKind.UNKNOWN : VenueErrorKind.VENUE_UNAVAILABLE;
        }
        return VenueErrorKind.UNKNOWN;
    }

    private static Duration retryAfter(String error, Instant now, KrakenRateLimits limits) {
        // "EService: Throttled: 1700000000" names the UNIX time to retry after.
        int colon = error.lastIndexOf(':');
        if (error.replace(" ", "").startsWith("EService:Throttled") && colon > 0) {
            try {
                Instant at = Instant.ofEpochSecond(Long.parseLong(error.substring(colon + 1).trim()));
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (NumberFormatException ignored) {
                return Duration.ofSeconds(5);
            }
        }
        return error.startsWith("EOrder") ? limits.tradingBackOff() : limits.restBackOff();
    }
}
