package io.nija.core.signal;

/**
 * A signal (or the order it would create) was refused before anything was sent to a venue. The
 * {@code code} is stable and machine-readable; the message explains it to a person.
 */
public class SignalRejectedException extends RuntimeException {
    private final String code;

    public SignalRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
