package io.nija.core.engine;

import io.nija.core.execution.ExecutionTask;
import io.nija.core.execution.SendJournal;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import java.util.Locale;

/** The executors' write-ahead log, kept in the store's venue_requests. */
final class StoreSendJournal implements SendJournal {
    private final Store store;
    private final Clock clock;
    private final String venue;

    StoreSendJournal(Store store, Clock clock, String venue) {
        this.store = store;
        this.clock = clock;
        this.venue = venue;
    }

    @Override
    public long intent(ExecutionTask task) {
        return store.beginVenueRequest(task.legId(), venue, task.request().clientOrderId(),
                task.kind().name().toLowerCase(Locale.ROOT), clock.now());
    }

    @Override
    public void outcome(long id, String outcome, String detail) {
        store.completeVenueRequest(id, outcome, clock.now(), detail);
    }
}
