package io.nija.sim.fault;

import io.nija.core.time.ManualClock;
import java.time.Duration;

/**
 * How injected latency passes. Production sleeps the thread; deterministic tests and simulations advance a
 * {@link ManualClock} instead, so "200 ms of latency" costs no real time and still shows in measured latency.
 */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration);

    static Sleeper threadSleep() {
        return d -> {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                // Keep the interrupt for the caller's own loop; the simulated call simply goes ahead sooner.
                Thread.currentThread().interrupt();
            }
        };
    }

    static Sleeper advancing(ManualClock clock) {
        return clock::advance;
    }

    static Sleeper none() {
        return d -> { };
    }
}
