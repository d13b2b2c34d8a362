package io.nija.core.store;

import io.nija.core.risk.KillSwitchState;

/** A kill switch as the store holds it: a user's ({@code userId}), or the global one ({@code userId} null). */
public record StoredKillSwitch(String userId, KillSwitchState state) {
}
