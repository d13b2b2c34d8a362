package io.nija.sim.swarm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reduces a failing scenario to a short trail that still fails the same invariant: delta debugging over the event
 * list (drop halves, then quarters, ... then single events), each candidate replayed from scratch. Works because
 * events are data and any subset is a valid scenario. Bounded by a number of replays, so a stubborn case still
 * ends with the shortest trail found so far.
 */
public final class Shrinker {
    private final Function<Scenario, SwarmRun.Outcome> runner;
    private final int maxRuns;
    private int runs;

    public Shrinker(int maxRuns) {
        this(SwarmRun::run, maxRuns);
    }

    /** @param runner replays a scenario (tests pass one that adds their own invariants) */
    public Shrinker(Function<Scenario, SwarmRun.Outcome> runner, int maxRuns) {
        this.runner = runner;
        this.maxRuns = maxRuns;
    }

    /** The shortest reproduction found: a violation of {@code found}'s invariant, with its (shorter) trail. */
    public Violation shrink(Scenario scenario, Violation found) {
        runs = 0;
        String invariant = found.invariant();
        // Only what happened before the failing step can matter.
        List<SwarmEvent> current = new ArrayList<>(found.trail());
        Violation best = found;
        Scenario base = scenario;
        // A shorter workload (ending at the last event kept) settles sooner and replays faster, if it still fails.
        Violation shorter = failing(shortened(base, current), current, invariant);
        if (shorter != null) {
            base = shortened(base, current);
            best = shorter;
        }
        int n = 2;
        while (current.size() >= 2 && runs < maxRuns) {
            List<List<SwarmEvent>> chunks = split(current, n);
            boolean reduced = false;
            for (int i = 0; i < chunks.size() && runs < maxRuns; i++) {
                List<SwarmEvent> complement = new ArrayList<>(current.size());
                for (int j = 0; j < chunks.size(); j++) {
                    if (j != i) {
                        complement.addAll(chunks.get(j));
                    }
                }
                Violation v = failing(base, complement, invariant);
                if (v != null) {
                    current = complement;
                    best = v;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (n >= current.size()) {
                    break;
                }
                n = Math.min(current.size(), n * 2);
            }
        }
        if (current.isEmpty() || current.size() == 1) {
            Violation v = failing(base, List.of(), invariant);
            if (v != null) {
                best = v;
            }
        }
        return best;
    }

    /** Replays made by the last {@link #shrink}. */
    public int runs() {
        return runs;
    }

    private Violation failing(Scenario base, List<SwarmEvent> events, String invariant) {
        runs++;
        SwarmRun.Outcome o = runner.apply(base.withEvents(events));
        return o.violated() && o.violation().invariant().equals(invariant) ? o.violation() : null;
    }

    private static Scenario shortened(Scenario s, List<SwarmEvent> events) {
        long last = events.stream().mapToLong(SwarmEvent::atMs).max().orElse(0) + s.stepMs();
        return new Scenario(s.seed(), s.users(), s.stepMs(), s.visibilityWindowMs(), Math.min(s.durationMs(), last), events,
                s.routingPolicy());
    }

    private static List<List<SwarmEvent>> split(List<SwarmEvent> list, int n) {
        List<List<SwarmEvent>> out = new ArrayList<>(n);
        int size = list.size();
        for (int i = 0; i < n; i++) {
            int from = (int) ((long) size * i / n);
            int to = (int) ((long) size * (i + 1) / n);
            if (to > from) {
                out.add(new ArrayList<>(list.subList(from, to)));
            }
        }
        return out;
    }
}
