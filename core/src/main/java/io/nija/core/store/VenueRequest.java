package io.nija.core.store;

import java.time.Instant;

/**
 * The write-ahead record of one request to a venue: written (with {@code outcome} null) before the request
 * is sent, completed after. A request without an outcome after a crash is one whose fate must be asked.
 *
 * @param kind place, query or cancel
 */
public record VenueRequest(long id, String legId, String venue, String clientOrderId, String kind, Instant sentAt,
                           String outcome, Instant outcomeAt, String detail) {
}
