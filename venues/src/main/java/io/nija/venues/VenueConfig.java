package io.nija.venues;

import io.nija.venues.common.HttpTimeouts;
import java.net.URI;
import java.util.Objects;

/**
 * How to reach one exchange. The default is the simulator on loopback; a sandbox or testnet is one call away;
 * a production URL is refused by {@link VenueAdapters} unless {@code liveTradingEnabled} says, explicitly, that
 * real orders are intended.
 *
 * @param marketDataUrl where books come from when the exchange serves them elsewhere (Alpaca); null = baseUrl
 * @param demoTrading   OKX demo trading: production host plus the x-simulated-trading header and demo keys
 */
public record VenueConfig(String venue, URI baseUrl, URI marketDataUrl, boolean liveTradingEnabled,
                          boolean demoTrading, HttpTimeouts timeouts) {
    /**
     * The standalone simulator's default addresses (docs/simulator.md): each dialect on its own loopback port
     * from 9100, in the order binance, kraken, coinbase, alpaca, okx, bybit, with the exchange's own paths.
     */
    public static final int DEFAULT_SIMULATOR_PORT_BASE = 9100;

    public VenueConfig {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(baseUrl, "baseUrl");
        venue = VenueEndpoints.normalize(venue);
        timeouts = timeouts == null ? HttpTimeouts.DEFAULT : timeouts;
        if (!"http".equalsIgnoreCase(baseUrl.getScheme()) && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
            throw new IllegalArgumentException("base URL must be http or https: " + baseUrl);
        }
    }

    /** The default: the simulator on loopback. */
    public static VenueConfig defaults(String venue) {
        int index = VenueAdapters.NAMES.indexOf(VenueEndpoints.normalize(venue));
        if (index < 0) {
            throw new IllegalArgumentException("unknown venue " + venue);
        }
        return simulator(venue, URI.create("http://127.0.0.1:" + (DEFAULT_SIMULATOR_PORT_BASE + index) + "/"));
    }

    public static VenueConfig simulator(String venue, URI simulatorUrl) {
        return new VenueConfig(venue, simulatorUrl, simulatorUrl, false, false, HttpTimeouts.DEFAULT);
    }

    /** The exchange's own sandbox or testnet; Kraken has none for spot. */
    public static VenueConfig sandbox(String venue) {
        URI url = VenueEndpoints.sandbox(venue).orElseThrow(() ->
                new IllegalArgumentException(venue + " has no spot sandbox; use the simulator"));
        boolean okx = "okx".equals(VenueEndpoints.normalize(venue));
        return new VenueConfig(venue, url, VenueEndpoints.marketData(venue, url), false, okx, HttpTimeouts.DEFAULT);
    }

    /** Production; {@code liveTradingEnabled} must be true or the factory refuses to build it. */
    public static VenueConfig production(String venue, boolean liveTradingEnabled) {
        URI url = VenueEndpoints.production(venue);
        return new VenueConfig(venue, url, VenueEndpoints.marketData(venue, url), liveTradingEnabled, false,
                HttpTimeouts.DEFAULT);
    }

    public VenueConfig withTimeouts(HttpTimeouts t) {
        return new VenueConfig(venue, baseUrl, marketDataUrl, liveTradingEnabled, demoTrading, t);
    }

    /** True when this configuration would place real orders. */
    public boolean isLive() {
        return VenueEndpoints.isLive(venue, baseUrl, demoTrading);
    }
}
