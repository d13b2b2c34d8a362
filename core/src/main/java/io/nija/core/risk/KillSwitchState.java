package io.nija.core.risk;

import java.time.Instant;
import java.util.Objects;

/** A kill switch as last set: on or off, how, and when (null when it was never set since the router started). */
public record KillSwitchState(boolean enabled, KillSwitchMode mode, Instant setAt) {
    public static final KillSwitchState OFF = new KillSwitchState(false, KillSwitchMode.BLOCK_ENTRIES, null);

    public KillSwitchState {
        Objects.requireNonNull(mode, "mode");
    }
}
