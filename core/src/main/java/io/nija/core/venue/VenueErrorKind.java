package io.nija.core.venue;

import java.util.Locale;

/**
 * The one taxonomy every adapter maps exchange errors into. What the router does depends on the kind:
 * user-side kinds reject the order (and count against that user only), venue-side kinds may fail over, and
 * {@link #UNKNOWN} after a send means the order's fate must be asked, never assumed.
 */
public enum VenueErrorKind {
    INSUFFICIENT_FUNDS(true),
    BELOW_MIN_NOTIONAL(true),
    INVALID_SYMBOL(true),
    INVALID_PRICE_OR_QTY(true),
    AUTH_FAILED(true),
    /** The key is valid but lacks the permission this call needs (read, trade): the user must fix the key. */
    PERMISSION_DENIED(true),
    RATE_LIMITED(false),
    DUPLICATE_ORDER(false),
    ORDER_NOT_FOUND(false),
    VENUE_UNAVAILABLE(false),
    UNKNOWN(false);

    private final boolean userSide;

    VenueErrorKind(boolean userSide) {
        this.userSide = userSide;
    }

    /** True when the cause lies with the user's account or request, not with the venue. */
    public boolean isUserSide() {
        return userSide;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
