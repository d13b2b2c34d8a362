package io.nija.core.engine;

import java.util.List;

/** The answer to an accepted signal. {@code duplicate} is true when an idempotency key matched an earlier one. */
public record SignalAck(String signalId, String status, List<String> orderIds, boolean duplicate) {
}
