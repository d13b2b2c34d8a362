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
    /** Per banning venue and run: a ban keeps a seed running minutes longer in virtual time, so it is drawn sparingly. */
    static final double BAN_CHANCE = 0.1;
    static final double MAINTENANCE_CHANCE = 0.04;

    private Workload() {
    }

    public static Scenario draw(long seed) {
        return draw(seed, true);
    }

    /** {@code secondWave} false: the scenario as drawn before bans, crashes in flight and crosses (to measure them). */
    static Scenario draw(long seed, boolean secondWave) {
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
        // Drawn after everything above, so these additions left the rest of every older seed's scenario as it was.
        if (secondWave) {
            bansAndLongMaintenance(r, durationMs, events);
            crashesInFlight(r, durationMs, events);
            crossingMarket(r, users, durationMs, events);
            entryTermsAndLargeOrders(r, events);
        }
        // Stable: events drawn for the same instant keep their drawing order.
        events.sort(Comparator.comparingLong(SwarmEvent::atMs));
        return new Scenario(seed, users, stepMs, windowMs, durationMs, events);
    }

    /**
     * Drawn last, so older seeds keep the rest of their scenario: of the entries, about one in eight becomes a limit
     * entry (2 to 30 s in force, priced from 20 bps above the mid, so it crosses, to 40 bps below, so it rests), one in
     * eight carries a bracket (take profit 5 to 60 bps above the mid, stop loss 5 to 60 bps below; book reshapes move
     * the mid by up to 50 bps, so both sides fire), and one in twenty-five is large ($5 000 to $24 000): the router
     * splits those across venues.
     */
    private static void entryTermsAndLargeOrders(SplittableRandom r, List<SwarmEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            if (!(events.get(i) instanceof SwarmEvent.Signal s) || s.type() != SignalType.ENTRY) {
                continue;
            }
            double kind = r.nextDouble();
            SwarmEvent.Terms terms = null;
            BigDecimal size = s.sizeUsd();
            if (kind < 0.125) {
                terms = new SwarmEvent.Terms(r.nextInt(-20, 41), r.nextInt(2, 31), null, null);
            } else if (kind < 0.25) {
                boolean both = r.nextBoolean();
                terms = new SwarmEvent.Terms(null, null, both || r.nextBoolean() ? r.nextInt(5, 61) : null,
                        r.nextInt(5, 61));
                if (!both && terms.takeProfitBps() != null && r.nextBoolean()) {
                    terms = new SwarmEvent.Terms(null, null, terms.takeProfitBps(), null);
                }
            } else if (kind < 0.29) {
                size = usd(r, 5_000, 24_000);
            } else {
                continue;
            }
            events.set(i, new SwarmEvent.Signal(s.atMs(), s.user(), s.side(), s.type(), size, terms));
        }
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
            FaultKind kind = FaultKind.WINDOWED[r.nextInt(FaultKind.WINDOWED.length)];
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

    /**
     * Bans on the venues that ban (Binance's 418, Bybit's IP ban) for one to two and a half minutes, and maintenance
     * windows of 15 to 60 s on any venue: the router must wait them out (an exit must not fail for them) and finish
     * every order after they end.
     */
    private static void bansAndLongMaintenance(SplittableRandom r, long durationMs, List<SwarmEvent> out) {
        for (String venue : List.of("binance", "bybit")) {
            if (r.nextDouble() < BAN_CHANCE) {
                long start = r.nextLong(durationMs);
                long length = r.nextLong(60_000, 150_001);
                out.add(new SwarmEvent.FaultOn(start, venue, FaultKind.BAN, 0, length, 0));
                out.add(new SwarmEvent.FaultOff(start + length, venue, FaultKind.BAN));
            }
        }
        for (String venue : VENUES) {
            if (r.nextDouble() < MAINTENANCE_CHANCE) {
                long start = r.nextLong(durationMs);
                out.add(new SwarmEvent.FaultOn(start, venue, FaultKind.MAINTENANCE, 0, 0, 0));
                out.add(new SwarmEvent.FaultOff(start + r.nextLong(15_000, 60_001), venue, FaultKind.MAINTENANCE));
            }
        }
    }

    /** Zero to two crashes while a place (three in four) or a cancel is at a venue and its answer not yet read. */
    private static void crashesInFlight(SplittableRandom r, long durationMs, List<SwarmEvent> out) {
        int n = r.nextInt(0, 3);
        for (int i = 0; i < n; i++) {
            out.add(new SwarmEvent.CrashInCall(r.nextLong(durationMs), VENUES.get(r.nextInt(VENUES.size())),
                    r.nextDouble() < 0.75 ? SwarmEvent.CrashInCall.Call.PLACE : SwarmEvent.CrashInCall.Call.CANCEL));
        }
    }

    /**
     * In one run of two, users trade with each other. For 5 to 15 s two to four users may trade only at one venue, and
     * every 1 to 2 s two of them play out a cross: A buys (the router reads the book), the house ladder is pulled to a
     * thousandth, B buys within the router's book cache (priced on the book it read for A: the buy takes the little
     * left and rests as the best bid), the ladder comes back, and A exits with a market sell that fills against B's
     * resting bid. Both sides of that trade carry the same trade id (on Binance the only fill id there is), and each
     * must count once, for its own user.
     */
    private static void crossingMarket(SplittableRandom r, int users, long durationMs, List<SwarmEvent> out) {
        if (users < 2 || r.nextDouble() >= 0.5) {
            return;
        }
        String venue = r.nextBoolean() ? "binance" : VENUES.get(r.nextInt(VENUES.size()));
        long start = r.nextLong(Math.max(1, durationMs / 2));
        long end = Math.min(durationMs, start + r.nextLong(5_000, 15_001));
        BigDecimal max = new BigDecimal("25000");
        int k = Math.min(users, r.nextInt(2, 5));
        int first = r.nextInt(users);
        for (int i = 0; i < k; i++) {
            int u = (first + i) % users;
            out.add(new SwarmEvent.Limits(start, u, true, List.of(venue), max));
            out.add(new SwarmEvent.Limits(end, u, true, List.of(), max));
        }
        BigDecimal thin = new BigDecimal("0.00001");
        BigDecimal back = BigDecimal.ONE.divide(thin);
        for (long t = start + 1; t + 500 < end; t += r.nextLong(1_000, 2_001)) {
            int a = (first + r.nextInt(k)) % users;
            int b = (a + 1 + r.nextInt(k - 1)) % users;
            b = (first + Math.floorMod(b - first, k)) % users;
            if (a == b) {
                continue;
            }
            out.add(new SwarmEvent.Signal(t, a, Side.BUY, SignalType.ENTRY, usd(r, 200, 2000)));
            out.add(new SwarmEvent.Reshape(t, venue, BigDecimal.ZERO, thin));
            out.add(new SwarmEvent.Signal(t, b, Side.BUY, SignalType.ENTRY, usd(r, 200, 2000)));
            out.add(new SwarmEvent.Reshape(t + 300, venue, BigDecimal.ZERO, back));
            out.add(new SwarmEvent.Signal(t + 400, a, Side.SELL, SignalType.EXIT, usd(r, 200, 2000)));
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
