package io.nija.core.store;

import java.time.Instant;
import java.util.List;

/** What the store holds about a signal it has accepted: enough to answer a repeated idempotency key. */
public record AcceptedSignal(String signalId, String userId, String idempotencyKey, List<String> orderIds,
                             Instant acceptedAt) {
    public AcceptedSignal {
        orderIds = List.copyOf(orderIds);
    }
}
