package io.nija.sim.swarm;

import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import java.math.BigDecimal;
import java.util.List;

/**
 * One thing that happens to the router during a swarm run, at a virtual time ({@code atMs} after the start).
 * Events are plain data, not closures: a failing case can be printed, shrunk (by dropping events) and replayed
 * without the seed that drew it. Users are numbered {@code 0..users-1}; an event whose target is gone (a cancel
 * with no open order, a sell with no position) does nothing, so any subset of a trail is still a valid trail.
 */
public sealed interface SwarmEvent {
    long atMs();

    /**
     * A signal from the user's strategy: an entry buys, the three exits sell. An entry may carry {@link Terms}: a limit
     * price and time in force, and a bracket (take profit, stop loss), given relative to the market's mid when sent.
     */
    record Signal(long atMs, int user, Side side, SignalType type, BigDecimal sizeUsd, Terms terms) implements SwarmEvent {
        public Signal(long atMs, int user, Side side, SignalType type, BigDecimal sizeUsd) {
            this(atMs, user, side, type, sizeUsd, null);
        }

        @Override
        public String toString() {
            return atMs + "ms signal user-" + user + " " + type.wire() + " " + side.wire() + " $" + sizeUsd.toPlainString()
                    + (terms == null ? "" : " " + terms);
        }
    }

    /**
     * An entry's terms, in basis points of the mid at the moment it is sent (null: not given): a limit price that far
     * below the mid (negative: above it, so it crosses) resting for {@code timeInForceS} seconds, a take profit that
     * far above and a stop loss that far below.
     */
    record Terms(Integer limitBelowMidBps, Integer timeInForceS, Integer takeProfitBps, Integer stopLossBps) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (limitBelowMidBps != null) {
                sb.append("limit mid-").append(limitBelowMidBps).append("bps");
                if (timeInForceS != null) {
                    sb.append(" for ").append(timeInForceS).append(" s");
                }
            }
            if (takeProfitBps != null) {
                sb.append(sb.isEmpty() ? "" : ", ").append("take profit mid+").append(takeProfitBps).append("bps");
            }
            if (stopLossBps != null) {
                sb.append(sb.isEmpty() ? "" : ", ").append("stop loss mid-").append(stopLossBps).append("bps");
            }
            return sb.toString();
        }
    }

    /** The user cancels one of their unfinished orders: the {@code pick}-th (modulo how many there are). */
    record Cancel(long atMs, int user, int pick) implements SwarmEvent {
        @Override
        public String toString() {
            return atMs + "ms cancel user-" + user + " open order #" + pick;
        }
    }

    /** The kill switch of one user, or of everyone when {@code user} is negative. */
    record KillSwitch(long atMs, int user, boolean on) implements SwarmEvent {
        @Override
        public String toString() {
            return atMs + "ms kill switch " + (user < 0 ? "global" : "user-" + user) + (on ? " on" : " off");
        }
    }

    /** New limits for a user: enabled or not, the venues they may use (empty = all), the largest order. */
    record Limits(long atMs, int user, boolean enabled, List<String> venues, BigDecimal maxOrderUsd) implements SwarmEvent {
        public Limits {
            venues = List.copyOf(venues);
        }

        @Override
        public String toString() {
            return atMs + "ms limits user-" + user + (enabled ? " enabled" : " disabled") + " venues " + venues
                    + " max order $" + maxOrderUsd.toPlainString();
        }
    }

    /** A fault starts at a venue; {@code rate} for probabilistic faults, {@code ms}/{@code jitterMs} for timed ones. */
    record FaultOn(long atMs, String venue, FaultKind kind, double rate, long ms, long jitterMs) implements SwarmEvent {
        @Override
        public String toString() {
            return atMs + "ms " + venue + " " + kind.name().toLowerCase() + " on" + switch (kind) {
                case HTTP_5XX, LOST_ANSWERS, RESETS -> " rate " + rate;
                case LATENCY -> " " + ms + " ms jitter " + jitterMs + " ms";
                case VISIBILITY_LAG -> " " + ms + " ms";
                case BAN -> " for " + ms + " ms (HTTP 418, Retry-After)";
                case RATE_LIMIT_STORM, MAINTENANCE -> "";
            };
        }
    }

    /** The fault of that kind stops at the venue. */
    record FaultOff(long atMs, String venue, FaultKind kind) implements SwarmEvent {
        @Override
        public String toString() {
            return atMs + "ms " + venue + " " + kind.name().toLowerCase() + " off";
        }
    }

    /** The venue's house book moves ({@code shiftBps}) and thins or thickens ({@code depthScale}). */
    record Reshape(long atMs, String venue, BigDecimal shiftBps, BigDecimal depthScale) implements SwarmEvent {
        @Override
        public String toString() {
            return atMs + "ms " + venue + " book shift " + shiftBps.toPlainString() + " bps depth x" + depthScale.toPlainString();
        }
    }

    /**
     * The router process dies while a call is in flight: the next {@code call} the router makes to {@code venue}
     * reaches the venue and is carried out there, and the process dies before it reads the answer (a new one starts
     * from the store as it was at that instant). Does nothing if no such call comes before the workload ends.
     */
    record CrashInCall(long atMs, String venue, Call call) implements SwarmEvent {
        /** The order-changing calls whose answers matter most when lost. */
        public enum Call { PLACE, CANCEL }

        @Override
        public String toString() {
            return atMs + "ms router crash during the next " + call.name().toLowerCase() + " call to " + venue;
        }
    }

    /** The router process dies (kill -9) and a new one starts from the store alone. */
    record Crash(long atMs) implements SwarmEvent {
        @Override
        public String toString() {
            return atMs + "ms router crash and restart";
        }
    }
}
