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
 * The stream dialects of the venues that have them here (private and book streams: Binance, Bybit, OKX, Kraken), for a venue reached at {@code restBase}: the simulator on loopback serves its streams on the same port (ws://),
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

    public static Optional<BookStreamDialect> bookStream(String venue, URI restBase) {
        if (venue.equals("alpaca")) {
            return Optional.empty(); // Alpaca's market data stream is not here yet: its books are read by REST
        }
        return streamBase(venue, restBase).map(ws -> switch (venue) {
            case "binance" -> new BinanceBookStream(ws);
            case "bybit" -> new BybitBookStream(ws);
            case "okx" -> new io.nija.venues.okx.OkxBookStream(ws);
            case "kraken" -> new io.nija.venues.kraken.KrakenBookStream(ws);
            case "coinbase" -> new io.nija.venues.coinbase.CoinbaseBookStream(ws);
            default -> throw new IllegalStateException(venue);
        });
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
            // OKX: demo trading shares www.okx.com for REST (a header tells it apart) but has its own stream host
            // (wspap), so the REST address alone cannot say which books to read; simulator only for now.
            default -> Optional.empty(); // an unknown host: no guess at its stream address
        };
    }
}
