package io.nija.core.engine;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.signal.Side;
import io.nija.core.time.Clock;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a user can spend on a venue for an order, for the split planner: the free balance the venue reports for the
 * asset the order spends there (the quote for a buy, the base for a sell), less what the user's own buy (or sell) legs
 * still working there will take. Balances are read at most once per {@link #MAX_AGE} per key and venue, and only for
 * orders that may be split: a small order goes whole to one venue and a refusal there fails it over, whereas reading
 * every venue's balance for every small order would spend the shared request budgets on reads.
 *
 * <p>Venues name assets their own way (USDT on Binance for a canonical USD pair, ZUSD and XXBT on Kraken): the asset is
 * the one whose name, without Kraken's X/Z prefix, the venue's symbol ends with (quote) or starts with (base). Unknown
 * (no such asset, unreadable) is null, and the venue then decides as before.
 */
final class SpendableBalances {
    private static final Logger LOG = LoggerFactory.getLogger(SpendableBalances.class);
    static final java.time.Duration MAX_AGE = java.time.Duration.ofSeconds(5);

    private record Key(String apiKey, String venue) { }

    private record Read(Map<String, BigDecimal> free, long atNanos) { }

    private final Map<String, Venue> venues;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Read> reads = new ConcurrentHashMap<>();

    SpendableBalances(Map<String, Venue> venues, Clock clock) {
        this.venues = venues;
        this.clock = clock;
    }

    /** The spendable amount for {@code side} on {@code instrument}, net of the user's working legs; null if unknown. */
    BigDecimal spendable(UserContext ctx, VenueAccount account, Instrument instrument, Side side) {
        Map<String, BigDecimal> free = free(account, instrument.venue());
        if (free == null) {
            return null;
        }
        String wanted = side == Side.BUY ? "quote" : "base";
        BigDecimal balance = assetOf(free, instrument.symbol(), side == Side.BUY);
        if (balance == null) {
            LOG.debug("no {} asset of {} among {}'s balances", wanted, instrument.symbol(), instrument.venue());
            return null;
        }
        return balance.subtract(committed(ctx, instrument, side)).max(BigDecimal.ZERO);
    }

    private Map<String, BigDecimal> free(VenueAccount account, String venueName) {
        Key key = new Key(account.apiKey(), venueName);
        Read read = reads.get(key);
        long now = clock.nanoTime();
        if (read != null && now - read.atNanos() < MAX_AGE.toNanos()) {
            return read.free();
        }
        Venue venue = venues.get(venueName);
        if (venue == null) {
            return null;
        }
        try {
            Map<String, BigDecimal> free = Map.copyOf(venue.balances(account));
            reads.put(key, new Read(free, now));
            return free;
        } catch (RuntimeException e) {
            LOG.debug("balances of a key on {} unavailable: {}", venueName, e.toString());
            return null;
        }
    }

    /** The balance of the asset the symbol ends with (quote) or starts with (base), the longest name matching. */
    static BigDecimal assetOf(Map<String, BigDecimal> free, String symbol, boolean quote) {
        String s = symbol.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        BigDecimal found = null;
        int longest = 0;
        for (Map.Entry<String, BigDecimal> e : free.entrySet()) {
            String asset = e.getKey().toUpperCase(Locale.ROOT);
            for (String name : new String[] {asset, asset.length() == 4 && (asset.startsWith("X") || asset.startsWith("Z"))
                    ? asset.substring(1) : asset}) {
                boolean match = quote ? s.endsWith(name) : s.startsWith(name);
                if (match && name.length() > longest && name.length() < s.length()) {
                    longest = name.length();
                    found = e.getValue();
                }
            }
        }
        return found;
    }

    /** What the user's working legs on this market still take: quote at their limit for buys, base for sells. */
    private static BigDecimal committed(UserContext ctx, Instrument instrument, Side side) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Order o : ctx.activeOrders.values()) {
            if (o.side() != side) {
                continue;
            }
            for (OrderLeg l : o.legs()) {
                if (!l.instrument().equals(instrument) || l.status().isTerminal()) {
                    continue;
                }
                if (side == Side.SELL) {
                    sum = sum.add(l.remainingQty());
                } else if (l.limitPrice() != null) {
                    sum = sum.add(l.remainingQty().multiply(l.limitPrice()));
                }
            }
        }
        return sum;
    }
}
