package io.nija.sim.dialect.support;

import io.nija.core.instrument.Instrument;
import io.nija.sim.engine.MatchingEngine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

/** What a balance is worth in USD on one simulated venue, for the dialects that report it (OKX, Bybit). */
public final class UsdValue {
    private static final Set<String> USD_LIKE = Set.of("USD", "USDT", "USDC");

    private UsdValue() {
    }

    /** Value at the mid of the asset's book against the venue's quote (stablecoins count 1:1); zero if unknown. */
    public static BigDecimal of(MatchingEngine engine, String asset, BigDecimal amount) {
        if (amount.signum() == 0 || USD_LIKE.contains(asset)) {
            return amount;
        }
        for (Instrument i : engine.instruments()) {
            if (i.pair().base().equals(asset)) {
                BigDecimal mid = engine.book(i.symbol(), 1).mid();
                if (mid == null) {
                    mid = engine.lastTradePrice(i.symbol());
                }
                return mid == null ? BigDecimal.ZERO : amount.multiply(mid).setScale(8, RoundingMode.HALF_EVEN);
            }
        }
        return BigDecimal.ZERO;
    }
}
