package io.nija.sim.engine;

import java.util.Objects;

/** The behaviours in which exchanges differ and which the engine itself enforces or exposes. */
public record VenueRules(ClientIdReuse clientIdReuse, FillIdentity fillIdentity) {
    /** Client ids reusable once closed, fills identified per account. */
    public static final VenueRules DEFAULT = new VenueRules(ClientIdReuse.WHILE_OPEN, FillIdentity.ACCOUNT_FILL_ID);

    public VenueRules {
        Objects.requireNonNull(clientIdReuse, "clientIdReuse");
        Objects.requireNonNull(fillIdentity, "fillIdentity");
    }
}
