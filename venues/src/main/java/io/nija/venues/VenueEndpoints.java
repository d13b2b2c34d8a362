package io.nija.venues;

import io.nija.venues.alpaca.AlpacaVenue;
import io.nija.venues.binance.BinanceVenue;
import io.nija.venues.bybit.BybitVenue;
import io.nija.venues.coinbase.CoinbaseVenue;
import io.nija.venues.kraken.KrakenVenue;
import io.nija.venues.okx.OkxVenue;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where each exchange lives: production, its sandbox or testnet when it has one, and which hosts are safe to use
 * without real money. Anything that is neither loopback nor a known sandbox host counts as live, so an unknown
 * URL (a regional mirror, a typo of the sandbox) needs the same explicit opt-in as production.
 */
public final class VenueEndpoints {
    private static final Map<String, URI> PRODUCTION = Map.of(
            BinanceVenue.NAME, BinanceVenue.PRODUCTION,
            KrakenVenue.NAME, KrakenVenue.PRODUCTION,
            CoinbaseVenue.NAME, CoinbaseVenue.PRODUCTION,
            AlpacaVenue.NAME, AlpacaVenue.PRODUCTION,
            OkxVenue.NAME, OkxVenue.PRODUCTION,
            BybitVenue.NAME, BybitVenue.PRODUCTION);
    /** Kraken has no spot sandbox; OKX's demo is its production host plus the x-simulated-trading header. */
    private static final Map<String, URI> SANDBOX = Map.of(
            BinanceVenue.NAME, BinanceVenue.TESTNET,
            CoinbaseVenue.NAME, CoinbaseVenue.SANDBOX,
            AlpacaVenue.NAME, AlpacaVenue.PAPER,
            OkxVenue.NAME, OkxVenue.PRODUCTION,
            BybitVenue.NAME, BybitVenue.TESTNET);
    private static final Set<String> SANDBOX_HOSTS = Set.of("testnet.binance.vision", "demo-api.binance.com",
            "api-sandbox.coinbase.com", "paper-api.alpaca.markets", "api-testnet.bybit.com", "api-demo.bybit.com");
    private static final Set<String> OKX_HOSTS = Set.of("www.okx.com", "okx.com", "app.okx.com", "us.okx.com",
            "eea.okx.com", "aws.okx.com");

    private VenueEndpoints() {
    }

    public static URI production(String venue) {
        URI u = PRODUCTION.get(normalize(venue));
        if (u == null) {
            throw new IllegalArgumentException("unknown venue '" + venue + "'");
        }
        return u;
    }

    public static Optional<URI> sandbox(String venue) {
        production(venue);
        return Optional.ofNullable(SANDBOX.get(normalize(venue)));
    }

    /** Alpaca serves books from a separate market-data host; every other venue from its base URL. */
    public static URI marketData(String venue, URI baseUrl) {
        if (AlpacaVenue.NAME.equals(normalize(venue)) && !isLoopback(baseUrl)) {
            return AlpacaVenue.MARKET_DATA;
        }
        return baseUrl;
    }

    /** True when orders sent to {@code baseUrl} would trade real money. */
    public static boolean isLive(String venue, URI baseUrl, boolean demoTrading) {
        if (isLoopback(baseUrl)) {
            return false;
        }
        String host = baseUrl.getHost() == null ? "" : baseUrl.getHost().toLowerCase(Locale.ROOT);
        if (SANDBOX_HOSTS.contains(host)) {
            return false;
        }
        return !(OkxVenue.NAME.equals(normalize(venue)) && demoTrading && OKX_HOSTS.contains(host));
    }

    static boolean isLoopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        // Only literal addresses are checked, so this never resolves a name over the network.
        if (!host.matches("[0-9.]+") && !host.startsWith("[")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String normalize(String venue) {
        return venue == null ? "" : venue.trim().toLowerCase(Locale.ROOT);
    }
}
