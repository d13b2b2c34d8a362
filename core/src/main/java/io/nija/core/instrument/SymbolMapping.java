package io.nija.core.instrument;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates between canonical pairs (BTC-USD) and each venue's symbol (BTCUSDT, XBTUSD, BTC/USD, BTC-USDT).
 *
 * <p>Canonical pairs are quoted in USD. Stablecoin quotes (USDT, USDC) are treated as the same market for
 * routing, because the signal's size is in USD and the venues that list only USDT books are still where
 * a USD-sized order can be filled; the venue symbol keeps the venue's real quote asset.
 */
public final class SymbolMapping {
    private static final Set<String> USD_EQUIVALENTS = Set.of("USD", "USDT", "USDC");
    private static final Map<String, String> KRAKEN_ASSET_ALIASES = Map.of("BTC", "XBT", "DOGE", "XDG");

    private SymbolMapping() {
    }

    /** BTC-USDT and BTC-USDC become BTC-USD; other pairs stay as they are. */
    public static Pair canonical(Pair pair) {
        return USD_EQUIVALENTS.contains(pair.quote()) ? new Pair(pair.base(), "USD") : pair;
    }

    /** The venue's own spelling of a pair quoted in the venue's real quote asset. */
    public static String venueSymbol(String venue, Pair venuePair) {
        String base = venuePair.base();
        String quote = venuePair.quote();
        return switch (venue.toLowerCase(Locale.ROOT)) {
            case "binance", "bybit" -> base + quote;
            case "okx", "coinbase" -> base + "-" + quote;
            case "alpaca" -> base + "/" + quote;
            case "kraken" -> KRAKEN_ASSET_ALIASES.getOrDefault(base, base) + KRAKEN_ASSET_ALIASES.getOrDefault(quote, quote);
            default -> base + "-" + quote;
        };
    }

    /**
     * Parses the ticker forms TradingView alerts carry: "BTCUSD", "BTCUSDT", "BINANCE:BTCUSDT", "BTC-USD",
     * "BTC/USD", "XBTUSD". Returns the canonical pair.
     */
    public static Pair fromTicker(String ticker) {
        if (ticker == null || ticker.isBlank()) {
            throw new IllegalArgumentException("ticker is missing");
        }
        String t = ticker.trim().toUpperCase(Locale.ROOT);
        int colon = t.indexOf(':');
        if (colon >= 0) {
            t = t.substring(colon + 1);
        }
        t = t.replace("/", "-").replace("_", "-");
        if (t.contains("-")) {
            return canonical(unalias(Pair.parse(t)));
        }
        for (String quote : new String[] {"USDT", "USDC", "USD", "EUR", "BTC", "ETH"}) {
            if (t.endsWith(quote) && t.length() > quote.length() + 1) {
                return canonical(unalias(new Pair(t.substring(0, t.length() - quote.length()), quote)));
            }
        }
        throw new IllegalArgumentException("ticker '" + ticker + "' does not name a known quote asset");
    }

    private static Pair unalias(Pair p) {
        String base = switch (p.base()) {
            case "XBT" -> "BTC";
            case "XDG" -> "DOGE";
            default -> p.base();
        };
        return new Pair(base, p.quote());
    }
}
