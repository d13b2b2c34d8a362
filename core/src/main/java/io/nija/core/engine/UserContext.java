package io.nija.core.engine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.nija.core.lane.UserLane;
import io.nija.core.order.Order;
import io.nija.core.position.Position;
import io.nija.core.position.PositionBook;
import io.nija.core.time.Clock;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine keeps for one user. Apart from the volatile limits and kill switch, it is only touched
 * from the user's lane, so nothing in here is shared with another user.
 */
final class UserContext {
    final String userId;
    final UserLane lane;
    final PositionBook positions;
    /** Orders not yet terminal, by order id. */
    final Map<String, Order> activeOrders = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Orders taken at intake whose routing is queued in the lane and not started: a sweep of the store must not
     * pick them up as orders nobody drives. Thread-safe (intake adds, the lane removes).
     */
    final java.util.Set<String> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Execution state of each leg of the active orders, by leg id; dropped when its order is final. */
    private final Map<String, LegExecution> legs = new HashMap<>();
    /** Venues where one read of this user's open orders is on its way, answering for all resting legs there. */
    final java.util.Set<String> sharedReadsInFlight = new java.util.HashSet<>();
    /** Positions changed by fills since the order was last saved; saved with it, in one transaction. */
    final java.util.Set<Position> changedPositions = new java.util.LinkedHashSet<>();
    /** Sends a venue's rate limit kept back, let out together in priority order. */
    final HeldSends heldSends = new HeldSends();
    /** Split legs due to be sent whose venue has filled too far ahead of the others (see LegImbalance). */
    final java.util.List<LegDispatcher.ImbalanceHold> imbalanceHeld = new java.util.ArrayList<>();
    private final Clock clock;
    private volatile UserLimits limits;
    /** A thread-safe copy of the positions plus entries in flight, for decisions made at intake. */
    final io.nija.core.risk.ExposureLedger exposure = new io.nija.core.risk.ExposureLedger();
    private volatile io.nija.core.risk.KillSwitchState killSwitch = io.nija.core.risk.KillSwitchState.OFF;
    private volatile Bucket tradeRate;
    private LocalDate day;
    private BigDecimal realizedAtDayStart = BigDecimal.ZERO;

    UserContext(String userId, UserLane lane, UserLimits limits, List<Position> storedPositions, Clock clock) {
        this.userId = userId;
        this.lane = lane;
        this.clock = clock;
        this.positions = new PositionBook(userId);
        storedPositions.forEach(positions::put);
        storedPositions.forEach(exposure::record);
        this.day = LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
        this.realizedAtDayStart = exposure.realizedPnl();
        limits(limits);
    }

    /** Nothing held at any venue and no order working: what a flatten waits for. Safe from any thread. */
    boolean isFlat() {
        return exposure.heldPairs().isEmpty() && activeOrders.isEmpty();
    }

    /** The execution state of a leg, created on first use. */
    LegExecution leg(String legId) {
        return legs.computeIfAbsent(legId, id -> new LegExecution());
    }

    /** The execution state of a leg if it has any yet. */
    LegExecution existingLeg(String legId) {
        return legs.get(legId);
    }

    /** Whether the user withdrew the leg: never sent from then on, and cancelled wherever it turns out live. */
    boolean isWithdrawn(io.nija.core.order.OrderLeg leg) {
        LegExecution exec = legs.get(leg.legId());
        return exec != null && exec.withdrawn;
    }

    void forgetLeg(String legId) {
        legs.remove(legId);
    }

    UserLimits limits() {
        return limits;
    }

    void limits(UserLimits l) {
        this.limits = l;
        // The design's token bucket: refills at trades_per_second and holds UserLimits.tradeBurst().
        this.tradeRate = Bucket.builder().addLimit(Bandwidth.builder()
                        .capacity(l.tradeBurst())
                        .refillGreedy(Math.max(1, Math.round(l.tradesPerSecond() * 1000)), Duration.ofSeconds(1000))
                        .build())
                .withCustomTimePrecision(clockMeter(clock))
                .build();
    }

    boolean killSwitch() {
        return killSwitch.enabled();
    }

    io.nija.core.risk.KillSwitchState killSwitchState() {
        return killSwitch;
    }

    void killSwitch(io.nija.core.risk.KillSwitchState state) {
        killSwitch = state;
    }

    /**
     * Takes one trade from the user's trades-per-second budget; false when it is spent. Called at intake, from any
     * thread (the bucket is thread-safe), so a signal over the rate is refused before anything is stored.
     */
    boolean tryTakeTrade() {
        return tradeRate.tryConsume(1);
    }

    /** How long until the budget has a token again (zero when it has one now). */
    java.time.Duration untilNextTrade() {
        return java.time.Duration.ofNanos(tradeRate.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

    /** Returns a trade taken for a signal that turned out to be a repeat (it trades nothing). */
    void giveBackTrade() {
        tradeRate.addTokens(1);
    }

    /** Counts a risk-reducing trade against the budget when there is room, but never refuses it. */
    void takeTradeIfAvailable() {
        tradeRate.tryConsume(1);
    }

    /**
     * Realized PnL since 00:00 UTC today, for the daily loss limit. Read from the exposure copy, so intake (any thread)
     * and the lane see the same figure.
     */
    synchronized BigDecimal realizedPnlToday() {
        BigDecimal realized = exposure.realizedPnl();
        LocalDate today = LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            realizedAtDayStart = realized;
        }
        return realized.subtract(realizedAtDayStart);
    }

    private static TimeMeter clockMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.nanoTime();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
    }
}
