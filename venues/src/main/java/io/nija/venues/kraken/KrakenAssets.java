package io.nija.venues.kraken;

import java.util.Map;

/**
 * Kraken's legacy asset codes (XXBT, ZUSD, XXDG) and aliases (XBT, XDG) back to the codes the rest of the system
 * uses (BTC, USD, DOGE). Newer assets are listed under their plain code already.
 */
final class KrakenAssets {
    private static final Map<String, String> LEGACY = Map.ofEntries(
            Map.entry("XXBT", "BTC"), Map.entry("XBT", "BTC"), Map.entry("XXDG", "DOGE"), Map.entry("XDG", "DOGE"),
            Map.entry("XETH", "ETH"), Map.entry("XLTC", "LTC"), Map.entry("XXRP", "XRP"), Map.entry("XXLM", "XLM"),
            Map.entry("XXMR", "XMR"), Map.entry("XZEC", "ZEC"), Map.entry("XETC", "ETC"), Map.entry("XREP", "REP"),
            Map.entry("XMLN", "MLN"), Map.entry("ZUSD", "USD"), Map.entry("ZEUR", "EUR"), Map.entry("ZGBP", "GBP"),
            Map.entry("ZCAD", "CAD"), Map.entry("ZJPY", "JPY"), Map.entry("ZAUD", "AUD"), Map.entry("ZCHF", "CHF"));

    private KrakenAssets() {
    }

    static String normalize(String krakenAsset) {
        return LEGACY.getOrDefault(krakenAsset, krakenAsset);
    }
}
