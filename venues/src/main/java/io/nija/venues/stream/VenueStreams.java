package io.nija.venues.stream;

import io.nija.venues.binance.BinanceBookStream;
import io.nija.venues.binance.BinanceUserStream;
import io.nija.venues.bybit.BybitBookStream;
import io.nija.venues.bybit.BybitPrivateStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The stream dialects of the venues (private and book streams: Binance, Bybit, OKX, Kraken, Coinbase, Alpaca), for a venue reached at {@code restBase}: the simulator on loopback serves its streams on the same port (ws://),
 * the exchanges on their own stream hosts. Other venues have none yet: their orders and books are read by REST.
 */
public final class VenueStreams {
    private VenueStreams() {
    }

    /**
     * @param adapter the venue's REST adapter: calls the stream needs (Binance's listen keys) go through it, within
     *                its request budget; without a Binance adapter there is no Binance user stream
     */
    public static Optional<PrivateStreamDialect> privateStream(String venue, URI restBase, io.nija.core.venue.Venue adapter) {
        if (venue.equals("binance") && !(adapter instanceof io.nija.venues.binance.BinanceVenue)
                || venue.equals("okx") && !(adapter instanceof io.nija.venues.okx.OkxVenue)
                || venue.equals("kraken") && !(adapter instanceof io.nija.venues.kraken.KrakenVenue)
                || venue.equals("coinbase") && !(adapter instanceof io.nija.venues.coinbase.CoinbaseVenue)
                || venue.equals("alpaca") && !(adapter instanceof io.nija.venues.alpaca.AlpacaVenue)) {
            return Optional.empty();
        }
        Optional<URI> base = privateHost(venue, restBase, adapter).or(() -> streamBase(venue, restBase));
        return base.map(ws -> switch (venue) {
            case "binance" -> new BinanceUserStream(((io.nija.venues.binance.BinanceVenue) adapter).listenKeys(), ws);
            case "bybit" -> new BybitPrivateStream(ws);
            case "okx" -> new io.nija.venues.okx.OkxPrivateStream(ws, ((io.nija.venues.okx.OkxVenue) adapter).clock());
            case "kraken" -> new io.nija.venues.kraken.KrakenPrivateStream(ws,
                    ((io.nija.venues.kraken.KrakenVenue) adapter)::webSocketsToken);
            case "coinbase" -> new io.nija.venues.coinbase.CoinbasePrivateStream(ws,
                    ((io.nija.venues.coinbase.CoinbaseVenue) adapter)::websocketJwt,
                    ((io.nija.venues.coinbase.CoinbaseVenue) adapter)::fillsOfOrder);
            case "alpaca" -> new io.nija.venues.alpaca.AlpacaPrivateStream(ws,
                    ((io.nija.venues.alpaca.AlpacaVenue) adapter)::fillsOfOrder);
            default -> throw new IllegalStateException(venue);
        });
    }

    /**
     * Exchanges whose private streams live on another host than their public ones: Kraken (ws-auth), Coinbase (the
     * user host), and OKX, whose demo trading shares the REST host with production (a header tells them apart) but
     * has its own stream host, which the adapter knows.
     */
    static Optional<URI> privateHost(String venue, URI restBase, io.nija.core.venue.Venue adapter) {
        String host = restBase.getHost() == null ? "" : restBase.getHost().toLowerCase(Locale.ROOT);
        return switch (venue + "/" + host) {
            case "kraken/api.kraken.com" -> Optional.of(URI.create("wss://ws-auth.kraken.com"));
            case "coinbase/api.coinbase.com" -> Optional.of(URI.create("wss://advanced-trade-ws-user.coinbase.com"));
            case "okx/www.okx.com" -> Optional.of(URI.create(
                    ((io.nija.venues.okx.OkxVenue) adapter).demoTrading() ? "wss://wspap.okx.com:8443" : "wss://ws.okx.com:8443"));
            default -> Optional.empty();
        };
    }

    /** The book stream without an adapter or market data keys: OKX on the simulator only, no Alpaca off loopback. */
    public static Optional<BookStreamDialect> bookStream(String venue, URI restBase) {
        return bookStream(venue, restBase, null, java.util.Map.of());
    }

    /**
     * @param adapter the venue's REST adapter: OKX's says whether it trades in demo mode, whose books are on another
     *                stream host (wspap) than production's (ws); without one OKX books stream only from the simulator
     * @param env     where Alpaca's market data keys are ({@value #ALPACA_DATA_KEY}, {@value #ALPACA_DATA_SECRET}):
     *                Alpaca's data stream wants a key, the simulator any; without them Alpaca's books are read by REST
     */
    public static Optional<BookStreamDialect> bookStream(String venue, URI restBase, io.nija.core.venue.Venue adapter,
                                                         java.util.Map<String, String> env) {
        if (venue.equals("alpaca")) {
            return alpacaDataBase(restBase).flatMap(ws -> {
                String key = env.get(ALPACA_DATA_KEY);
                String secret = env.get(ALPACA_DATA_SECRET);
                if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
                    return loopback(restBase) ? Optional.of(new io.nija.venues.alpaca.AlpacaBookStream(ws, "sim", "sim"))
                            : Optional.empty();
                }
                return Optional.of(new io.nija.venues.alpaca.AlpacaBookStream(ws, key, secret));
            });
        }
        Optional<URI> base = venue.equals("okx") ? okxPublicHost(restBase, adapter).or(() -> streamBase(venue, restBase))
                : streamBase(venue, restBase);
        return base.map(ws -> switch (venue) {
            case "binance" -> new BinanceBookStream(ws);
            case "bybit" -> new BybitBookStream(ws);
            case "okx" -> new io.nija.venues.okx.OkxBookStream(ws);
            case "kraken" -> new io.nija.venues.kraken.KrakenBookStream(ws);
            case "coinbase" -> new io.nija.venues.coinbase.CoinbaseBookStream(ws);
            default -> throw new IllegalStateException(venue);
        });
    }

    public static final String ALPACA_DATA_KEY = "ALPACA_DATA_KEY_ID";
    public static final String ALPACA_DATA_SECRET = "ALPACA_DATA_SECRET_KEY";

    /** OKX's public host follows the adapter's demo setting, as its private host does; REST alone cannot tell. */
    static Optional<URI> okxPublicHost(URI restBase, io.nija.core.venue.Venue adapter) {
        String host = restBase.getHost() == null ? "" : restBase.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals("www.okx.com") || !(adapter instanceof io.nija.venues.okx.OkxVenue okx)) {
            return Optional.empty();
        }
        return Optional.of(URI.create(okx.demoTrading() ? "wss://wspap.okx.com:8443" : "wss://ws.okx.com:8443"));
    }

    /** Alpaca's market data has one stream host for live and paper trading; the simulator serves it on its port. */
    static Optional<URI> alpacaDataBase(URI restBase) {
        if (loopback(restBase)) {
            return streamBase("alpaca", restBase);
        }
        String host = restBase.getHost() == null ? "" : restBase.getHost().toLowerCase(Locale.ROOT);
        return host.equals("api.alpaca.markets") || host.equals("paper-api.alpaca.markets")
                ? Optional.of(URI.create("wss://stream.data.alpaca.markets")) : Optional.empty();
    }

    private static boolean loopback(URI restBase) {
        String host = restBase.getHost() == null ? "" : restBase.getHost().toLowerCase(Locale.ROOT);
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]");
    }

    /** Where the venue's streams live, given where its REST API does; empty for venues without streams here. */
    static Optional<URI> streamBase(String venue, URI restBase) {
        String host = restBase.getHost() == null ? "" : restBase.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")
                || host.equals("[::1]");
        if (!List.of("binance", "bybit", "okx", "kraken", "coinbase", "alpaca").contains(venue)) {
            return Optional.empty();
        }
        if (loopback) {
            String scheme = "https".equalsIgnoreCase(restBase.getScheme()) ? "wss" : "ws";
            return Optional.of(URI.create(scheme + "://" + restBase.getHost() + ":" + restBase.getPort()));
        }
        return switch (venue + "/" + host) {
            case "binance/api.binance.com" -> Optional.of(URI.create("wss://stream.binance.com:9443"));
            case "binance/testnet.binance.vision" -> Optional.of(URI.create("wss://stream.testnet.binance.vision"));
            case "bybit/api.bybit.com" -> Optional.of(URI.create("wss://stream.bybit.com"));
            case "bybit/api-testnet.bybit.com" -> Optional.of(URI.create("wss://stream-testnet.bybit.com"));
            case "kraken/api.kraken.com" -> Optional.of(URI.create("wss://ws.kraken.com"));
            case "coinbase/api.coinbase.com" -> Optional.of(URI.create("wss://advanced-trade-ws.coinbase.com"));
            case "alpaca/api.alpaca.markets" -> Optional.of(URI.create("wss://api.alpaca.markets"));
            case "alpaca/paper-api.alpaca.markets" -> Optional.of(URI.create("wss://paper-api.alpaca.markets"));
            // OKX: demo trading shares www.okx.com for REST (a header tells it apart) but has its own stream hosts
            // (wspap), so the REST address alone cannot say which to use: the adapter's demo setting does.
            default -> Optional.empty(); // an unknown host: no guess at its stream address
        };
    }
}
