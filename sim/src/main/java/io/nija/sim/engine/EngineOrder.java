package io.nija.sim.engine;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The live, mutable order inside the engine; handed out only as {@link OrderView} snapshots. */
final class EngineOrder {
    final String venueOrderId;
    final String clientOrderId;
    final Account owner;
    final Listing listing;
    final Side side;
    final OrderType type;
    final BigDecimal quantity;
    final BigDecimal quoteQuantity;
    final BigDecimal limitPrice;
    final Instant createdAt;
    /** The account's fee rates when the order arrived: a later fee change must not outgrow what it reserved. */
    final FeeSchedule rates;
    Instant updatedAt;
    OrderState state = OrderState.OPEN;
    BigDecimal filledQty = BigDecimal.ZERO;
    BigDecimal filledQuote = BigDecimal.ZERO;
    BigDecimal fees = BigDecimal.ZERO;
    /** What this resting order still holds locked: quote for a buy, base for a sell. Zero for the house. */
    BigDecimal reserved = BigDecimal.ZERO;
    /** Null for house orders: the market maker keeps no history, so a long load test does not grow memory. */
    final List<AccountFill> fills;
    /** A native stop or take profit's trigger, or null; {@link #waiting} while it has not fired. */
    StopTrigger trigger;
    boolean waiting;

    EngineOrder(String venueOrderId, String clientOrderId, Account owner, Listing listing, Side side, OrderType type,
                BigDecimal quantity, BigDecimal quoteQuantity, BigDecimal limitPrice, Instant createdAt) {
        this.venueOrderId = venueOrderId;
        this.clientOrderId = clientOrderId;
        this.owner = owner;
        this.listing = listing;
        this.side = side;
        this.type = type;
        this.quantity = quantity;
        this.quoteQuantity = quoteQuantity;
        this.limitPrice = limitPrice;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.rates = owner.fees;
        this.fills = owner.house ? null : new ArrayList<>(2);
    }

    Instrument instrument() {
        return listing.instrument();
    }

    /** Base quantity not yet filled; only meaningful for orders sized in base (every resting order is). */
    BigDecimal remaining() {
        return quantity.subtract(filledQty);
    }

    boolean isHouse() {
        return owner.house;
    }

    /** The asset a resting order of this side locks. */
    String reservedAsset() {
        return side == Side.BUY ? listing.quoteAsset() : listing.baseAsset();
    }

    OrderView view() {
        return new OrderView(listing.instrument().venue(), venueOrderId, clientOrderId, owner.apiKey,
                listing.symbol(), side, type, quantity, quoteQuantity, limitPrice, state, filledQty, filledQuote,
                fees, listing.quoteAsset(), createdAt, updatedAt, fills == null ? List.of() : fills, trigger, waiting);
    }
}
