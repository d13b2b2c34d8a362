package io.nija.core.bracket;

import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/**
 * The take-profit and stop-loss of one entry, as armed state: what the entry has filled, what exits of the bracket have
 * closed, and the exit working now if one was triggered. What is armed is the difference, so a partial fill of the
 * entry arms only what filled, and a partial exit leaves the rest armed. Immutable; every change is a new value that is
 * stored before it counts, so a restart picks the bracket up as it was.
 *
 * @param venue          the venue holding the entry's fills, whose book triggers the bracket (null until a fill)
 * @param exitSignalId   the signal id (also its idempotency key) of the exit working now, or null
 * @param exitAttempts   exits triggered so far; numbers the next one's signal id
 * @param lastTriggered  the side of the bracket that triggered last (profit_take or stop_loss), or null
 * @param nativeStopSignalId the signal id of the venue-native stop-loss order placed for it and not known to be over,
 *                       or null (see {@link BracketDesk}: the venue holds it, so it protects while the router is down)
 * @param nativeTakeSignalId the same for a venue-native take-profit order
 * @param nativeQty      the quantity the native orders were placed for (re-sized when the entry fills more)
 * @param nativeAttempts native placements so far; numbers the next one's signal ids
 * @param nativeOff      the venue refused a native order, or someone else cancelled one: the router's own trigger
 *                       watches both sides from then on, rather than placing it again and again
 */
