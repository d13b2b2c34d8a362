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
    /** Sends kept back by a rate limit (nothing left): bounded separately, far more loosely. */
    int rateLimitedSends;
    /** Questions asked while the leg's fate is open, for the doubling backoff between them. */
    int resolveAttempts;
    /**
     * A send of this leg of a split order was handed to its executor (not held back by the imbalance bound, not waiting
     * to be due): it counts as out when the next pieces are weighed against the bound.
     */
    boolean sentPiece;
    /** A send is on its way (queued at the executor, or waiting for its answer): at most one at a time. */
    boolean placeInFlight;
    /** The user cancelled the leg; an executor that has not sent it yet must not, and a live order is cancelled. */
    volatile boolean withdrawn;
    /**
     * Since when the leg's fate is open: a send went unanswered, or a restart found a send that may have reached the
     * venue. Null while the venue's view of the leg is known. A "no such order" counts only once the venue has not
     * known the order for longer than its visibility window from here.
     */
    Instant unknownSince;
    /** When the latest question about the leg was handed to its executor (the venue read it no earlier). */
    Instant lastQueryAt;
    /** A cancel of the leg is on its way (queued at the executor, or waiting for its answer). */
    boolean cancelInFlight;
    /** When the venue answered a cancel of the leg (with its state, or "no such order"); null before. */
    Instant cancelAnsweredAt;
    /** Follow-ups of the resting leg since it last changed, for the doubling wait between them. */
    int followUps;
    /** Bumped whenever the leg's next follow-up is set anew: an older scheduled follow-up finds it changed and stops. */
    int followUpGeneration;
    /** A stream message about the leg is being applied (not a REST answer), so its fills prove nothing stale. */
    boolean streamDelivering;
}
