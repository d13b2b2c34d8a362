package io.nija.server.app;

import io.nija.core.time.Clock;
import io.nija.core.venue.Venue;

/** Builds the HTTP adapter of one exchange (module venues). */
final class HttpVenues {
    private HttpVenues() {
    }

    static Venue create(String name, String baseUrl, Clock clock, boolean liveTrading) {
        throw new IllegalArgumentException("HTTP venue adapters are not wired yet (issue 3); run serve without --venues-from");
    }
}
