package io.nija.core.routing;

import io.nija.core.instrument.Pair;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measured execution quality per venue and per (venue, pair): success rate and latency over the last
 * {@code window} executions. Fed by the executors from real sends, read by the router.
 */
public final class ExecutionStats {
    private record PairKey(String venue, Pair pair) { }

    private final int window;
    private final ConcurrentHashMap<String, Window> byVenue = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<PairKey, Window> byPair = new ConcurrentHashMap<>();

    public ExecutionStats(int window) {
        this.window = window;
    }

    public void record(String venue, Pair pair, boolean success, long latencyNanos) {
        byVenue.computeIfAbsent(venue, v -> new Window(window)).add(success, latencyNanos);
        byPair.computeIfAbsent(new PairKey(venue, pair), k -> new Window(window)).add(success, latencyNanos);
    }

    public StatsSnapshot venue(String venue) {
        Window w = byVenue.get(venue);
        return w == null ? StatsSnapshot.EMPTY : w.snapshot();
    }

    public StatsSnapshot pair(String venue, Pair pair) {
        Window w = byPair.get(new PairKey(venue, pair));
        return w == null ? StatsSnapshot.EMPTY : w.snapshot();
    }

    /** A fixed ring of the last N outcomes with running sums, so a snapshot costs O(1). */
    static final class Window {
        private final boolean[] success;
        private final long[] latency;
        private int next;
        private int count;
        private int successes;
        private long latencySum;

        Window(int size) {
            success = new boolean[size];
            latency = new long[size];
        }

        synchronized void add(boolean ok, long nanos) {
            if (count == success.length) {
                successes -= success[next] ? 1 : 0;
                latencySum -= latency[next];
            } else {
                count++;
            }
            success[next] = ok;
            latency[next] = nanos;
            successes += ok ? 1 : 0;
            latencySum += nanos;
            next = (next + 1) % success.length;
        }

        synchronized StatsSnapshot snapshot() {
            if (count == 0) {
                return StatsSnapshot.EMPTY;
            }
            return new StatsSnapshot(count, (double) successes / count, latencySum / 1e6 / count);
        }
    }
}
