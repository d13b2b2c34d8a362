package io.nija.sim.engine;

import io.nija.core.instrument.Instrument;
import java.util.Objects;

/**
 * One instrument a simulated venue lists. {@code quoteAsset} is the asset balances move in (USDT on
 * Binance even though the instrument's canonical pair says USD). {@code liquidity} null means the book starts
 * empty and no house maker quotes it — what tests use to control every resting order.
 */
public record Listing(Instrument instrument, String quoteAsset, LiquidityProfile liquidity) {
    public Listing {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(quoteAsset, "quoteAsset");
    }

    public String baseAsset() {
        return instrument.pair().base();
    }

    public String symbol() {
        return instrument.symbol();
    }
}
