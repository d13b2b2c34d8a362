package io.nija.sim.swarm;

/**
 * A property checked after every step of a swarm run. The built-in ones live in {@link Invariants}; tests add
 * their own (a deliberately false one proves the shrinker).
 */
public interface Invariant {
    /** The name a violation reports (and the shrinker keeps while it drops events). */
    String name();

    /** Null when the property holds, else what was seen. */
    String check(SwarmRun.View run);
}
