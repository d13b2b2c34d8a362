package io.nija.core.signal;

import java.util.Locale;

/**
 * What a signal is for. The priority follows the design: a stop loss protects capital and jumps every
 * queue, exits come next, entries after them, anything else last (lower number = served first).
 */
public enum SignalType {
    STOP_LOSS(1), EXIT(2), ENTRY(3), PROFIT_TAKE(4);

    private final int priority;

    SignalType(int priority) {
        this.priority = priority;
    }

    public int priority() {
        return priority;
    }

    /** Every type but an entry closes (part of) a position the user holds and must never open one. */
    public boolean reducesPosition() {
        return this != ENTRY;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SignalType parse(String text) {
        if (text != null) {
            for (SignalType t : values()) {
                if (t.wire().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
        }
        throw new SignalRejectedException("invalid_signal_type", "signal_type must be entry, exit, profit_take or stop_loss");
    }
}
