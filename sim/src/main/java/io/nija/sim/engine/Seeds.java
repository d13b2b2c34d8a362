package io.nija.sim.engine;

/**
 * Derives independent, reproducible random streams from one seed. Everything random in the simulator
 * (books, drift, ids, credentials, faults) starts here, so the same seed replays the same market.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for the named sub-stream; String.hashCode is specified by the JLS, so this is stable across JVMs. */
    public static long derive(long seed, String label) {
        return mix(seed ^ mix(label.hashCode() * 0x9E3779B97F4A7C15L + label.length()));
    }

    /** SplitMix64's finaliser: a bijection on 64-bit values that scatters neighbouring inputs. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
