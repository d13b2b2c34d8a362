package io.nija.core.order;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the router does about one signal for one user. It may be split into legs on several venues; its
 * quantities, value and fees are always the exact sums of its legs' fills.
 *
 * <p>An order belongs to its user's lane and is only touched from there, so it needs no locks.
 */
public final class Order {
    private final String orderId;
    private final String signalId;
    private final String userId;
    private final Pair pair;
    private final Side side;
    private final SignalType signalType;
    private final BigDecimal requestedUsd;
    private final Instant createdAt;
    private OrderStatus status = OrderStatus.PENDING;
    private Instant updatedAt;
    private ExecutionMethod executionMethod;
    private String routeReason;
    private String rejectCode;
    private String statusReason;
    /** The strategy named by the signal; null for orders stored before it was kept. */
    private String strategy;
    /** The venue-independent mid when the order was routed (see {@link #recordArrivalMid}); null until then. */
    private BigDecimal arrivalMid;
    /**
     * The average price the route expected to pay (walking each leg's book net of our other orders in flight, before
     * fees) when the order was first routed; null for exits and for orders stored before it was kept.
     */
    private BigDecimal expectedPrice;
    /** An exit asked to close the whole position (kept so a restart routes it the same way). */
    private boolean closeAll;
    /**
     * The quantity an exit reserved against the position when it was admitted: what it will sell at most, and what
     * other exits could not claim while it works. Null for entries and for exits stored before it was kept.
     */
    private BigDecimal exitQuantity;
    /** An entry's limit price, time in force and bracket. */
    private io.nija.core.signal.EntryTerms terms = io.nija.core.signal.EntryTerms.NONE;
    private final List<OrderLeg> legs = new ArrayList<>(1);

    public Order(String orderId, String signalId, String userId, Pair pair, Side side, SignalType signalType,
                 BigDecimal requestedUsd, Instant createdAt) {
        this.orderId = Objects.requireNonNull(orderId);
        this.signalId = Objects.requireNonNull(signalId);
        this.userId = Objects.requireNonNull(userId);
        this.pair = Objects.requireNonNull(pair);
        this.side = Objects.requireNonNull(side);
        this.signalType = Objects.requireNonNull(signalType);
        this.requestedUsd = Objects.requireNonNull(requestedUsd);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.updatedAt = createdAt;
    }

    /** An order for a signal of {@code strategy}. */
    public Order(String orderId, String signalId, String userId, Pair pair, Side side, SignalType signalType,
                 BigDecimal requestedUsd, Instant createdAt, String strategy) {
        this(orderId, signalId, userId, pair, side, signalType, requestedUsd, createdAt);
        this.strategy = strategy;
    }

    /** What the signal asked beyond side and size: set at intake (or when the store rebuilds the order), never later. */
    public void instructions(boolean closeAll, BigDecimal exitQuantity, io.nija.core.signal.EntryTerms terms) {
        this.closeAll = closeAll;
        this.exitQuantity = exitQuantity;
        this.terms = terms == null ? io.nija.core.signal.EntryTerms.NONE : terms;
    }

    /**
     * The market's mid when the signal arrived, the benchmark slippage is measured against. Kept once set: a
     * failover routes again later, and measuring against a later mid would hide what the delay cost.
     */
    public void recordArrivalMid(BigDecimal mid) {
        if (arrivalMid == null && mid != null && mid.signum() > 0) {
            arrivalMid = mid;
        }
    }

    /** The route's expected average price (see {@link #expectedPrice}); the first one stays, as the arrival mid does. */
    public void recordExpectedPrice(BigDecimal price) {
        if (expectedPrice == null && price != null && price.signum() > 0) {
            expectedPrice = price;
        }
    }

    /**
     * The expected price against the arrival mid in basis points, signed like {@link #slippageBps()} (positive = the
     * route expected to pay more than the mid on a buy, get less on a sell): what the route planned to concede, so
     * that {@code slippageBps - expectedSlippageBps} is what execution added on top of the plan. Null without both.
     */
    public BigDecimal expectedSlippageBps() {
        return bpsAgainstMid(expectedPrice);
    }

    /**
     * Average fill price against the arrival mid in basis points, signed so that positive is worse for the trader
     * (paid more on a buy, got less on a sell); 2 decimals, half-even. Null until something filled or without a mid.
     */
    public BigDecimal slippageBps() {
        return bpsAgainstMid(averagePrice());
    }

