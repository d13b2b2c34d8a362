package io.nija.core.order;

/** What is sent to the venue. IOC is a limit order that cancels whatever does not fill at once. */
public enum OrderType {
    MARKET, LIMIT, IOC
}
