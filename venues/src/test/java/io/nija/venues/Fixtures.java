package io.nija.venues;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.venues.common.HttpTimeouts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** Shared test values: a fixed clock, short timeouts, accounts with throwaway credentials. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");
    public static final HttpTimeouts FAST = new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private Fixtures() {
    }

    public static ManualClock clock() {
        return new ManualClock(T0);
    }

    public static VenueAccount account(String user, String venue, String key, String secret) {
        return new VenueAccount(user, venue, key, secret, null);
    }

    public static Instrument instrument(String venue, String symbol, String tick, String lot) {
        return new Instrument(venue, Pair.parse("BTC-USD"), symbol, new BigDecimal(tick), new BigDecimal(lot),
                new BigDecimal(lot), BigDecimal.ONE);
    }
}
