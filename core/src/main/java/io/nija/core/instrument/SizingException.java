package io.nija.core.instrument;

/** A USD size could not be turned into a valid venue quantity. {@code code} is machine-readable. */
public final class SizingException extends RuntimeException {
    private final String code;

    public SizingException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
