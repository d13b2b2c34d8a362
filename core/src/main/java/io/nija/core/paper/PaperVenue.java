package io.nija.core.paper;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.Clock;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.KeyPermissions;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Paper trading in front of a real venue: orders of paper accounts (api key {@value #PAPER_KEY_PREFIX}…) are never
 * sent; they are filled here against the venue's current public book, walking its levels at the taker fee, and a
 * limit's remainder rests here until the book crosses it (checked whenever the engine asks about it, at the maker
 * fee). Every other account goes straight through to the venue. The engine cannot tell the difference: paper and live
 * users run in one service over the same venues and books.
 *
 * <p>Balances and orders of paper accounts are kept in a {@link PaperLedger} (the router's store): every paper order
 * when it is placed and whenever it changes, with the balances its fills moved in the same transaction, so a restart
 * finds resting paper limits and balances as they were, and the engine asking about an order after a restart finds
 * it instead of hearing "no such order" (and perhaps sending it again). What paper fills took from
 * the book is remembered for a while ({@link TakenDepth}), so the next paper order sees the depth the last one took.
 */
public final class PaperVenue implements Venue {
    public static final String PAPER_KEY_PREFIX = "paper:";
    /** What a new paper account holds: a round sum in each common quote currency. */
    static final Map<String, BigDecimal> STARTING_BALANCES = Map.of(
            "USD", new BigDecimal("100000"), "USDT", new BigDecimal("100000"), "USDC", new BigDecimal("100000"));
    private static final int BOOK_DEPTH = 50;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PaperVenue.class);

    private final Venue venue;
    private final Clock clock;
    private final FeeSchedule fees;
    private final Map<String, Map<String, BigDecimal>> balances = new HashMap<>();
    private final Map<String, PaperOrder> orders = new LinkedHashMap<>();
    private final PaperLedger ledger;
    private final TakenDepth taken;
    /** Users whose open paper orders were read back from the ledger since this desk started. */
    private final java.util.Set<String> loadedUsers = new java.util.HashSet<>();

    /** A paper desk whose balances live in memory only. */
    public PaperVenue(Venue venue, Clock clock, FeeSchedule fees) {
        this(venue, clock, fees, PaperLedger.inMemory(), TakenDepth.DEFAULT_MEMORY);
    }

    /**
     * @param fees        what a paper account pays (the venue's public base tier: a paper account has no tier of its own)
     * @param ledger      where paper balances are kept across restarts
     * @param depthMemory how long what a paper fill took from the book stays taken
     */
    public PaperVenue(Venue venue, Clock clock, FeeSchedule fees, PaperLedger ledger, java.time.Duration depthMemory) {
        this.venue = venue;
        this.clock = clock;
        this.fees = fees;
        this.ledger = ledger;
        this.taken = new TakenDepth(depthMemory);
    }

    /** Every venue behind a paper desk of its own, each at its base fee tier, with its balances kept in {@code ledger}. */
    public static Map<String, Venue> wrapAll(Map<String, Venue> venues, Clock clock, PaperLedger ledger) {
        Map<String, Venue> out = new LinkedHashMap<>();
        venues.forEach((name, v) -> out.put(name, new PaperVenue(v, clock, PaperFees.of(name), ledger,
                TakenDepth.DEFAULT_MEMORY)));
        return out;
    }

    /** The paper account of a user on a venue. */
    public static VenueAccount account(String userId, String venue) {
        return new VenueAccount(userId, venue, PAPER_KEY_PREFIX + userId, "paper", null);
    }

    public static boolean isPaper(VenueAccount account) {
        return account.apiKey().startsWith(PAPER_KEY_PREFIX);
    }

    /** The venue behind this paper desk. */
    public Venue venue() {
        return venue;
    }

    private static final class PaperOrder {
        final String userId;
        final String venueOrderId;
        final VenueOrderRequest request;
        final List<Fill> fills = new ArrayList<>();
        VenueOrderStatus status = VenueOrderStatus.OPEN;

        PaperOrder(String userId, String venueOrderId, VenueOrderRequest request) {
            this.userId = userId;
            this.venueOrderId = venueOrderId;
            this.request = request;
        }

        BigDecimal filled() {
            return fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal remaining() {
            return request.quantity().subtract(filled());
        }
    }

    @Override
    public String name() {
        return venue.name();
    }

    @Override
    public List<Instrument> instruments() {
        return venue.instruments();
    }

    @Override
    public OrderBook orderBook(Instrument instrument, int depth) {
        return venue.orderBook(instrument, depth);
    }

    @Override
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        return isPaper(account) ? fees : venue.fees(account, instrument);
    }

    @Override
    public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        if (!isPaper(account)) {
            return venue.placeOrder(account, request);
        }
        // The paper desk has no triggers of its own: a paper stop would be a plain limit that trades at once.
        io.nija.core.venue.NativeStops.NONE.check(name() + " paper desk", request);
        OrderBook book = venue.orderBook(request.instrument(), BOOK_DEPTH);
        synchronized (this) {
            String key = key(account, request.clientOrderId());
            if (find(account, request.clientOrderId()) != null) {
                throw new VenueException(VenueErrorKind.DUPLICATE_ORDER, "paper order " + request.clientOrderId() + " exists");
            }
            // Named after the client order id, which is unique, so ids stay unique across restarts.
            PaperOrder o = new PaperOrder(account.userId(), "paper-" + name() + "-" + request.clientOrderId(), request);
            walk(account, o, book, request.type() == OrderType.MARKET ? null : request.limitPrice(), fees.taker(),
                    Liquidity.TAKER, request.quoteQuantity());
            settle(o);
            persist(account, o, -1, null);
            orders.put(key, o);
            return state(o);
        }
    }

    /**
     * Takes from the book's opposite side, best price first, up to what the order has left (a market buy with a
     * quote budget: up to that budget), at most to its limit price. Each level taken is one fill.
     */
    private void walk(VenueAccount account, PaperOrder o, OrderBook book, BigDecimal limit, BigDecimal feeRate,
                      Liquidity liquidity, BigDecimal quoteBudget) {
        VenueOrderRequest r = o.request;
        boolean buy = r.side() == Side.BUY;
        Instrument i = r.instrument();
        BigDecimal spent = BigDecimal.ZERO;
        java.time.Instant now = clock.now();
        for (PriceLevel level : buy ? book.asks() : book.bids()) {
            BigDecimal left = o.remaining();
            if (left.signum() <= 0 || limit != null && (buy ? level.price().compareTo(limit) > 0 : level.price().compareTo(limit) < 0)) {
                break;
            }
            BigDecimal qty = left.min(taken.available(i.symbol(), r.side(), level.price(), level.quantity(), now));
            if (qty.signum() <= 0) {
                continue; // recent paper fills took this level
            }
            if (buy && quoteBudget != null) {
                BigDecimal affordable = quoteBudget.subtract(spent).divide(level.price(), i.quantityScale(), RoundingMode.DOWN);
                qty = qty.min(io.nija.core.instrument.Decimals.floorToStep(affordable, i.lotSize()));
            }
            qty = enforceFunds(account, i, r.side(), qty, level.price(), feeRate);
            if (qty.signum() <= 0) {
                break;
            }
            BigDecimal fee = qty.multiply(level.price()).multiply(feeRate).setScale(8, RoundingMode.HALF_EVEN);
            o.fills.add(new Fill(o.venueOrderId + "-" + (o.fills.size() + 1), name(), qty, level.price(), fee,
                    i.pair().quote(), liquidity, clock.now()));
            move(account, i, r.side(), qty, level.price(), fee);
            taken.take(i.symbol(), r.side(), level.price(), qty, now);
            spent = spent.add(qty.multiply(level.price()));
        }
    }

    /** What the account can pay for (a buy) or deliver (a sell) of {@code qty} at {@code price}, on the lot grid. */
    private BigDecimal enforceFunds(VenueAccount account, Instrument i, Side side, BigDecimal qty, BigDecimal price,
                                    BigDecimal feeRate) {
        Map<String, BigDecimal> b = balancesOf(account);
        if (side == Side.BUY) {
            BigDecimal quote = b.getOrDefault(i.pair().quote(), BigDecimal.ZERO);
            BigDecimal perUnit = price.multiply(BigDecimal.ONE.add(feeRate));
            BigDecimal most = io.nija.core.instrument.Decimals.floorToStep(
                    quote.divide(perUnit, i.quantityScale() + 8, RoundingMode.DOWN), i.lotSize());
            return qty.min(most);
        }
        return qty.min(b.getOrDefault(i.pair().base(), BigDecimal.ZERO));
    }

    private void move(VenueAccount account, Instrument i, Side side, BigDecimal qty, BigDecimal price, BigDecimal fee) {
        Map<String, BigDecimal> b = balancesOf(account);
        BigDecimal notional = qty.multiply(price);
        int sign = side == Side.BUY ? 1 : -1;
        b.merge(i.pair().base(), qty.multiply(BigDecimal.valueOf(sign)), BigDecimal::add);
        b.merge(i.pair().quote(), notional.multiply(BigDecimal.valueOf(-sign)).subtract(fee), BigDecimal::add);
    }

    /** A market order's unfilled rest is cancelled (as an exchange's market order against a thin book); a limit rests. */
    private static void settle(PaperOrder o) {
        boolean done = o.remaining().signum() <= 0;
        if (done) {
            o.status = VenueOrderStatus.FILLED;
        } else if (o.request.type() == OrderType.MARKET) {
            o.status = VenueOrderStatus.CANCELLED;
        } else {
            o.status = o.fills.isEmpty() ? VenueOrderStatus.OPEN : VenueOrderStatus.PARTIALLY_FILLED;
        }
    }

    /** A resting paper limit fills when the book has moved through it, at its own price level as a maker would. */
    private void recheck(VenueAccount account, PaperOrder o) {
        if (o.status != VenueOrderStatus.OPEN && o.status != VenueOrderStatus.PARTIALLY_FILLED) {
            return;
        }
        OrderBook book = venue.orderBook(o.request.instrument(), BOOK_DEPTH);
        int before = o.fills.size();
        VenueOrderStatus statusBefore = o.status;
        walk(account, o, book, o.request.limitPrice(), fees.maker(), Liquidity.MAKER, null);
        settle(o);
        persist(account, o, before, statusBefore);
    }

    /**
     * Stores the order when it is new ({@code fillsBefore} -1) or changed since {@code fillsBefore} fills and status
     * {@code statusBefore}, with the account's balances when it filled. A write that fails is logged and left for the
     * next change: the fill has happened, and refusing to report it would be worse.
     */
    private void persist(VenueAccount account, PaperOrder o, int fillsBefore, VenueOrderStatus statusBefore) {
        boolean filled = o.fills.size() != Math.max(fillsBefore, 0);
        if (fillsBefore >= 0 && !filled && o.status == statusBefore) {
            return;
        }
        try {
            ledger.saveOrder(record(o), filled ? Map.copyOf(balancesOf(account)) : null);
        } catch (RuntimeException e) {
            LOG.warn("paper order {} of {} on {} could not be stored: {}", o.request.clientOrderId(), account.userId(),
                    name(), e.toString());
        }
    }

    private io.nija.core.store.PaperOrderRecord record(PaperOrder o) {
        VenueOrderRequest r = o.request;
        return new io.nija.core.store.PaperOrderRecord(o.userId, name(), r.clientOrderId(), o.venueOrderId,
                r.instrument().symbol(), r.side(), r.type(), r.quantity(), r.limitPrice(), r.quoteQuantity(), o.status,
                o.fills, clock.now());
    }

    /**
     * The account's paper order with this client order id: from memory, else as the ledger stored it (an order of
     * an earlier run of the router), or null.
     */
    private PaperOrder find(VenueAccount account, String clientOrderId) {
        String key = key(account, clientOrderId);
        PaperOrder o = orders.get(key);
        if (o == null) {
            o = ledger.order(account.userId(), name(), clientOrderId).map(this::revive).orElse(null);
            if (o != null) {
                orders.put(key, o);
            }
        }
        return o;
    }

    /** Reads the account's open paper orders back from the ledger once per run, so they rest on after a restart. */
    private void loadOpen(VenueAccount account) {
        if (!loadedUsers.add(account.userId())) {
            return;
        }
        for (io.nija.core.store.PaperOrderRecord r : ledger.openOrders(account.userId(), name())) {
            PaperOrder o = revive(r);
            if (o != null) {
                orders.putIfAbsent(key(account, r.clientOrderId()), o);
            }
        }
    }

    private PaperOrder revive(io.nija.core.store.PaperOrderRecord r) {
        Instrument instrument = venue.instruments().stream().filter(i -> i.symbol().equals(r.symbol())).findFirst()
                .orElse(null);
        if (instrument == null) {
            LOG.warn("paper order {} of {} names {}, which {} no longer lists", r.clientOrderId(), r.userId(),
                    r.symbol(), name());
            return null;
        }
        PaperOrder o = new PaperOrder(r.userId(), r.venueOrderId(), new VenueOrderRequest(instrument, r.clientOrderId(),
                r.side(), r.type(), r.quantity(), r.limitPrice(), r.quoteQuantity()));
        o.fills.addAll(r.fills());
        o.status = r.status();
        return o;
    }

    @Override
    public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        if (!isPaper(account)) {
            return venue.cancelOrder(account, instrument, clientOrderId);
        }
        synchronized (this) {
            PaperOrder o = find(account, clientOrderId);
            if (o == null) {
                throw new VenueException(VenueErrorKind.ORDER_NOT_FOUND, "no paper order " + clientOrderId);
            }
            if (o.status == VenueOrderStatus.OPEN || o.status == VenueOrderStatus.PARTIALLY_FILLED) {
                VenueOrderStatus before = o.status;
                o.status = VenueOrderStatus.CANCELLED;
                persist(account, o, o.fills.size(), before);
            }
            return state(o);
        }
    }

    @Override
    public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        if (!isPaper(account)) {
            return venue.queryOrder(account, instrument, clientOrderId);
        }
        synchronized (this) {
            PaperOrder o = find(account, clientOrderId);
            if (o == null) {
                return Optional.empty();
            }
            recheck(account, o);
            return Optional.of(state(o));
        }
    }

    @Override
    public List<VenueOrderState> openOrders(VenueAccount account) {
        if (!isPaper(account)) {
            return venue.openOrders(account);
        }
        synchronized (this) {
            loadOpen(account);
            List<VenueOrderState> out = new ArrayList<>();
            for (PaperOrder o : orders.values()) {
                if (o.userId.equals(account.userId())) {
                    recheck(account, o);
                    if (o.status == VenueOrderStatus.OPEN || o.status == VenueOrderStatus.PARTIALLY_FILLED) {
                        out.add(state(o));
                    }
                }
            }
            return out;
        }
    }

    @Override
    public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        if (!isPaper(account)) {
            return venue.fills(account, instrument, clientOrderId);
        }
        synchronized (this) {
            PaperOrder o = find(account, clientOrderId);
            return o == null ? List.of() : List.copyOf(o.fills);
        }
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        if (!isPaper(account)) {
            return venue.balances(account);
        }
        synchronized (this) {
            return Map.copyOf(balancesOf(account));
        }
    }

    @Override
    public List<io.nija.core.venue.AssetBalance> balanceDetails(VenueAccount account) {
        // A live account keeps its venue's own split of free and locked.
        return isPaper(account) ? Venue.super.balanceDetails(account) : venue.balanceDetails(account);
    }

    @Override
    public Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        return isPaper(account) ? Optional.empty() : venue.keyPermissions(account);
    }

    /** The venue's, for live accounts; a paper account's trigger orders are refused (see placeOrder). */
    @Override
    public io.nija.core.venue.NativeStops nativeStops() {
        return venue.nativeStops();
    }

    /** None for a paper account (its stops are the router's own trigger); the venue's for a live one. */
    @Override
    public io.nija.core.venue.NativeStops nativeStops(VenueAccount account) {
        return isPaper(account) ? io.nija.core.venue.NativeStops.NONE : venue.nativeStops(account);
    }

    @Override
    public int maxConcurrentCallsPerKey() {
        return venue.maxConcurrentCallsPerKey();
    }

    @Override
    public boolean sharesOpenOrdersRead() {
        return venue.sharesOpenOrdersRead();
    }

    private Map<String, BigDecimal> balancesOf(VenueAccount account) {
        return balances.computeIfAbsent(account.userId(), u -> {
            Map<String, BigDecimal> stored = ledger.balances(u, name());
            return new HashMap<>(stored.isEmpty() ? STARTING_BALANCES : stored);
        });
    }

    private static String key(VenueAccount account, String clientOrderId) {
        return account.userId() + "\u0000" + clientOrderId;
    }

    private VenueOrderState state(PaperOrder o) {
        BigDecimal filled = o.filled();
        BigDecimal avg = filled.signum() == 0 ? null : o.fills.stream().map(f -> f.quantity().multiply(f.price()))
                .reduce(BigDecimal.ZERO, BigDecimal::add).divide(filled, o.request.instrument().priceScale() + 8, RoundingMode.HALF_EVEN);
        return new VenueOrderState(o.venueOrderId, o.request.clientOrderId(), o.request.instrument().symbol(), o.status,
                o.request.quantity(), filled, avg, List.copyOf(o.fills), null);
    }
}
