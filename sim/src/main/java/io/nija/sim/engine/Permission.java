package io.nija.sim.engine;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an api key may do. Exchanges issue keys with scopes; a call outside them fails with the venue's own
 * permission error (the engine throws PERMISSION_DENIED and each dialect spells it). Reads of orders, fills,
 * balances and fees need READ; placing and cancelling need TRADE. WITHDRAW gates nothing here (the simulator
 * moves no funds out) but is reported by the key-introspection endpoints, so a router can refuse such keys.
 */
public enum Permission {
    READ, TRADE, WITHDRAW;

    /** What a key gets when none are given: read and trade, as a trading bot's key usually has. */
    public static Set<Permission> defaults() {
        return EnumSet.of(READ, TRADE);
    }

    /** "read", "trade" or "withdraw"; IllegalArgumentException for anything else. */
    public static Permission parse(String wire) {
        if (wire != null) {
            for (Permission p : values()) {
                if (p.wire().equals(wire.toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown permission '" + wire + "'; known: read, trade, withdraw");
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
