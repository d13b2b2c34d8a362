package io.nija.core.engine;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.signal.EntryTerms;
import io.nija.core.signal.EntryTermsParser;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.TradeSignal;
import io.nija.core.venue.Venue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

/**
 * The checks of an entry's limit price and bracket that need the market, made at intake so a mistake is refused in
 * the answer and nothing is stored: a limit price further from every venue's mid than the band (a typo, a price from
 * another pair), and a bracket whose take profit or stop is on the wrong side of where the entry will fill. Without a
 * readable book these checks are skipped: the venue still refuses a price that makes no sense.
 */
final class EntryTermsCheck {
    private EntryTermsCheck() {
    }

    static void check(TradeSignal signal, MarketData marketData, Set<String> venues, BigDecimal band) {
        EntryTerms t = signal.terms();
        if (t.isEmpty()) {
            return;
        }
        BigDecimal nearest = null;
        BigDecimal nearestGap = null;
        for (String venue : venues) {
            Instrument instrument = marketData.instrument(venue, signal.pair());
            OrderBook book = instrument == null ? null : marketData.book(instrument);
            BigDecimal mid = book == null ? null : book.mid();
            if (mid == null || mid.signum() <= 0) {
                continue;
            }
            BigDecimal gap = t.limitPrice() == null ? BigDecimal.ZERO
                    : t.limitPrice().subtract(mid).abs().divide(mid, 12, RoundingMode.HALF_EVEN);
            if (nearestGap == null || gap.compareTo(nearestGap) < 0) {
                nearest = mid;
                nearestGap = gap;
            }
        }
        if (nearest == null) {
            return;
        }
        if (t.limitPrice() != null && nearestGap.compareTo(band) > 0) {
            throw new SignalRejectedException("limit_price_out_of_band", "limit_price " + t.limitPrice().toPlainString()
                    + " is " + nearestGap.movePointRight(2).setScale(2, RoundingMode.HALF_EVEN).toPlainString()
                    + " % from the nearest venue's mid " + nearest.stripTrailingZeros().toPlainString() + ", more than the "
                    + band.movePointRight(2).stripTrailingZeros().toPlainString() + " % allowed");
        }
        if (t.hasBracket()) {
            BigDecimal reference = t.limitPrice() != null ? t.limitPrice() : nearest;
            EntryTermsParser.onTheRightSide(signal.side(), reference, t.takeProfitPrice(), t.stopLossPrice(),
                    t.limitPrice() != null ? "limit_price" : "market's mid");
        }
    }
}
