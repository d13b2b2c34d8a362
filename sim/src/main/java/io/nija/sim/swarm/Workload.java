package io.nija.sim.swarm;

import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one swarm scenario from a seed: users, their signals, cancels, kill switches and limit changes, a fault
 * schedule per venue, book reshapes and router crashes. Everything comes from one {@link SplittableRandom}, so a
 * seed always gives the same scenario.
 */
public final class Workload {
    /** The simulated venues, in the simulator's order (the scenario names them; the runner checks they exist). */
    public static final List<String> VENUES = List.of("binance", "kraken", "coinbase", "alpaca", "okx", "bybit");
    /** The longest visibility lag a schedule draws: the router's window is drawn above it. */
    static final long MAX_LAG_MS = 3_000;

    private Workload() {
    }

    public static Scenario draw(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int users = r.nextInt(2, 31);
        int stepMs = r.nextInt(50, 101);
        long durationMs = r.nextLong(10_000, 40_001);
        long lagMaxMs = r.nextLong(0, MAX_LAG_MS + 1);
        // Above the longest lag any venue shows in this run: a "not found" older than that is the truth.
        long windowMs = lagMaxMs + 1_000 + r.nextLong(0, 2_001);
        List<SwarmEvent> events = new ArrayList<>();
        signals(r, users, durationMs, events);
        userActions(r, users, durationMs, events);
        for (String venue : VENUES) {
            faults(r, venue, durationMs, lagMaxMs, events);
            reshapes(r, venue, durationMs, events);
        }
        int crashes = r.nextInt(0, 4);
        for (int i = 0; i < crashes; i++) {
            events.add(new SwarmEvent.Crash(r.nextLong(durationMs)));
        }
        // Stable: events drawn for the same instant keep their drawing order.
        events.sort(Comparator.comparingLong(SwarmEvent::atMs));
        return new Scenario(seed, users, stepMs, windowMs, durationMs, events);
    }

    /** Entries ($20 to $2000) and exits; each user trades at their own pace (0.3 to 3 signals a virtual second). */
    private static void signals(SplittableRandom r, int users, long durationMs, List<SwarmEvent> out) {
        for (int u = 0; u < users; u++) {
            double perSecond = 0.3 + r.nextDouble() * 2.7;
            long t = 0;
            while (true) {
                t += 1 + (long) (-Math.log(1 - r.nextDouble()) * 1000 / perSecond);
                if (t >= durationMs) {
                    break;
                }
                double kind = r.nextDouble();
                SignalType type = kind < 0.6 ? SignalType.ENTRY : kind < 0.8 ? SignalType.EXIT
                        : kind < 0.9 ? SignalType.PROFIT_TAKE : SignalType.STOP_LOSS;
                Side side = type == SignalType.ENTRY ? Side.BUY : Side.SELL;
                out.add(new SwarmEvent.Signal(t, u, side, type, usd(r, 20, 2000)));
            }
        }
    }

    /** Cancels, kill switches (on, then off a little later) and limit changes. */
    private static void userActions(SplittableRandom r, int users, long durationMs, List<SwarmEvent> out) {
        int cancels = r.nextInt(0, 2 * users + 1);
        for (int i = 0; i < cancels; i++) {
            out.add(new SwarmEvent.Cancel(r.nextLong(durationMs), r.nextInt(users), r.nextInt(1000)));
        }
        int kills = r.nextInt(0, 4);
        for (int i = 0; i < kills; i++) {
            int user = r.nextDouble() < 0.25 ? -1 : r.nextInt(users);
            long on = r.nextLong(durationMs);
            out.add(new SwarmEvent.KillSwitch(on, user, true));
            out.add(new SwarmEvent.KillSwitch(Math.min(durationMs, on + r.nextLong(500, 5_001)), user, false));
        }
        int limits = r.nextInt(0, 4);
        for (int i = 0; i < limits; i++) {
            List<String> venues = new ArrayList<>();
            if (r.nextBoolean()) {
                for (String v : VENUES) {
                    if (r.nextDouble() < 0.5) {
                        venues.add(v);
                    }
                }
            }
            BigDecimal[] sizes = {new BigDecimal("500"), new BigDecimal("1500"), new BigDecimal("25000")};
            out.add(new SwarmEvent.Limits(r.nextLong(durationMs), r.nextInt(users), r.nextDouble() < 0.9, venues,
                    sizes[r.nextInt(sizes.length)]));
        }
    }

    /** Zero to three fault windows of 0.5 to 10 virtual seconds at a venue, of any kind (they may overlap). */
    private static void faults(SplittableRandom r, String venue, long durationMs, long lagMaxMs, List<SwarmEvent> out) {
        int windows = r.nextInt(0, 4);
        for (int i = 0; i < windows; i++) {
            FaultKind kind = FaultKind.values()[r.nextInt(FaultKind.values().length)];
            long start = r.nextLong(durationMs);
            long end = Math.min(durationMs, start + r.nextLong(500, 10_001));
            double rate = switch (kind) {
                case HTTP_5XX, RESETS -> 0.05 + r.nextDouble() * 0.95;
                case LOST_ANSWERS -> 0.05 + r.nextDouble() * 0.45;
                default -> 0;
            };
            long ms = switch (kind) {
                case LATENCY -> r.nextLong(10, 801);
                case VISIBILITY_LAG -> r.nextLong(0, lagMaxMs + 1);
                default -> 0;
            };
            long jitter = kind == FaultKind.LATENCY ? r.nextLong(0, 201) : 0;
            out.add(new SwarmEvent.FaultOn(start, venue, kind, rate, ms, jitter));
            out.add(new SwarmEvent.FaultOff(end, venue, kind));
        }
    }

    /** Book moves of up to 0.5 % and depth from a tenth to twice: partial fills and resting limit orders. */
    private static void reshapes(SplittableRandom r, String venue, long durationMs, List<SwarmEvent> out) {
        int n = r.nextInt(0, 3);
        for (int i = 0; i < n; i++) {
            BigDecimal shift = BigDecimal.valueOf(r.nextInt(-50, 51));
            BigDecimal depth = BigDecimal.valueOf(r.nextInt(10, 201)).movePointLeft(2);
            out.add(new SwarmEvent.Reshape(r.nextLong(durationMs), venue, shift, depth));
        }
    }

    private static BigDecimal usd(SplittableRandom r, int min, int max) {
        return BigDecimal.valueOf(r.nextLong(min * 100L, max * 100L + 1), 2).setScale(2, RoundingMode.UNNECESSARY);
    }
}
