package io.nija.sim.market;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.instrument.SymbolMapping;
import io.nija.core.venue.FeeSchedule;
import io.nija.sim.account.CredentialStyle;
import io.nija.sim.engine.ClientIdReuse;
import io.nija.sim.engine.FillIdentity;
import io.nija.sim.engine.IdStyle;
import io.nija.sim.engine.Listing;
import io.nija.sim.engine.LiquidityProfile;
import io.nija.sim.engine.VenueRules;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The six simulated venues and what they list. Trading rules follow each exchange's real filters closely
 * enough to exercise sizing (Binance min notional 5 USDT, Kraken's ordermin/costmin, OKX's tiny lots and no
 * notional minimum, Alpaca's whole-dollar BTC tick and 10 USD order floor); prices differ by a few basis points per venue, spreads
 * and depth differ (Binance deepest and tightest, Alpaca thinnest and widest), and fees differ, so the
 * router has real choices. Client-id reuse follows each exchange's documented rule: Binance, Kraken and OKX refuse
 * an id only while its order is open; Alpaca and Bybit spot refuse it for good; Coinbase answers the earlier order. XRP and ADA are not listed everywhere (Alpaca lists neither, Bybit no ADA), so a
 * pair missing on a venue shows in routing too.
 */
public final class SeededMarkets {
    /** Order in which the standalone simulator assigns ports: binance, kraken, coinbase, alpaca, okx, bybit. */
    public static final List<String> VENUES = List.of("binance", "kraken", "coinbase", "alpaca", "okx", "bybit");

    private static final int LEVELS = 25;
    private static final BigDecimal DECAY = new BigDecimal("0.93");

    private SeededMarkets() {
    }

    /** Reference mid and the quote value of the deepest venue's top level, per coin. */
    private record Coin(String asset, BigDecimal mid, BigDecimal topNotional, BigDecimal paperAmount) {
    }

    private static final Map<String, Coin> COINS = coins();

    private static Map<String, Coin> coins() {
        Map<String, Coin> m = new LinkedHashMap<>();
        m.put("BTC", new Coin("BTC", bd("65000"), bd("250000"), bd("5")));
        m.put("ETH", new Coin("ETH", bd("3200"), bd("150000"), bd("50")));
        m.put("SOL", new Coin("SOL", bd("150"), bd("60000"), bd("1000")));
        m.put("XRP", new Coin("XRP", bd("0.52"), bd("30000"), bd("100000")));
        m.put("DOGE", new Coin("DOGE", bd("0.15"), bd("20000"), bd("500000")));
        m.put("ADA", new Coin("ADA", bd("0.45"), bd("15000"), bd("100000")));
        return m;
    }

    /**
     * How one venue's book differs from the reference: mid offset, half spread and level spacing in bps, and
     * a depth factor on the reference top-level size.
     */
    private record BookStyle(String offsetBps, String halfSpreadBps, String stepBps, String depth) {
    }

    public static List<VenueSpec> all() {
        return VENUES.stream().map(SeededMarkets::venue).toList();
    }

    public static VenueSpec venue(String name) {
        return switch (name) {
            case "binance" -> binance();
            case "kraken" -> kraken();
            case "coinbase" -> coinbase();
            case "alpaca" -> alpaca();
            case "okx" -> okx();
            case "bybit" -> bybit();
            default -> throw new IllegalArgumentException("no simulated venue named " + name);
        };
    }

    private static VenueSpec binance() {
        Venue v = new Venue("binance", "USDT", new BookStyle("0", "0.5", "0.5", "1.0"));
        v.list("BTC", "0.01", "0.00001", "0.00001", "5");
        v.list("ETH", "0.01", "0.0001", "0.0001", "5");
        v.list("SOL", "0.01", "0.001", "0.001", "5");
        v.list("XRP", "0.0001", "0.1", "0.1", "5");
        v.list("DOGE", "0.00001", "1", "1", "5");
        v.list("ADA", "0.0001", "0.1", "0.1", "5");
        return v.spec(fees("0.001", "0.001"), IdStyle.NUMERIC, CredentialStyle.BINANCE,
                new VenueRules(ClientIdReuse.WHILE_OPEN, FillIdentity.SHARED_TRADE_ID));
    }

    private static VenueSpec kraken() {
        Venue v = new Venue("kraken", "USD", new BookStyle("1.8", "1.5", "1.2", "0.35"));
        v.list("BTC", "0.1", "0.00000001", "0.00005", "0.5");
        v.list("ETH", "0.01", "0.00000001", "0.002", "0.5");
        v.list("SOL", "0.01", "0.00000001", "0.02", "0.5");
        v.list("XRP", "0.00001", "0.00000001", "1.65", "0.5");
        v.list("DOGE", "0.0000001", "0.00000001", "13", "0.5");
        v.list("ADA", "0.000001", "0.00000001", "4", "0.5");
        return v.spec(fees("0.0016", "0.0026"), IdStyle.KRAKEN_TXID, CredentialStyle.KRAKEN,
                new VenueRules(ClientIdReuse.WHILE_OPEN, FillIdentity.ACCOUNT_FILL_ID));
    }

    private static VenueSpec coinbase() {
        Venue v = new Venue("coinbase", "USD", new BookStyle("2.5", "1.0", "1.0", "0.5"));
        v.list("BTC", "0.01", "0.00000001", "0.00000001", "1");
        v.list("ETH", "0.01", "0.00000001", "0.00000001", "1");
        v.list("SOL", "0.01", "0.00000001", "0.00000001", "1");
        v.list("XRP", "0.0001", "0.000001", "0.000001", "1");
        v.list("DOGE", "0.00001", "0.1", "0.1", "1");
        v.list("ADA", "0.0001", "0.00000001", "0.00000001", "1");
        return v.spec(fees("0.004", "0.006"), IdStyle.UUID_V4, CredentialStyle.COINBASE,
                new VenueRules(ClientIdReuse.RETURN_EXISTING, FillIdentity.ACCOUNT_FILL_ID));
    }

    private static VenueSpec alpaca() {
        Venue v = new Venue("alpaca", "USD", new BookStyle("4", "2.5", "2", "0.1"));
        // USD-quoted crypto orders must cost at least 10 USD ("cost basis must be >= minimal amount of order 10").
        v.list("BTC", "1", "0.000000001", "0.000027", "10");
        v.list("ETH", "0.1", "0.000000001", "0.0005", "10");
        v.list("SOL", "0.01", "0.000000001", "0.01", "10");
        v.list("DOGE", "0.00001", "1", "1", "10");
        return v.spec(fees("0.0015", "0.0025"), IdStyle.UUID_V4, CredentialStyle.ALPACA,
                new VenueRules(ClientIdReuse.NEVER, FillIdentity.ACCOUNT_FILL_ID));
    }

    private static VenueSpec okx() {
        Venue v = new Venue("okx", "USDT", new BookStyle("-1.2", "0.6", "0.6", "0.7"));
        v.list("BTC", "0.1", "0.00000001", "0.00001", "0");
        v.list("ETH", "0.01", "0.000001", "0.0001", "0");
        v.list("SOL", "0.01", "0.000001", "0.001", "0");
        v.list("XRP", "0.0001", "0.000001", "1", "0");
        v.list("DOGE", "0.00001", "0.000001", "10", "0");
        v.list("ADA", "0.0001", "0.000001", "1", "0");
        return v.spec(fees("0.0008", "0.001"), IdStyle.NUMERIC, CredentialStyle.OKX,
                new VenueRules(ClientIdReuse.WHILE_OPEN, FillIdentity.ACCOUNT_FILL_ID));
    }

    private static VenueSpec bybit() {
        Venue v = new Venue("bybit", "USDT", new BookStyle("0.8", "0.6", "0.6", "0.6"));
        v.list("BTC", "0.01", "0.000001", "0.000048", "5");
        v.list("ETH", "0.01", "0.00001", "0.00062", "5");
        v.list("SOL", "0.01", "0.001", "0.011", "5");
        v.list("XRP", "0.0001", "0.01", "1.9", "5");
        v.list("DOGE", "0.00001", "0.1", "7", "5");
        return v.spec(fees("0.001", "0.001"), IdStyle.UUID_V4, CredentialStyle.BYBIT,
                new VenueRules(ClientIdReuse.NEVER, FillIdentity.ACCOUNT_FILL_ID));
    }

    private static FeeSchedule fees(String maker, String taker) {
        return new FeeSchedule(bd(maker), bd(taker));
    }

    private static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }

    /** Collects one venue's listings. */
    private static final class Venue {
        private static final BigDecimal BPS = new BigDecimal("0.0001");
        private final String name;
        private final String quote;
        private final BookStyle style;
        private final List<Listing> listings = new ArrayList<>();
        private final Map<String, BigDecimal> paper = new LinkedHashMap<>();

        Venue(String name, String quote, BookStyle style) {
            this.name = name;
            this.quote = quote;
            this.style = style;
            paper.put(quote, bd("1000000"));
        }

        void list(String base, String tick, String lot, String minQty, String minNotional) {
            Coin coin = COINS.get(base);
            Pair venuePair = new Pair(base, quote);
            Instrument instrument = new Instrument(name, SymbolMapping.canonical(venuePair),
                    SymbolMapping.venueSymbol(name, venuePair), bd(tick), bd(lot), bd(minQty), bd(minNotional));
            BigDecimal mid = Decimals.floorToStep(
                    coin.mid().multiply(BigDecimal.ONE.add(bd(style.offsetBps()).multiply(BPS))), bd(tick));
            BigDecimal top = coin.topNotional().multiply(bd(style.depth()), MathContext.DECIMAL64);
            LiquidityProfile liquidity = new LiquidityProfile(mid, bd(style.halfSpreadBps()), bd(style.stepBps()),
                    LEVELS, top, DECAY);
            listings.add(new Listing(instrument, quote, liquidity));
            paper.put(base, coin.paperAmount());
        }

        VenueSpec spec(FeeSchedule fees, IdStyle ids, CredentialStyle credentials, VenueRules rules) {
            return new VenueSpec(name, quote, fees, ids, credentials, listings, paper, rules);
        }
    }
}
