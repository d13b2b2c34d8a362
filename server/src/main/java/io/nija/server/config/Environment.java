package io.nija.server.config;

import java.util.Map;

/**
 * The process environment, read here and nowhere else: every {@code NIJA_*} variable the service knows goes through
 * this class, so one place says which exist (see {@link ServeConfig}) and tests can hand in a map instead.
 * Blank values count as unset, as they always have for these variables.
 */
public final class Environment {
    private static final Environment SYSTEM = new Environment(System.getenv());

    private final Map<String, String> variables;

    private Environment(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The JVM's own environment. */
    public static Environment system() {
        return SYSTEM;
    }

    /** A given set of variables (tests). */
    public static Environment of(Map<String, String> variables) {
        return new Environment(Map.copyOf(variables));
    }

    /** The variable's value, trimmed; null when unset or blank. */
    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
