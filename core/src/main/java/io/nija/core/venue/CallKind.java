package io.nija.core.venue;

/**
 * The venue calls the executor makes on a user's behalf, as a venue's request budget prices them: each exchange counts
 * these differently (Binance weighs a query at 4 and an all-symbols open-orders read at 80; Kraken charges a cancel by
 * the order's age), so a budget is asked by kind, never by a flat "one request".
 */
public enum CallKind {
    PLACE,
    /** One order by client order id (resolving unknowns, following resting orders, reading back a placed order). */
    QUERY,
    CANCEL,
    /** Every open order of the account. */
    OPEN_ORDERS
}
