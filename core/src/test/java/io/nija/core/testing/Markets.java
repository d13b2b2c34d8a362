package io.nija.core.testing;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Instruments and books for tests. */
public final class Markets {
    public static final Pair BTC_USD = new Pair("BTC", "USD");
    public static final Pair ETH_USD = new Pair("ETH", "USD");
    public static final Instant T0 = Instant.parse("2025-01-06T12:00:00Z");

    private Markets() {
    }

    /** BTC-USD with tick 0.01, lot 0.00001, min qty 0.00001 and min notional 5. */
    public static Instrument btcUsd(String venue) {
        return instrument(venue, BTC_USD, "BTCUSD", "0.01", "0.00001", "0.00001", "5");
    }

    public static Instrument instrument(String venue, Pair pair, String symbol, String tick, String lot, String minQty,
                                        String minNotional) {
        return new Instrument(venue, pair, symbol, new BigDecimal(tick), new BigDecimal(lot), new BigDecimal(minQty),
                new BigDecimal(minNotional));
    }

    /**
     * A book with {@code levels} levels a side, one tick apart from the touch outward, each holding
     * {@code qtyPerLevel}.
     */
    public static OrderBook book(Instrument i, String bid, String ask, String qtyPerLevel, int levels) {
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        BigDecimal q = new BigDecimal(qtyPerLevel);
        for (int k = 0; k < levels; k++) {
            BigDecimal off = i.tickSize().multiply(BigDecimal.valueOf(k));
            bids.add(new PriceLevel(new BigDecimal(bid).subtract(off), q));
            asks.add(new PriceLevel(new BigDecimal(ask).add(off), q));
        }
        return new OrderBook(i.venue(), i.symbol(), bids, asks, T0);
    }

    /** One level a side. */
    public static OrderBook book(Instrument i, String bid, String ask, String qty) {
        return book(i, bid, ask, qty, 1);
    }
}
