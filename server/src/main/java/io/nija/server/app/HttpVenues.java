package io.nija.server.app;

import io.nija.core.time.Clock;
import io.nija.core.venue.Venue;
import io.nija.venues.VenueAdapters;
import io.nija.venues.VenueConfig;
import io.nija.venues.common.HttpTimeouts;
import java.net.URI;

/**
 * Builds the HTTP adapter of one exchange (module venues). A production URL is refused unless the service
 * was started with --live: real money is never traded by accident.
 */
final class HttpVenues {
    private HttpVenues() {
    }

    static Venue create(String name, String baseUrl, Clock clock, boolean liveTrading) {
        URI url = URI.create(baseUrl);
        return VenueAdapters.create(new VenueConfig(name, url, url, liveTrading, false, HttpTimeouts.DEFAULT), clock);
    }
}
