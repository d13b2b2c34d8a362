package io.nija.sim.market;

import io.nija.core.venue.FeeSchedule;
import io.nija.sim.account.CredentialStyle;
import io.nija.sim.engine.IdStyle;
import io.nija.sim.engine.Listing;
import io.nija.sim.engine.VenueRules;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that makes one simulated venue itself: its name, the quote asset it really uses, its default
 * fee rates, how its ids and keys look, what it lists, what a fresh paper account there holds, and the rules in
 * which exchanges differ (client-id reuse, which id names a fill).
 */
public record VenueSpec(String name, String quoteAsset, FeeSchedule fees, IdStyle idStyle,
                        CredentialStyle credentialStyle, List<Listing> listings,
                        Map<String, BigDecimal> paperBalances, VenueRules rules) {
    /** A venue with the default rules (client ids reusable once closed, fills identified per account). */
    public VenueSpec(String name, String quoteAsset, FeeSchedule fees, IdStyle idStyle,
                     CredentialStyle credentialStyle, List<Listing> listings, Map<String, BigDecimal> paperBalances) {
        this(name, quoteAsset, fees, idStyle, credentialStyle, listings, paperBalances, VenueRules.DEFAULT);
    }

    public VenueSpec {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quoteAsset, "quoteAsset");
        Objects.requireNonNull(fees, "fees");
        Objects.requireNonNull(idStyle, "idStyle");
        Objects.requireNonNull(credentialStyle, "credentialStyle");
        listings = List.copyOf(listings);
        paperBalances = Map.copyOf(paperBalances);
    }
}
