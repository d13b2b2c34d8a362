package io.nija.server.load;

import java.time.Duration;

/**
 * A finished run: its plan, where it ran, the final {@link LoadStats.Snapshot} and, for the fan-out, the webhook's
 * answer. {@code timedOut}: some order was not final when the plan's timeout ran out.
 */
public record LoadResult(LoadPlan plan, String target, LoadStats.Snapshot numbers, FanOutAnswer fanOut, boolean timedOut) {
    /** The webhook's answer to the fan-out's alert and how long it took. */
    public record FanOutAnswer(int status, String body, Duration took, int ordersOfLimitedSubscribers) {
    }
}
