package io.nija.core.execution;

import java.time.Duration;

/**
 * Tunables of one venue executor.
 *
 * @param maxInFlight            venue calls running at once (each on its own virtual thread)
 * @param venueRequestsPerSecond requests per second the venue allows from this router's IP (shared by all users)
 * @param perKeyRequestsPerSecond requests per second the venue allows per API key (one bucket per user key)
 * @param breakerFailureRate     percentage of venue-side failures over the window that opens the breaker
 * @param breakerWindow          number of recent calls the failure rate is measured over
 * @param breakerOpenFor         how long the breaker stays open before letting trial calls through
 */
public record ExecutorConfig(int maxInFlight, int venueRequestsPerSecond, int perKeyRequestsPerSecond,
                             float breakerFailureRate, int breakerWindow, Duration breakerOpenFor) {
    public static ExecutorConfig defaults() {
        return new ExecutorConfig(64, 1200, 50, 50f, 50, Duration.ofSeconds(30));
    }
}
