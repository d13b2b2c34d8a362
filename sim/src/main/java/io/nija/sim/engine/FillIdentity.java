package io.nija.sim.engine;

/**
 * Which id identifies a fill as a venue's trade list shows it to an account, so the in-process venue hands out
 * the same fill ids an HTTP adapter would read.
 */
public enum FillIdentity {
    /**
     * The public per-instrument trade id, shared by maker and taker (Binance myTrades {@code id}); two accounts of
     * the venue trading with each other, or one account with itself, see the same id.
     */
    SHARED_TRADE_ID,
    /** A per-account unique fill id (Kraken trade txid, OKX billId, Bybit execId, Coinbase entry_id, Alpaca id). */
    ACCOUNT_FILL_ID
}
