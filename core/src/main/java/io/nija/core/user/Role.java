package io.nija.core.user;

import java.util.Locale;

public enum Role {
    ADMIN, USER, PUBLISHER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