    private BigDecimal bpsAgainstMid(BigDecimal price) {
        if (price == null || arrivalMid == null) {
            return null;
        }
        BigDecimal diff = side == Side.BUY ? price.subtract(arrivalMid) : arrivalMid.subtract(price);
        return diff.multiply(BigDecimal.valueOf(10_000)).divide(arrivalMid, 2, java.math.RoundingMode.HALF_EVEN);
    }

    /**
     * Fees of every fill valued in the quote asset (USD and its stablecoins count as USD): a quote fee as is, a
     * base-asset fee at its fill's price. A fee in a third asset (BNB) has no price on the order and counts zero.
     */
    public BigDecimal feesUsd() {
        // Each leg already sums its fills' fees by that rule as they arrive (OrderLeg.feeInQuote).
        return fees();
    }

    /** Moves the order along the state machine; throws {@link IllegalTransitionException} on an illegal edge. */
    public void moveTo(OrderStatus target, Instant at, String reason) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransitionException("order " + orderId, status, target);
        }
        status = target;
        updatedAt = at;
        if (reason != null) {
            statusReason = reason;
        }
    }

    public void reject(String code, String reason, Instant at) {
        moveTo(OrderStatus.REJECTED, at, reason);
        this.rejectCode = code;
    }

    /** Records why a venue refused the order (an error kind such as insufficient_funds); the first one stays. */
    public void venueRejectCode(String code) {
        if (rejectCode == null) {
            rejectCode = code;
        }
    }

    public void routed(ExecutionMethod method, String reason, List<OrderLeg> newLegs) {
        this.executionMethod = method;
        this.routeReason = reason;
        this.legs.addAll(newLegs);
    }

    /** Adds the legs that replace a failed-over leg on another venue, and says why in the route reason. */
    public void failedOver(List<OrderLeg> replacements, String reason, Instant at) {
        this.legs.addAll(replacements);
        this.routeReason = (routeReason == null ? "" : routeReason + " | ") + reason;
        this.updatedAt = at;
    }

    public OrderLeg leg(String legId) {
        for (OrderLeg l : legs) {
            if (l.legId().equals(legId)) {
                return l;
            }
        }
        throw new IllegalArgumentException("order " + orderId + " has no leg " + legId);
    }

    public BigDecimal filledQty() {
        BigDecimal sum = BigDecimal.ZERO;
        for (OrderLeg l : legs) {
            sum = sum.add(l.filledQty());
        }
        return sum;
    }

    public BigDecimal filledNotional() {
        BigDecimal sum = BigDecimal.ZERO;
        for (OrderLeg l : legs) {
            sum = sum.add(l.filledNotional());
        }
        return sum;
    }

    public BigDecimal fees() {
        BigDecimal sum = BigDecimal.ZERO;
        for (OrderLeg l : legs) {
            sum = sum.add(l.fees());
        }
        return sum;
    }

    public BigDecimal averagePrice() {
        BigDecimal qty = filledQty();
        return qty.signum() == 0 ? null : Decimals.divide(filledNotional(), qty);
    }

    /** The venue of a single-venue order, or a comma list of the venues its legs went to. */
    public String venue() {
        return legs.stream().map(OrderLeg::venue).distinct().reduce((a, b) -> a + "," + b).orElse(null);
    }

    public void restoreState(OrderStatus status, Instant updatedAt, ExecutionMethod method, String routeReason,
                             String rejectCode, String statusReason, List<OrderLeg> restoredLegs) {
        this.status = status;
        this.updatedAt = updatedAt;
        this.executionMethod = method;
        this.routeReason = routeReason;
        this.rejectCode = rejectCode;
        this.statusReason = statusReason;
        this.legs.clear();
        this.legs.addAll(restoredLegs);
    }

    public String orderId() { return orderId; }
    public String signalId() { return signalId; }
    public String userId() { return userId; }
    public Pair pair() { return pair; }
    public Side side() { return side; }
    public SignalType signalType() { return signalType; }
    public int priority() { return signalType.priority(); }
    public BigDecimal requestedUsd() { return requestedUsd; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public OrderStatus status() { return status; }
    public ExecutionMethod executionMethod() { return executionMethod; }
    public String routeReason() { return routeReason; }
    public String rejectCode() { return rejectCode; }
    public String statusReason() { return statusReason; }
    public String strategy() { return strategy; }
    public BigDecimal arrivalMid() { return arrivalMid; }
    public BigDecimal expectedPrice() { return expectedPrice; }
    public boolean closeAll() { return closeAll; }
    public BigDecimal exitQuantity() { return exitQuantity; }
    public io.nija.core.signal.EntryTerms terms() { return terms; }
    public List<OrderLeg> legs() { return Collections.unmodifiableList(legs); }
}
