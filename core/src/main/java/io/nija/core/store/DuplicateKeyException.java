package io.nija.core.store;

/** A create collided with something that already exists (a user id, say). */
public final class DuplicateKeyException extends RuntimeException {
    public DuplicateKeyException(String message) {
        super(message);
    }
}
