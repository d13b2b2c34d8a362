package io.nija.sim.engine;

import io.nija.core.signal.Side;
import java.math.BigDecimal;

/** The limit order book of one instrument, with its house market maker when the listing has liquidity. */
final class InstrumentBook {
    final Listing listing;
    final BookSide bids = new BookSide(Side.BUY);
    final BookSide asks = new BookSide(Side.SELL);
    MarketMaker marketMaker;
    BigDecimal lastTradePrice;
    /** Native stop and take-profit orders waiting for their trigger, in arrival order (fired in that order). */
    final java.util.List<EngineOrder> waitingStops = new java.util.ArrayList<>();

    InstrumentBook(Listing listing) {
        this.listing = listing;
    }

    BookSide sideOf(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    /** The side a taker of {@code side} trades against. */
    BookSide oppositeOf(Side side) {
        return side == Side.BUY ? asks : bids;
    }

    /** Whether a new resting order at {@code price} on {@code side} would cross the other side. */
    boolean wouldCross(Side side, BigDecimal price) {
        BigDecimal other = oppositeOf(side).bestPrice();
        if (other == null) {
            return false;
        }
        return side == Side.BUY ? price.compareTo(other) >= 0 : price.compareTo(other) <= 0;
    }
}