public record Bracket(String entryOrderId, String userId, Pair pair, Side entrySide, String venue,
                      BigDecimal takeProfitPrice, BigDecimal stopLossPrice, BigDecimal entryFilledQty,
                      boolean entryFinal, BigDecimal exitedQty, String exitSignalId, int exitAttempts,
                      SignalType lastTriggered, Instant updatedAt, String nativeStopSignalId,
                      String nativeTakeSignalId, BigDecimal nativeQty, int nativeAttempts, boolean nativeOff) {

    /** A bracket with no native orders (as stored before they existed). */
    public Bracket(String entryOrderId, String userId, Pair pair, Side entrySide, String venue,
                   BigDecimal takeProfitPrice, BigDecimal stopLossPrice, BigDecimal entryFilledQty,
                   boolean entryFinal, BigDecimal exitedQty, String exitSignalId, int exitAttempts,
                   SignalType lastTriggered, Instant updatedAt) {
        this(entryOrderId, userId, pair, entrySide, venue, takeProfitPrice, stopLossPrice, entryFilledQty, entryFinal,
                exitedQty, exitSignalId, exitAttempts, lastTriggered, updatedAt, null, null, BigDecimal.ZERO, 0, false);
    }

    public enum Status {
        /** Watching the book (possibly for nothing yet: the entry has not filled). */
        ARMED,
        /** An exit of the bracket is working; the other side is off until it ends. */
        TRIGGERED,
        /** Closed by its exits (the side that did not execute is cancelled with it). */
        DONE,
        /** The entry ended with nothing filled: nothing to protect. */
        CANCELLED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where one side (take profit or stop loss) of a bracket stands, as the bracket endpoint shows it. */
    public enum SideState {
        /** The entry has not filled yet: nothing to protect so far. */
        WAITING,
        /** Watching the book for its price. */
        ARMED,
        /** Reached: its exit is working. */
        TRIGGERED,
        /** Off while the other side's exit works; armed again for whatever that exit leaves. */
        HELD,
        /** Its exit closed what the bracket protected. */
        EXECUTED,
        /** Will not trade: the other side executed, the position went another way, or the entry filled nothing. */
        CANCELLED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where {@code side} ({@code PROFIT_TAKE} or {@code STOP_LOSS}) stands, or null when the bracket has no such side.
     */
    public SideState sideState(SignalType side) {
        BigDecimal price = side == SignalType.PROFIT_TAKE ? takeProfitPrice
                : side == SignalType.STOP_LOSS ? stopLossPrice : null;
        if (price == null) {
            return null;
        }
        return switch (status()) {
            case ARMED -> armedQty().signum() > 0 ? SideState.ARMED : SideState.WAITING;
            case TRIGGERED -> side == lastTriggered ? SideState.TRIGGERED : SideState.HELD;
            case DONE -> side == lastTriggered && exitedQty.signum() > 0 ? SideState.EXECUTED : SideState.CANCELLED;
            case CANCELLED -> SideState.CANCELLED;
        };
    }

    /** A new bracket for an entry that has not filled yet. */
    public static Bracket forEntry(String entryOrderId, String userId, Pair pair, Side entrySide,
                                   BigDecimal takeProfitPrice, BigDecimal stopLossPrice, Instant at) {
        return new Bracket(entryOrderId, userId, pair, entrySide, null, takeProfitPrice, stopLossPrice, BigDecimal.ZERO,
                false, BigDecimal.ZERO, null, 0, null, at);
    }

    /** What the bracket protects now: filled by the entry and not closed by its exits. */
    public BigDecimal armedQty() {
        return entryFilledQty.subtract(exitedQty).max(BigDecimal.ZERO);
    }

    public Status status() {
        if (exitSignalId != null) {
            return Status.TRIGGERED;
        }
        if (armedQty().signum() > 0 || !entryFinal || hasNativeOrders()) {
            // A native order still at the venue keeps the bracket live until the desk has seen it end.
            return Status.ARMED;
        }
        return entryFilledQty.signum() == 0 ? Status.CANCELLED : Status.DONE;
    }

    /** Done or cancelled: nothing more will happen to it. */
    public boolean isFinished() {
        Status s = status();
        return s == Status.DONE || s == Status.CANCELLED;
    }

    /** The side an exit of this bracket trades: the opposite of the entry. */
    public Side exitSide() {
        return entrySide == Side.BUY ? Side.SELL : Side.BUY;
    }

    /**
     * Which side of the bracket the price an exit would get now reaches, or null: for a long, the bid at or below the
     * stop (checked first: the protective side wins a tie) or at or above the take profit; for a short, the ask.
     */
    public SignalType triggeredBy(BigDecimal exitPrice) {
        boolean longPosition = entrySide == Side.BUY;
        if (stopLossPrice != null && (longPosition ? exitPrice.compareTo(stopLossPrice) <= 0
                : exitPrice.compareTo(stopLossPrice) >= 0)) {
            return SignalType.STOP_LOSS;
        }
        if (takeProfitPrice != null && (longPosition ? exitPrice.compareTo(takeProfitPrice) >= 0
                : exitPrice.compareTo(takeProfitPrice) <= 0)) {
            return SignalType.PROFIT_TAKE;
        }
        return null;
    }

    public Bracket withEntry(String venue, BigDecimal filled, boolean isFinal, Instant at) {
        return new Bracket(entryOrderId, userId, pair, entrySide, venue == null ? this.venue : venue, takeProfitPrice,
                stopLossPrice, filled, isFinal, exitedQty, exitSignalId, exitAttempts, lastTriggered, at,
                nativeStopSignalId, nativeTakeSignalId, nativeQty, nativeAttempts, nativeOff);
    }

    public Bracket triggered(String signalId, SignalType by, Instant at) {
        return new Bracket(entryOrderId, userId, pair, entrySide, venue, takeProfitPrice, stopLossPrice, entryFilledQty,
                entryFinal, exitedQty, signalId, exitAttempts + 1, by, at, nativeStopSignalId, nativeTakeSignalId,
                nativeQty, nativeAttempts, nativeOff);
    }

    /** The working exit ended having closed {@code closed}; whatever it left is armed again. */
    public Bracket exitEnded(BigDecimal closed, Instant at) {
        return new Bracket(entryOrderId, userId, pair, entrySide, venue, takeProfitPrice, stopLossPrice, entryFilledQty,
                entryFinal, exitedQty.add(closed), null, exitAttempts, lastTriggered, at, nativeStopSignalId,
                nativeTakeSignalId, nativeQty, nativeAttempts, nativeOff);
    }

    /** The position is gone (closed some other way): nothing is left to protect. */
    public Bracket nothingLeft(Instant at) {
        return new Bracket(entryOrderId, userId, pair, entrySide, venue, takeProfitPrice, stopLossPrice, entryFilledQty,
                entryFinal, entryFilledQty, null, exitAttempts, lastTriggered, at, nativeStopSignalId,
                nativeTakeSignalId, nativeQty, nativeAttempts, nativeOff);
    }

    /** The working exit never reached the store (a crash before it was sent): the bracket is armed again. */
    public Bracket exitNeverSent(Instant at) {
        return new Bracket(entryOrderId, userId, pair, entrySide, venue, takeProfitPrice, stopLossPrice, entryFilledQty,
                entryFinal, exitedQty, null, exitAttempts, lastTriggered, at, nativeStopSignalId, nativeTakeSignalId,
                nativeQty, nativeAttempts, nativeOff);
    }

    // --- venue-native orders ----------------------------------------------------------------------------

    /** A native stop or take profit is recorded as placed (or being placed) and not seen to end yet. */
    public boolean hasNativeOrders() {
        return nativeStopSignalId != null || nativeTakeSignalId != null;
    }

    /** The signal id of the native order of {@code side} (STOP_LOSS or PROFIT_TAKE), or null. */
    public String nativeSignalId(SignalType side) {
        return side == SignalType.STOP_LOSS ? nativeStopSignalId : side == SignalType.PROFIT_TAKE ? nativeTakeSignalId : null;
    }

    /** Native orders about to be placed for {@code qty} (stored first: a restart then finds them by signal id). */
    public Bracket nativePlaced(String stopSignalId, String takeSignalId, BigDecimal qty, Instant at) {
        return new Bracket(entryOrderId, userId, pair, entrySide, venue, takeProfitPrice, stopLossPrice, entryFilledQty,
                entryFinal, exitedQty, exitSignalId, exitAttempts, lastTriggered, at, stopSignalId, takeSignalId, qty,
                nativeAttempts + 1, nativeOff);
    }

    /**
     * The native order {@code signalId} is over having closed {@code closed}; {@code executed} names its side when
     * it traded. {@code off} turns native placing off for this bracket (the venue refused it, or it was cancelled by
     * someone other than the desk).
     */
    public Bracket nativeEnded(String signalId, BigDecimal closed, boolean off, Instant at) {
        boolean stop = signalId.equals(nativeStopSignalId);
        boolean take = signalId.equals(nativeTakeSignalId);
        if (!stop && !take) {
            return this;
        }
        SignalType side = stop ? SignalType.STOP_LOSS : SignalType.PROFIT_TAKE;
        return new Bracket(entryOrderId, userId, pair, entrySide, venue, takeProfitPrice, stopLossPrice, entryFilledQty,
                entryFinal, exitedQty.add(closed), exitSignalId, exitAttempts,
                closed.signum() > 0 ? side : lastTriggered, at, stop ? null : nativeStopSignalId,
                take ? null : nativeTakeSignalId, nativeQty, nativeAttempts, nativeOff || off);
    }
}
