package io.nija.server.auth;

import io.nija.core.user.Role;

/** Who is calling: the admin, or one user (role user or publisher). */
public record Principal(String userId, Role role) {
    public static final Principal ADMIN = new Principal("admin", Role.ADMIN);

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Admins may act for anyone; users (and publishers) only for themselves. */
    public boolean mayActFor(String otherUserId) {
        return isAdmin() || userId.equals(otherUserId);
    }

    /**
     * Admins may publish signals for any strategy; a publisher for the strategies it owns, which are the ones
     * named {@code <publisher user_id>:<name>}. User ids cannot contain ':', so the owner is unambiguous.
     */
    public boolean mayPublish(String strategy) {
        return isAdmin() || role == Role.PUBLISHER && strategy != null && strategy.startsWith(userId + ":");
    }
}
