package io.nija.server.auth;

import io.nija.core.user.Role;

/** Who is calling: the admin, or one user. */
public record Principal(String userId, Role role) {
    public static final Principal ADMIN = new Principal("admin", Role.ADMIN);

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Admins may act for anyone; users only for themselves. */
    public boolean mayActFor(String otherUserId) {
        return isAdmin() || userId.equals(otherUserId);
    }
}
