package io.nija.sim.engine;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an account's key may do and what kind of account it is. {@code unified} is Bybit's distinction between a
 * unified trading account and a classic one; it changes how a spot market buy's quantity is read there, and the
 * other venues ignore it.
 */
public record AccountOptions(Set<Permission> permissions, boolean unified) {
    /** Read and trade, unified. */
    public static final AccountOptions DEFAULT = new AccountOptions(Permission.defaults(), true);

    public AccountOptions {
        Objects.requireNonNull(permissions, "permissions");
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    public boolean can(Permission p) {
        return permissions.contains(p);
    }
}
