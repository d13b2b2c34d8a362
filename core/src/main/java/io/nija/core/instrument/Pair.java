package io.nija.core.instrument;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A canonical trading pair, always written BASE-QUOTE in upper case (BTC-USD). Venue spellings
 * (BTCUSDT, XBT/USD, BTC/USD) are translated by {@link SymbolMapping}.
 */
public record Pair(String base, String quote) {
    private static final Pattern ASSET = Pattern.compile("[A-Z0-9]{2,10}");

    public Pair {
        if (base == null || !ASSET.matcher(base).matches() || quote == null || !ASSET.matcher(quote).matches()) {
            throw new IllegalArgumentException("a pair needs a base and quote asset of 2-10 letters or digits");
        }
    }

    /** Parses "BTC-USD" (case-insensitive). Throws IllegalArgumentException on anything else. */
    public static Pair parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("pair is missing");
        }
        String[] parts = text.trim().toUpperCase(Locale.ROOT).split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("pair must look like BASE-QUOTE, for example BTC-USD");
        }
        return new Pair(parts[0], parts[1]);
    }

    @Override
    public String toString() {
        return base + "-" + quote;
    }

    /**
     * Whether a fee or balance in {@code asset} counts as this pair's quote. A pair quoted in USD trades as BTCUSDT on
     * Binance and Bybit and is charged in USDT there: that is the quote, not a third asset without a price.
     */
    public boolean isQuote(String asset) {
        return asset.equals(quote) || usdLike(asset) && usdLike(quote);
    }

    private static boolean usdLike(String asset) {
        return asset.equals("USD") || asset.equals("USDT") || asset.equals("USDC");
    }
}
