package io.nija.core.user;

import java.util.Locale;

/**
 * Whether a user trades on paper or with real keys. Stored per user; what it changes lies with the service (today:
 * paper users get funded accounts on the in-process simulator, live users trade with the keys they put).
 */
public enum UserMode {
    PAPER, LIVE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "paper" or "live"; IllegalArgumentException for anything else (including null). */
    public static UserMode parse(String wire) {
        for (UserMode m : values()) {
            if (m.wire().equals(wire)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode must be paper or live");
    }
}
