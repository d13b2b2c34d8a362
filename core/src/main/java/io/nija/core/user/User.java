package io.nija.core.user;

import java.time.Instant;
import java.util.Objects;

public record User(String userId, Role role, UserLimits limits, Instant createdAt) {
    public User {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public User withLimits(UserLimits l) {
        return new User(userId, role, l, createdAt);
    }
}
