package io.nija.core.execution;

/**
 * The write-ahead log of venue requests: {@link #intent} is recorded before a request leaves, {@link #outcome}
 * after its answer (or its absence) is known. A request with an intent and no outcome is one that may have
 * reached the venue; after a crash it is resolved by asking the venue, never by sending again.
 */
public interface SendJournal {
    SendJournal NONE = new SendJournal() {
        @Override
        public long intent(ExecutionTask task) {
            return 0;
        }

        @Override
        public void outcome(long id, String outcome, String detail) {
        }
    };

    /** Records that {@code task} is about to be sent; returns the record's id. Throws if it cannot be recorded. */
    long intent(ExecutionTask task);

    void outcome(long id, String outcome, String detail);
}
