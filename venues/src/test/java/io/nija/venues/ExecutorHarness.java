package io.nija.venues;

import io.nija.core.execution.ExecutionReport;
import io.nija.core.execution.ExecutionTask;
import io.nija.core.execution.ExecutorConfig;
import io.nija.core.execution.TaskKind;
import io.nija.core.execution.VenueExecutor;
import io.nija.core.instrument.Pair;
import io.nija.core.routing.ExecutionStats;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An adapter behind the router's own executor, run inline in virtual time: a task submitted here is answered (or set
 * to wait by the venue's budget) before {@code submit} returns, and {@link #advance} lets waits run out.
 */
public final class ExecutorHarness implements AutoCloseable {
    public final ManualScheduler scheduler;
    public final VenueExecutor executor;
    public final List<ExecutionReport> reports = Collections.synchronizedList(new ArrayList<>());

    public ExecutorHarness(Venue venue, ManualClock clock) {
        this.scheduler = new ManualScheduler(clock);
        this.executor = new VenueExecutor(venue, ExecutorConfig.defaults().withInlineCalls(), clock, scheduler,
                new ExecutionStats(10));
    }

    public ExecutionReport place(VenueAccount account, VenueOrderRequest request) {
        submit(TaskKind.PLACE, account, request);
        return reports.getLast();
    }

    /**
     * Places through a fresh executor, as the router does (the read-back included, for acknowledgement-only venues),
     * and returns the state the report carries; fails the test on any other report.
     */
    public static io.nija.core.venue.VenueOrderState placed(Venue venue, ManualClock clock, VenueAccount account,
                                                            VenueOrderRequest request) {
        try (ExecutorHarness h = new ExecutorHarness(venue, clock)) {
            ExecutionReport r = h.place(account, request);
            if (r instanceof ExecutionReport.VenueState s) {
                return s.state();
            }
            throw new AssertionError("expected the accepted order's state, got " + r);
        }
    }

    public void submit(TaskKind kind, VenueAccount account, VenueOrderRequest request) {
        executor.submit(new ExecutionTask(kind, account.userId(), "o-" + request.clientOrderId(),
                "l-" + request.clientOrderId(), 3, Pair.parse("BTC-USD"), account, request, reports::add, () -> false));
    }

    public void advance(Duration d) {
        scheduler.advance(d);
    }

    public List<ExecutionReport> reportsFor(String userId) {
        synchronized (reports) {
            return reports.stream().filter(r -> r.task().userId().equals(userId)).toList();
        }
    }

    @Override
    public void close() {
        executor.close();
    }
}
