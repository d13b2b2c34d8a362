package io.nija.core.execution;

import io.nija.core.instrument.Pair;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One unit of work for a venue executor, on behalf of one user's order leg. The executor never touches
 * the order itself: it performs the call and hands an {@link ExecutionReport} to {@code sink}, which
 * brings it back to the user's lane. {@code withdrawn} tells the executor, just before sending, that the
 * user has cancelled the order meanwhile.
 *
 * @param priority 1 = stop loss ... 4 = other; queries that resolve unknown orders and cancels use 0 (they guard
 *                 against double placement and let users out); routine follow-ups of resting orders use 4
 */
public record ExecutionTask(TaskKind kind, String userId, String orderId, String legId, int priority, Pair pair,
                            VenueAccount account, VenueOrderRequest request, Consumer<ExecutionReport> sink,
                            BooleanSupplier withdrawn) {
    public static final int RESOLVE_PRIORITY = 0;
    public static final int FOLLOW_UP_PRIORITY = 4;

    public ExecutionTask asQuery() {
        return new ExecutionTask(TaskKind.QUERY, userId, orderId, legId, RESOLVE_PRIORITY, pair, account, request, sink, withdrawn);
    }

    /** A routine question about a resting order: after new orders and cancels, never ahead of them. */
    public ExecutionTask asFollowUp() {
        return new ExecutionTask(TaskKind.QUERY, userId, orderId, legId, FOLLOW_UP_PRIORITY, pair, account, request, sink, withdrawn);
    }

    /** A routine read of all the account's open orders at the venue, on behalf of its resting legs. */
    public ExecutionTask asOpenOrdersRead() {
        return new ExecutionTask(TaskKind.OPEN_ORDERS, userId, orderId, legId, FOLLOW_UP_PRIORITY, pair, account, request, sink, withdrawn);
    }

    public ExecutionTask asCancel() {
        return new ExecutionTask(TaskKind.CANCEL, userId, orderId, legId, RESOLVE_PRIORITY, pair, account, request, sink, withdrawn);
    }

    public ExecutionTask withRequest(VenueOrderRequest r) {
        return new ExecutionTask(kind, userId, orderId, legId, priority, pair, account, r, sink, withdrawn);
    }
}
