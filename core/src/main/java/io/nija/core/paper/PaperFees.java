package io.nija.core.paper;

import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What a paper account pays on each venue: the venue's published base tier (a paper account has no trading volume and
 * so no tier of its own). Maker first, taker second.
 */
public final class PaperFees {
    private static final Map<String, FeeSchedule> BASE_TIERS = Map.of(
            "binance", fees("0.001", "0.001"),
            "kraken", fees("0.0016", "0.0026"),
            "coinbase", fees("0.004", "0.006"),
            "alpaca", fees("0.0015", "0.0025"),
            "okx", fees("0.0008", "0.001"),
            "bybit", fees("0.001", "0.001"));
    private static final FeeSchedule OTHER = fees("0.001", "0.001");

    private PaperFees() {
    }

    public static FeeSchedule of(String venue) {
        return BASE_TIERS.getOrDefault(venue, OTHER);
    }

    private static FeeSchedule fees(String maker, String taker) {
        return new FeeSchedule(new BigDecimal(maker), new BigDecimal(taker));
    }
}
