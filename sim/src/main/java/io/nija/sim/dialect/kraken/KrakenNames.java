package io.nija.sim.dialect.kraken;

import io.nija.core.instrument.Instrument;
import io.nija.sim.engine.MatchingEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Kraken's names for assets and pairs, as its AssetPairs and Assets endpoints print them. The older assets carry
 * an X (crypto) or Z (fiat) prefix in their asset code (XXBT, XETH, XXDG, ZUSD) and an altname without it (XBT,
 * XDG, USD); BTC is XBT and DOGE is XDG. Pairs of two prefixed assets are keyed by the concatenated codes
 * (XXBTZUSD), newer ones by their altname (SOLUSD); the altname is always base altname + quote altname (XBTUSD)
 * and the wsname "XBT/USD". Kraken accepts any of these as the {@code pair} parameter; so does the simulator,
 * together with the BTC and DOGE spellings (BTCUSD, BTC/USD) that Kraken also resolves.
 *
 * <p>Written for the simulator independently of module venues.
 */
final class KrakenNames {
    /** Engine asset (BTC) → Kraken altname (XBT). */
    private static final Map<String, String> ALTNAME = Map.of("BTC", "XBT", "DOGE", "XDG");
    /** Kraken asset codes that carry the legacy prefix, by engine asset. */
    private static final Map<String, String> LEGACY_CODE = Map.ofEntries(
            Map.entry("BTC", "XXBT"), Map.entry("ETH", "XETH"), Map.entry("XRP", "XXRP"), Map.entry("DOGE", "XXDG"),
            Map.entry("LTC", "XLTC"), Map.entry("XLM", "XXLM"), Map.entry("ETC", "XETC"), Map.entry("XMR", "XXMR"),
            Map.entry("ZEC", "XZEC"), Map.entry("USD", "ZUSD"), Map.entry("EUR", "ZEUR"), Map.entry("GBP", "ZGBP"),
            Map.entry("CAD", "ZCAD"), Map.entry("JPY", "ZJPY"), Map.entry("AUD", "ZAUD"));
    /** Decimals Kraken keeps balances of an asset in (Assets endpoint "decimals"). */
    private static final Map<String, Integer> DECIMALS = Map.ofEntries(
            Map.entry("USD", 4), Map.entry("EUR", 4), Map.entry("GBP", 4), Map.entry("CAD", 4), Map.entry("JPY", 2),
            Map.entry("AUD", 4), Map.entry("BTC", 10), Map.entry("ETH", 10), Map.entry("SOL", 10),
            Map.entry("LTC", 10), Map.entry("XRP", 8), Map.entry("DOGE", 8), Map.entry("ADA", 8),
            Map.entry("USDT", 8), Map.entry("USDC", 8));

    /** One listed pair under all its Kraken names. */
    record PairName(String key, String altname, String wsname, String base, String quote, String engineSymbol,
                    String baseAsset, String quoteAsset, Instrument instrument) {
    }

    private final Map<String, PairName> byEngineSymbol = new LinkedHashMap<>();
    private final Map<String, PairName> byAnyName = new LinkedHashMap<>();
    private final Map<String, String> engineAssetByCode = new LinkedHashMap<>();
    private final Map<String, String> engineAssetByCodeOnly = new LinkedHashMap<>();

    KrakenNames(MatchingEngine engine) {
        for (Instrument ins : engine.instruments()) {
            String baseAsset = ins.pair().base();
            String quoteAsset = engine.quoteAsset(ins.symbol());
            String altname = altname(baseAsset) + altname(quoteAsset);
            String key = LEGACY_CODE.containsKey(baseAsset) && LEGACY_CODE.containsKey(quoteAsset) && !"DOGE".equals(baseAsset)
                    ? code(baseAsset) + code(quoteAsset) : altname;
            PairName p = new PairName(key, altname, altname(baseAsset) + "/" + altname(quoteAsset), code(baseAsset),
                    code(quoteAsset), ins.symbol(), baseAsset, quoteAsset, ins);
            byEngineSymbol.put(ins.symbol(), p);
            for (String name : List.of(key, altname, p.wsname(), baseAsset + quoteAsset, baseAsset + "/" + quoteAsset)) {
                byAnyName.putIfAbsent(name, p);
            }
            engineAssetByCodeOnly.put(code(baseAsset), baseAsset);
            engineAssetByCodeOnly.put(code(quoteAsset), quoteAsset);
            engineAssetByCode.put(code(baseAsset), baseAsset);
            engineAssetByCode.put(code(quoteAsset), quoteAsset);
            engineAssetByCode.put(altname(baseAsset), baseAsset);
            engineAssetByCode.put(altname(quoteAsset), quoteAsset);
        }
    }

    /** Kraken asset code of an engine asset (BTC → XXBT, SOL → SOL). */
    static String code(String engineAsset) {
        return LEGACY_CODE.getOrDefault(engineAsset, engineAsset);
    }

    /** Kraken altname of an engine asset (BTC → XBT, USD → USD). */
    static String altname(String engineAsset) {
        return ALTNAME.getOrDefault(engineAsset, engineAsset);
    }

    static int decimals(String engineAsset) {
        return DECIMALS.getOrDefault(engineAsset, 8);
    }

    /** The engine asset for a Kraken asset code or altname (XXBT or XBT → BTC), if it trades here. */
    Optional<String> engineAsset(String krakenName) {
        return Optional.ofNullable(krakenName == null ? null : engineAssetByCode.get(krakenName.trim().toUpperCase(Locale.ROOT)));
    }

    /** Every engine asset this venue lists, by its Kraken asset code (XXBT → BTC). */
    Map<String, String> assetsByCode() {
        return engineAssetByCodeOnly;
    }

    /** The pair for any of its names (key, altname, wsname, BTC spellings). */
    Optional<PairName> pair(String name) {
        return Optional.ofNullable(name == null ? null : byAnyName.get(name.trim().toUpperCase(Locale.ROOT)));
    }

    PairName ofEngineSymbol(String symbol) {
        PairName p = byEngineSymbol.get(symbol);
        if (p == null) {
            throw new IllegalArgumentException("not listed here: " + symbol);
        }
        return p;
    }

    List<PairName> pairs() {
        return List.copyOf(byEngineSymbol.values());
    }
}
