package io.nija.venues.common;

/** Who an exchange counts a limit against. */
public enum LimitScope {
    /** Every user of this router shares the allowance, because the exchange counts our IP (Binance weight). */
    IP,
    /** Each API key (or the account/UID behind it) has its own allowance; one user never spends another's. */
    API_KEY
}
