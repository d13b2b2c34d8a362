package io.nija.sim.engine;

/**
 * Where an engine reports the commands it carried out, for persistence. {@link #append} is called under the
 * engine lock (so the journal's order is the engine's order) and must only enqueue; {@link #awaitDurable} is
 * called after the lock is released and returns once the command is on disk, so the slow part (write and
 * fsync) never holds up other callers of the engine, and concurrent callers share one fsync (group commit).
 */
public interface EngineJournal {
    /** No persistence. */
    EngineJournal NONE = new EngineJournal() {
        @Override
        public long append(EngineCommand command) {
            return 0;
        }

        @Override
        public void awaitDurable(long ticket) {
        }
    };

    /** Enqueues the command; returns a ticket for {@link #awaitDurable}. Called under the engine lock. */
    long append(EngineCommand command);

    /** Blocks until the command with this ticket (and every earlier one) is durable. */
    void awaitDurable(long ticket);
}
