package io.nija.core.risk;

import io.nija.core.signal.SignalRejectedException;
import java.util.Locale;

/**
 * What a kill switch does once on. Both refuse new entries and let exits and stops through, because a switch that
 * also refused exits would trap the trader in the positions it was meant to protect.
 */
public enum KillSwitchMode {
    /** Entries are refused; open orders are cancelled; positions stay, and may be closed by exits. */
    BLOCK_ENTRIES,
    /** As block_entries, and every open position is closed at market on the venue that holds it. */
    FLATTEN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static KillSwitchMode parse(String text) {
        if (text == null) {
            return BLOCK_ENTRIES;
        }
        for (KillSwitchMode m : values()) {
            if (m.wire().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new SignalRejectedException("invalid_kill_switch_mode", "mode must be block_entries or flatten");
    }
}
