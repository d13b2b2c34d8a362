package io.nija.core.execution;

import java.time.Duration;

/**
 * Tunables of one venue executor.
 *
 * @param maxInFlight            venue calls running at once (each on its own virtual thread)
 * @param venueRequestsPerSecond for a venue without a budget of its own ({@code Venue#budget()} empty: the in-process
 *                               simulator), requests per second from this router's IP (shared by all users)
 * @param perKeyRequestsPerSecond for such a venue, requests per second per API key (one bucket per user key)
 * @param breakerFailureRate     percentage of venue-side failures over the window that opens the breaker
 * @param breakerWindow          number of recent calls the failure rate is measured over
 * @param breakerOpenFor         how long the breaker stays open before letting trial calls through
 * @param inlineCalls            simulations only: no dispatcher thread and no thread per call; each submit runs the
 *                               queue to empty on the caller's thread, and waits go through the scheduler, so a run
 *                               in virtual time is single-threaded, deterministic and needs no polling
 */
public record ExecutorConfig(int maxInFlight, int venueRequestsPerSecond, int perKeyRequestsPerSecond,
                             float breakerFailureRate, int breakerWindow, Duration breakerOpenFor, boolean inlineCalls) {
    public ExecutorConfig(int maxInFlight, int venueRequestsPerSecond, int perKeyRequestsPerSecond,
                          float breakerFailureRate, int breakerWindow, Duration breakerOpenFor) {
        this(maxInFlight, venueRequestsPerSecond, perKeyRequestsPerSecond, breakerFailureRate, breakerWindow,
                breakerOpenFor, false);
    }

    public static ExecutorConfig defaults() {
        return new ExecutorConfig(64, 1200, 50, 50f, 50, Duration.ofSeconds(30));
    }

    /** The same executor, run inline on the caller's thread (deterministic simulations in virtual time). */
    public ExecutorConfig withInlineCalls() {
        return new ExecutorConfig(maxInFlight, venueRequestsPerSecond, perKeyRequestsPerSecond, breakerFailureRate,
                breakerWindow, breakerOpenFor, true);
    }
}
