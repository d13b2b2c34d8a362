package io.nija.sim.swarm;

import java.util.List;

/**
 * An invariant that did not hold: where (seed, step, virtual time), which one, what was seen, and the trail of
 * events applied up to that step, which replays the case without the seed.
 */
public record Violation(long seed, int step, long atMs, String invariant, String detail, List<SwarmEvent> trail) {
    public Violation {
        trail = List.copyOf(trail);
    }

    /** The reproduction as printed by the swarm and the CLI. */
    public String describe() {
        StringBuilder sb = new StringBuilder()
                .append("violation: ").append(invariant).append('\n')
                .append("  seed ").append(seed).append(", step ").append(step).append(" (").append(atMs).append(" ms virtual)\n")
                .append("  seen: ").append(detail).append('\n')
                .append("  trail (").append(trail.size()).append(" events):\n");
        trail.forEach(e -> sb.append("    ").append(e).append('\n'));
        return sb.toString();
    }
}
