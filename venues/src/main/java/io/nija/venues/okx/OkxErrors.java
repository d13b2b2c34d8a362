package io.nija.venues.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.time.Duration;

/**
 * OKX's {@code {"code":"0","msg":"","data":[...]}} envelope: codes are strings, and order operations carry their
 * own {@code sCode}/{@code sMsg} per element, which is the more specific of the two when the top level says "1"
 * (operation failed). Codes from the v5 error table.
 */
public final class OkxErrors {
    private OkxErrors() {
    }

    /** The failing code of a response, or null when it succeeded (top level and every element "0"). */
    static String failingCode(JsonNode body) {
        String top = body.path("code").asText("");
        for (JsonNode d : body.path("data")) {
            String s = d.path("sCode").asText("0");
            if (!s.isEmpty() && !"0".equals(s)) {
                return s;
            }
        }
        return "0".equals(top) ? null : top;
    }

    static String failingMessage(JsonNode body) {
        for (JsonNode d : body.path("data")) {
            String s = d.path("sCode").asText("0");
            if (!s.isEmpty() && !"0".equals(s)) {
                return d.path("sMsg").asText("");
            }
        }
        return body.path("msg").asText("");
    }

    static VenueException map(String code, String msg, boolean mutating) {
        VenueErrorKind kind = kind(code, mutating);
        Duration retry = kind == VenueErrorKind.RATE_LIMITED ? Duration.ofSeconds(2) : null;
        return new VenueException(kind, "okx " + code + " " + msg, retry, null);
    }

    static VenueErrorKind kind(String code, boolean mutating) {
        return switch (code) {
            case "50011", "50061", "50040" -> VenueErrorKind.RATE_LIMITED;
            case "50100", "50101", "50103", "50104", "50105", "50106", "50107", "50110", "50111", "50112", "50113",
                 "50114", "50121" -> VenueErrorKind.AUTH_FAILED;
            // "This API key doesn't have permission to use this function": read-only key placing, or the like.
            case "50120" -> VenueErrorKind.PERMISSION_DENIED;
            // Our clock is off; nothing was done.
            case "50102" -> VenueErrorKind.VENUE_UNAVAILABLE;
            case "51001" -> VenueErrorKind.INVALID_SYMBOL;
            case "51008", "51131", "51127", "51119" -> VenueErrorKind.INSUFFICIENT_FUNDS;
            case "51020" -> VenueErrorKind.BELOW_MIN_NOTIONAL;
            case "51000", "51121", "51006", "51116", "51137", "51138", "51139", "51201", "51202" ->
                    VenueErrorKind.INVALID_PRICE_OR_QTY;
            case "51016" -> VenueErrorKind.DUPLICATE_ORDER;
            // Order does not exist; and for a cancel, "already filled, canceled or does not exist".
            case "51603", "51400", "51401", "51402", "51410" -> VenueErrorKind.ORDER_NOT_FOUND;
            case "50001", "50013", "51174" -> VenueErrorKind.VENUE_UNAVAILABLE;
            // 50004: "API endpoint request timeout (does not mean that the request was successful or failed)".
            case "50004", "50026" -> mutating ? VenueErrorKind.UNKNOWN : VenueErrorKind.VENUE_UNAVAILABLE;
            default -> VenueErrorKind.UNKNOWN;
        };
    }
}
