package io.nija.store;

import io.nija.core.risk.KillSwitchMode;
import io.nija.core.risk.KillSwitchState;
import io.nija.core.store.StoredKillSwitch;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/** kill_switches: each user's switch and the global one (scope '*'), as last set. */
final class KillSwitchRows {
    private static final String GLOBAL = "*";
    private final Jdbi jdbi;

    KillSwitchRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void save(String userId, KillSwitchState state) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO kill_switches (scope, enabled, mode, set_at) VALUES (:scope, :enabled, :mode, :at)
                        ON CONFLICT (scope) DO UPDATE SET enabled = EXCLUDED.enabled, mode = EXCLUDED.mode,
                          set_at = EXCLUDED.set_at""")
                .bind("scope", userId == null ? GLOBAL : userId).bind("enabled", state.enabled())
                .bind("mode", state.mode().name().toLowerCase(Locale.ROOT)).bind("at", Sql.ts(state.setAt()))
                .execute());
    }

    List<StoredKillSwitch> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT scope, enabled, mode, set_at FROM kill_switches ORDER BY scope")
                .map((rs, ctx) -> new StoredKillSwitch(GLOBAL.equals(rs.getString("scope")) ? null : rs.getString("scope"),
                        new KillSwitchState(rs.getBoolean("enabled"),
                                KillSwitchMode.valueOf(rs.getString("mode").toUpperCase(Locale.ROOT)),
                                Sql.instant(rs, "set_at"))))
                .list());
    }
}
