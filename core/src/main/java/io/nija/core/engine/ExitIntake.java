package io.nija.core.engine;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.risk.ExposureLedger;
import io.nija.core.signal.TradeSignal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Sizes an exit at intake, so the quantity it will sell can be reserved against the position before the sender is
 * answered. The price is the one the lane would use: the touch on the exit's side at the venue holding the most,
 * else the position's average cost.
 */
final class ExitIntake {
    private ExitIntake() {
    }

    /** The quantity an exit asks for, or null when it closes everything ({@code close_all}) or has no price to size by. */
    static BigDecimal wantedQuantity(TradeSignal signal, ExposureLedger exposure, MarketData marketData) {
        if (signal.closeAll()) {
            return null;
        }
        if (signal.terms().ocoGroup() != null && signal.terms().limitPrice() != null) {
            // A bracket's native stop is sized by the desk in coins, at its own limit price: its exact quantity.
            return signal.sizeUsd().divide(signal.terms().limitPrice(), 18, RoundingMode.DOWN).stripTrailingZeros();
        }
        BigDecimal price = touchAtLargestHolding(signal, exposure, marketData);
        if (price == null) {
            BigDecimal held = exposure.quantity(signal.pair()).abs();
            BigDecimal cost = exposure.heldCostUsd(signal.pair()).abs();
            price = held.signum() == 0 || cost.signum() == 0 ? null : cost.divide(held, 18, RoundingMode.HALF_EVEN);
        }
        return price == null ? null : signal.sizeUsd().divide(price, 18, RoundingMode.DOWN);
    }

    private static BigDecimal touchAtLargestHolding(TradeSignal signal, ExposureLedger exposure, MarketData marketData) {
        String venue = null;
        BigDecimal largest = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> e : exposure.quantityByVenue(signal.pair()).entrySet()) {
            if (e.getValue().abs().compareTo(largest) > 0) {
                largest = e.getValue().abs();
                venue = e.getKey();
            }
        }
        if (venue == null) {
            return null;
        }
        try {
            Instrument instrument = marketData.instrument(venue, signal.pair());
            OrderBook book = instrument == null ? null : marketData.book(instrument);
            BigDecimal touch = book == null ? null : book.touch(signal.side());
            return touch != null && touch.signum() > 0 ? touch : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
