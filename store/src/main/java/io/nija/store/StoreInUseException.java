package io.nija.store;

/**
 * The embedded store's data directory is held by a running service (its lock is taken). Distinct from other
 * failures to open a store so that tools can say "stop the service first" rather than "the store is broken".
 */
public final class StoreInUseException extends IllegalStateException {
    public StoreInUseException(String message) {
        super(message);
    }
}
