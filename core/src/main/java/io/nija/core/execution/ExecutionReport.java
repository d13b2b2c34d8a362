package io.nija.core.execution;

import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueOrderState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What came back from a venue call, delivered to the user's lane. */
public sealed interface ExecutionReport {
    ExecutionTask task();

    /** The venue answered with the order's state (after a place, a query that found it, or a cancel). */
    record VenueState(ExecutionTask task, VenueOrderState state, long latencyNanos) implements ExecutionReport { }

    /** The venue definitively refused; no order exists there. */
    record Refused(ExecutionTask task, VenueErrorKind kind, String message) implements ExecutionReport { }

    /** The request may have reached the venue but no answer says what happened: ask, do not resend. */
    record Unknown(ExecutionTask task, String message) implements ExecutionReport { }

    /** The request was not sent (breaker open, venue rate limit); it may be retried or routed elsewhere. */
    record NotSent(ExecutionTask task, VenueErrorKind kind, String message, Duration retryAfter) implements ExecutionReport { }

    /** The account's open orders at the venue, as one read showed them (no fills: cumulative quantities only). */
    record OpenOrders(ExecutionTask task, List<VenueOrderState> open, long latencyNanos) implements ExecutionReport {
        public OpenOrders {
            open = List.copyOf(open);
        }
    }

    /** A query confirmed that the venue holds no order with this client order id. */
    record NotFound(ExecutionTask task) implements ExecutionReport { }

    /** A query or cancel itself failed; the order's fate is still what it was. */
    record QueryFailed(ExecutionTask task, VenueErrorKind kind, String message) implements ExecutionReport { }

    static ExecutionReport ofQuery(ExecutionTask task, Optional<VenueOrderState> state, long latencyNanos) {
        return state.<ExecutionReport>map(s -> new VenueState(task, s, latencyNanos)).orElseGet(() -> new NotFound(task));
    }
}
