package io.nija.core.order;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The part of an order sent to one venue. An order has one leg per venue it is split across (and one per
 * TWAP slice). A leg owns its fills; the order's totals are the sums over its legs.
 */
public final class OrderLeg {
    private final String legId;
    private final int legIndex;
    private final Instrument instrument;
    private final OrderType type;
    private final BigDecimal quantity;
    private final BigDecimal limitPrice;
    private final Instant notBefore;
    private int attemptFamily;
    private String clientOrderId;
    private OrderStatus status = OrderStatus.QUEUED;
    private String venueOrderId;
    private String statusReason;
    private String supersededBy;
    private final List<Fill> fills = new ArrayList<>(2);
    private BigDecimal filledQty = BigDecimal.ZERO;
    private BigDecimal filledNotional = BigDecimal.ZERO;
    private BigDecimal fees = BigDecimal.ZERO;

    public OrderLeg(String legId, int legIndex, Instrument instrument, OrderType type, BigDecimal quantity,
                    BigDecimal limitPrice, Instant notBefore, String clientOrderId) {
        this.legId = Objects.requireNonNull(legId);
        this.legIndex = legIndex;
        this.instrument = Objects.requireNonNull(instrument);
        this.type = Objects.requireNonNull(type);
        if (quantity == null || quantity.signum() <= 0) {
            throw new IllegalArgumentException("leg quantity must be positive");
        }
        if (type != OrderType.MARKET && (limitPrice == null || limitPrice.signum() <= 0)) {
            throw new IllegalArgumentException("a " + type + " leg needs a positive limit price");
        }
        this.quantity = quantity;
        this.limitPrice = limitPrice;
        this.notBefore = notBefore;
        this.clientOrderId = Objects.requireNonNull(clientOrderId);
    }

    /** Moves the leg along the state machine; throws {@link IllegalTransitionException} on an illegal edge. */
    public void moveTo(OrderStatus target, String reason) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransitionException("leg " + legId, status, target);
        }
        status = target;
        if (reason != null) {
            statusReason = reason;
        }
    }

    /**
     * Adds a fill unless one with the same venue fill id is already there. Returns whether it was new.
     * A fill that would exceed the leg's quantity is refused: the venue can never fill more than ordered.
     */
    public boolean applyFill(Fill fill) {
        for (Fill f : fills) {
            if (f.fillId().equals(fill.fillId())) {
                return false;
            }
        }
        BigDecimal after = filledQty.add(fill.quantity());
        if (after.compareTo(quantity) > 0) {
            throw new IllegalStateException("fill " + fill.fillId() + " would fill " + Decimals.plain(after)
                    + " of leg " + legId + " which is for " + Decimals.plain(quantity));
        }
        fills.add(fill);
        filledQty = after;
        filledNotional = filledNotional.add(fill.notional());
        fees = fees.add(feeInQuote(fill));
        return true;
    }

    private BigDecimal feeInQuote(Fill fill) {
        return feeInQuote(fill, instrument);
    }

    /**
     * Fees are summed in the quote asset by the one fee rule ({@link io.nija.core.position.FeeCharge}): a fee charged
     * in the base asset is valued at the fill price; a fee in a third asset (BNB) has no price here and is not added
     * (its fill keeps the amount and the asset).
     */
    public static BigDecimal feeInQuote(Fill fill, Instrument instrument) {
        return io.nija.core.position.FeeCharge.of(fill, instrument, (asset, quote) -> null).quoteValue();
    }

    /**
     * Ends a leg that never filled because its venue could not take it, naming the leg on another venue that
     * replaces it. A superseded leg no longer counts towards the order's status.
     */
    public void supersede(String replacementLegId, String reason) {
        if (filledQty.signum() != 0) {
            throw new IllegalStateException("leg " + legId + " has fills and cannot be replaced");
        }
        moveTo(OrderStatus.CANCELLED, reason);
        this.supersededBy = replacementLegId;
    }

    /** The leg that replaced this one after a failover, or null. */
    public String supersededBy() {
        return supersededBy;
    }

    /** Restores the failover link read from the store. */
    public void restoreSupersededBy(String replacementLegId) {
        this.supersededBy = replacementLegId;
    }

    public boolean isFullyFilled() {
        return filledQty.compareTo(quantity) == 0;
    }

    public BigDecimal remainingQty() {
        return quantity.subtract(filledQty);
    }

    public BigDecimal averagePrice() {
        return filledQty.signum() == 0 ? null : Decimals.divide(filledNotional, filledQty);
    }

    /** A new attempt family gives the leg a new client order id; used only after the venue confirmed it has none. */
    public void startAttemptFamily(int family, String newClientOrderId) {
        this.attemptFamily = family;
        this.clientOrderId = newClientOrderId;
    }

    public String legId() { return legId; }
    public int legIndex() { return legIndex; }
    public Instrument instrument() { return instrument; }
    public String venue() { return instrument.venue(); }
    public OrderType type() { return type; }
    public BigDecimal quantity() { return quantity; }
    public BigDecimal limitPrice() { return limitPrice; }
    public Instant notBefore() { return notBefore; }
    public int attemptFamily() { return attemptFamily; }
    public String clientOrderId() { return clientOrderId; }
    public OrderStatus status() { return status; }
    public String venueOrderId() { return venueOrderId; }
    public void venueOrderId(String id) { this.venueOrderId = id; }
    public String statusReason() { return statusReason; }
    public List<Fill> fills() { return Collections.unmodifiableList(fills); }
    public BigDecimal filledQty() { return filledQty; }
    public BigDecimal filledNotional() { return filledNotional; }
    public BigDecimal fees() { return fees; }

    /** Rebuilds a leg from the store: status and venue id as saved, fills re-applied. */
    public static OrderLeg restore(String legId, int legIndex, Instrument instrument, OrderType type, BigDecimal quantity,
                                   BigDecimal limitPrice, Instant notBefore, String clientOrderId, int attemptFamily,
                                   OrderStatus status, String venueOrderId, String statusReason, List<Fill> fills) {
        OrderLeg leg = new OrderLeg(legId, legIndex, instrument, type, quantity, limitPrice, notBefore, clientOrderId);
        leg.attemptFamily = attemptFamily;
        fills.forEach(leg::applyFill);
        leg.status = status;
        leg.venueOrderId = venueOrderId;
        leg.statusReason = statusReason;
        return leg;
    }
}
