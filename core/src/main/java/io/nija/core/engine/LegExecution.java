package io.nija.core.engine;

import io.nija.core.execution.ExecutionTask;
import java.time.Instant;

/**
 * Where one order leg stands with its venue, as the user's lane drives it: the task that sends, asks about and
 * cancels it, how often it was sent and asked about, and what is on its way. One object per leg instead of a map
 * per field, so a leg's execution state is created, read and dropped in one piece.
 *
 * <p>Only the user's lane touches it, except {@link #withdrawn}, which venue executors read (on their own threads)
 * just before they send the leg.
 */
final class LegExecution {
    /** Built on the leg's first dispatch and reused to re-send, ask about or cancel it. */
    ExecutionTask task;
    /** Sends of the leg with its client order id, to bound them. */
    int sends;
    /** Questions asked while the leg's fate is open, for the doubling backoff between them. */
    int resolveAttempts;
    /** A send is on its way (queued at the executor, or waiting for its answer): at most one at a time. */
    boolean placeInFlight;
    /** The user cancelled the leg; an executor that has not sent it yet must not. */
    volatile boolean withdrawn;
}
