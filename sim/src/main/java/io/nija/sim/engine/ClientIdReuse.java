package io.nija.sim.engine;

/**
 * When a venue accepts an order whose client order id the account used before. Exchanges differ, and a router
 * that retries with the same id must know which rule it faces.
 */
public enum ClientIdReuse {
    /** Refused (DUPLICATE_ORDER) while the earlier order is open, accepted again once it closed: Binance, OKX, Kraken. */
    WHILE_OPEN,
    /** Refused for as long as the account exists, open or closed: Alpaca, Bybit spot. */
    NEVER,
    /** Not created; the earlier order (open or closed) is answered instead, as if just placed: Coinbase. */
    RETURN_EXISTING
}
