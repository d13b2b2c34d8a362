package io.nija.core.venue;

/** The venue's view of an order, mapped from each exchange's own words. */
public enum VenueOrderStatus {
    /** Accepted and resting, nothing filled. */
    OPEN,
    PARTIALLY_FILLED,
    FILLED,
    /** Cancelled (by us, by IOC expiry, or by the venue) possibly after partial fills. */
    CANCELLED,
    REJECTED,
    EXPIRED;

    public boolean isFinal() {
        return this == FILLED || this == CANCELLED || this == REJECTED || this == EXPIRED;
    }
}
