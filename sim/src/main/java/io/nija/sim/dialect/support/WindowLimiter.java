package io.nija.sim.dialect.support;

import io.nija.core.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request counter per key (api key, user + instrument, IP) over a time window, the way an exchange counts
 * for one endpoint: {@link Mode#FIXED} windows aligned to the epoch (a minute that starts at :00), or a
 * {@link Mode#ROLLING} window over the last {@code window} of requests. A refused request is not counted.
 */
public final class WindowLimiter {
    public enum Mode { FIXED, ROLLING }

    /**
     * The outcome of one request: whether it may proceed, the limit, what remains of it after this request, and
     * when (epoch ms) the window frees up again.
     */
    public record Decision(boolean allowed, int limit, int remaining, long resetAtMillis) {
    }

    private final int limit;
    private final long windowMillis;
    private final Mode mode;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public WindowLimiter(int limit, Duration window, Mode mode, Clock clock) {
        if (limit <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a limit and a window must be positive");
        }
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.mode = Objects.requireNonNull(mode, "mode");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public int limit() {
        return limit;
    }

    /** Counts {@code weight} requests for {@code key} unless that would go over the limit. */
    public Decision acquire(String key, int weight) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        long now = clock.epochMillis();
        synchronized (w) {
            return mode == Mode.FIXED ? w.fixed(now, weight) : w.rolling(now, weight);
        }
    }

    public Decision acquire(String key) {
        return acquire(key, 1);
    }

    private final class Window {
        private long start = Long.MIN_VALUE;
        private int used;
        private final ArrayDeque<long[]> log = new ArrayDeque<>();

        Decision fixed(long now, int weight) {
            long windowStart = now - Math.floorMod(now, windowMillis);
            if (windowStart != start) {
                start = windowStart;
                used = 0;
            }
            long reset = start + windowMillis;
            if (used + weight > limit) {
                return new Decision(false, limit, Math.max(0, limit - used), reset);
            }
            used += weight;
            return new Decision(true, limit, limit - used, reset);
        }

        Decision rolling(long now, int weight) {
            while (!log.isEmpty() && log.peekFirst()[0] <= now - windowMillis) {
                used -= (int) log.pollFirst()[1];
            }
            if (used + weight > limit) {
                long reset = log.isEmpty() ? now : log.peekFirst()[0] + windowMillis;
                return new Decision(false, limit, Math.max(0, limit - used), reset);
            }
            log.addLast(new long[] {now, weight});
            used += weight;
            return new Decision(true, limit, limit - used, log.peekFirst()[0] + windowMillis);
        }
    }
}
