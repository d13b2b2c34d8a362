package io.nija.venues.bybit;

import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.time.Duration;
import java.util.Locale;

/** Bybit v5 {@code retCode}/{@code retMsg} into the core taxonomy, with the codes of the v5 error page. */
public final class BybitErrors {
    private BybitErrors() {
    }

    static VenueException map(int code, String msg, boolean mutating, Duration retryAfter) {
        VenueErrorKind kind = kind(code, msg, mutating);
        return new VenueException(kind, "bybit " + code + " " + msg,
                kind == VenueErrorKind.RATE_LIMITED ? retryAfter : null, null);
    }

    static VenueErrorKind kind(int code, String msg, boolean mutating) {
        String m = msg == null ? "" : msg.toLowerCase(Locale.ROOT);
        return switch (code) {
            case 10006, 10018 -> VenueErrorKind.RATE_LIMITED;
            case 10003, 10004, 10007, 10008, 10009, 10010 -> VenueErrorKind.AUTH_FAILED;
            // "Permission denied, please check your API key permissions.": the key lacks e.g. SpotTrade.
            case 10005 -> VenueErrorKind.PERMISSION_DENIED;
            // Timestamp outside recvWindow: our clock, nothing done.
            case 10002 -> VenueErrorKind.VENUE_UNAVAILABLE;
            case 170131, 110007, 110004, 110012, 110045 -> VenueErrorKind.INSUFFICIENT_FUNDS;
            case 170121, 10029 -> VenueErrorKind.INVALID_SYMBOL;
            case 170136, 170140 -> VenueErrorKind.BELOW_MIN_NOTIONAL;
            case 170134, 170137, 170135, 170132, 170133, 110003, 110017 -> VenueErrorKind.INVALID_PRICE_OR_QTY;
            case 110072, 170141, 10014 -> VenueErrorKind.DUPLICATE_ORDER;
            case 110001, 170213, 110008, 170142 -> VenueErrorKind.ORDER_NOT_FOUND;
            case 10001 -> parameterError(m);
            // 10016: internal server error; 10019: service restarting.
            case 10016, 10019, 429 -> mutating ? VenueErrorKind.UNKNOWN : VenueErrorKind.VENUE_UNAVAILABLE;
            default -> VenueErrorKind.UNKNOWN;
        };
    }

    /** 10001 is the catch-all parameter error; its message says which parameter. */
    private static VenueErrorKind parameterError(String m) {
        if (m.contains("symbol")) {
            return VenueErrorKind.INVALID_SYMBOL;
        }
        if (m.contains("qty") || m.contains("price") || m.contains("quantity")) {
            return VenueErrorKind.INVALID_PRICE_OR_QTY;
        }
        return VenueErrorKind.UNKNOWN;
    }
}
