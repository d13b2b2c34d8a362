package io.nija.sim.fault;

/**
 * Faults of a simulated venue's websocket streams, as {@code POST /__sim/faults} sets them next to the REST faults.
 *
 * @param stall         data messages are dropped while heartbeats (pings, pongs, subscription answers) go on: the
 *                      silent stream real users report, which only its missing data gives away
 * @param disconnect    every open stream is closed, and new connections are closed as soon as they open, while set
 * @param delayMs       every data message leaves this long after the change it reports
 * @param duplicateRate probability that a data message is sent twice
 * @param bookGapRate   probability that a book update is skipped while its sequence number still advances
 */
public record StreamFaults(boolean stall, boolean disconnect, long delayMs, double duplicateRate, double bookGapRate) {
    public static final StreamFaults NONE = new StreamFaults(false, false, 0, 0, 0);

    public StreamFaults {
        if (delayMs < 0 || delayMs > SimFaults.MAX_MS) {
            throw new IllegalArgumentException("stream_delay_ms must be between 0 and " + SimFaults.MAX_MS);
        }
        if (!(duplicateRate >= 0 && duplicateRate <= 1)) {
            throw new IllegalArgumentException("stream_duplicate_rate must be between 0 and 1");
        }
        if (!(bookGapRate >= 0 && bookGapRate <= 1)) {
            throw new IllegalArgumentException("book_gap_rate must be between 0 and 1");
        }
    }
}
