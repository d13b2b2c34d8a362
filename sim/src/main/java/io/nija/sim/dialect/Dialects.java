package io.nija.sim.dialect;

import java.util.Optional;

/**
 * Which {@link Dialect} speaks for which venue. One line per exchange whose dialect exists; a venue without one
 * still gets a listener (with the /__sim/ admin routes only), so ports stay where the contract puts them.
 */
public final class Dialects {
    private Dialects() {
    }

    /** A fresh dialect for the venue (dialects keep per-listener state such as rate-limit counters), if one exists. */
    public static Optional<Dialect> forVenue(String venue) {
        Dialect d = switch (venue) {
            case "binance" -> new io.nija.sim.dialect.binance.BinanceDialect();
            case "okx" -> new io.nija.sim.dialect.okx.OkxDialect();
            case "kraken" -> new io.nija.sim.dialect.kraken.KrakenDialect();
            case "coinbase" -> new io.nija.sim.dialect.coinbase.CoinbaseDialect();
            case "bybit" -> new io.nija.sim.dialect.bybit.BybitDialect();
            case "alpaca" -> new io.nija.sim.dialect.alpaca.AlpacaDialect();
            // One line per exchange, e.g.: case "kraken" -> new io.nija.sim.dialect.kraken.KrakenDialect();
            default -> null;
        };
        return Optional.ofNullable(d);
    }
}
