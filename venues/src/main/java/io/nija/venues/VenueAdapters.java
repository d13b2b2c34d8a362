package io.nija.venues;

import io.nija.core.time.Clock;
import io.nija.core.venue.Venue;
import io.nija.venues.alpaca.AlpacaVenue;
import io.nija.venues.binance.BinanceVenue;
import io.nija.venues.bybit.BybitVenue;
import io.nija.venues.coinbase.CoinbaseVenue;
import io.nija.venues.common.HttpTimeouts;
import io.nija.venues.kraken.KrakenVenue;
import io.nija.venues.okx.OkxVenue;
import java.net.URI;
import java.util.List;

/** Builds the HTTP adapter of one exchange. Each adapter owns one HttpClient, reused for all its calls. */
public final class VenueAdapters {
    public static final List<String> NAMES = List.of(BinanceVenue.NAME, KrakenVenue.NAME, CoinbaseVenue.NAME,
            AlpacaVenue.NAME, OkxVenue.NAME, BybitVenue.NAME);

    private VenueAdapters() {
    }

    /** An adapter for a non-live URL (simulator, sandbox); a production URL is refused. */
    public static Venue create(String venue, URI baseUrl, Clock clock, HttpTimeouts timeouts) {
        return create(new VenueConfig(venue, baseUrl, VenueEndpoints.marketData(venue, baseUrl), false, false, timeouts),
                clock);
    }

    /**
     * @throws IllegalStateException when the configuration points at real money without liveTradingEnabled
     * @throws IllegalArgumentException for a venue this module has no adapter for
     */
    public static Venue create(VenueConfig config, Clock clock) {
        if (config.isLive() && !config.liveTradingEnabled()) {
            throw new IllegalStateException(config.venue() + " at " + config.baseUrl()
                    + " trades real money; set liveTradingEnabled to use it");
        }
        if (config.demoTrading() && !OkxVenue.NAME.equals(config.venue())) {
            throw new IllegalArgumentException("demo trading by header exists only on okx");
        }
        URI data = config.marketDataUrl() == null ? config.baseUrl() : config.marketDataUrl();
        HttpTimeouts t = config.timeouts();
        return switch (config.venue()) {
            case BinanceVenue.NAME -> new BinanceVenue(config.baseUrl(), clock, t);
            case KrakenVenue.NAME -> new KrakenVenue(config.baseUrl(), clock, t);
            case CoinbaseVenue.NAME -> new CoinbaseVenue(config.baseUrl(), clock, t);
            case AlpacaVenue.NAME -> new AlpacaVenue(config.baseUrl(), data, clock, t);
            case OkxVenue.NAME -> new OkxVenue(config.baseUrl(), clock, t, config.demoTrading());
            case BybitVenue.NAME -> new BybitVenue(config.baseUrl(), clock, t);
            default -> throw new IllegalArgumentException("no adapter for venue '" + config.venue() + "'; known: " + NAMES);
        };
    }
}
