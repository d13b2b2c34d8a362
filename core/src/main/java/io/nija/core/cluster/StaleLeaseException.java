package io.nija.core.cluster;

/**
 * A write of order state (or a send) for a shard this instance no longer holds: another instance took it over and
 * owns its users now. The write was not made.
 */
public final class StaleLeaseException extends RuntimeException {
    public StaleLeaseException(String message) {
        super(message);
    }
}
