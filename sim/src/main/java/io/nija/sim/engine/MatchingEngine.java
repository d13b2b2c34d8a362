package io.nija.sim.engine;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.Clock;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.account.Credentials;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The exchange of one venue: one price-time priority book per listed instrument, the accounts that trade
 * on them, and the house market maker that keeps the books liquid.
 *
 * <p>Everything is in domain terms (symbols, accounts by api key, {@link NewOrder}, {@link OrderView}); the
 * HTTP dialects and the in-process {@code Venue} are thin translations on top. One lock guards the whole
 * engine: a trade moves balances of accounts that also trade other instruments, so per-book locks would
 * need cross-book account locking for no gain at simulator volumes.
 *
 * <p>Errors are {@link VenueException}s: AUTH_FAILED (unknown api key or wrong secret), INVALID_SYMBOL,
 * INVALID_PRICE_OR_QTY (tick, lot, min qty), BELOW_MIN_NOTIONAL, INSUFFICIENT_FUNDS, DUPLICATE_ORDER (a client
 * order id that is still open on the account — reusable once the order is closed, as on Binance, Kraken,
 * OKX and Bybit) and ORDER_NOT_FOUND (cancel of an order that is not open).
 *
 * <p>Funds: a limit buy must cover quantity x limit plus the larger fee rate; a market buy must cover what
 * walking the book would cost right now plus the taker fee, and is rejected (INSUFFICIENT_FUNDS) rather than
 * cut down when it cannot. A market order that outruns the book's depth fills what is there and expires the
 * rest. Fees are charged in the quote asset, rounded down to 8 decimals, and collected in {@link #collectedFees()}.
 */
public final class MatchingEngine {
    private final String venue;
    private final FeeSchedule defaultFees;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, InstrumentBook> books = new LinkedHashMap<>();
    private final List<Instrument> instruments;
    private final Map<String, Account> accounts = new HashMap<>();
    private final Account house = Account.house();
    private final Map<String, BigDecimal> collectedFees = new TreeMap<>();
    private final List<EngineOrder> accepted = new ArrayList<>();
    private final VenueIds ids;
    private final Matcher matcher;
    private final VenueRules rules;
    private volatile EngineJournal journal = EngineJournal.NONE;
    private volatile Visibility visibility = Visibility.IMMEDIATE;
    private long cancelledCount;
    /** Orders of traders changed by the command running now, with the fills it gave them (under the lock). */
    private final Map<EngineOrder, List<AccountFill>> changed = new LinkedHashMap<>();
    private final List<java.util.function.Consumer<OrderUpdate>> orderListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * One trader's order after a command changed it (placed, filled, cancelled, expired), with the fills that command
     * gave it: what a venue's private websocket stream pushes.
     */
    public record OrderUpdate(OrderView order, List<AccountFill> newFills) {
        public OrderUpdate {
            newFills = List.copyOf(newFills);
        }
    }

    /**
     * @param venue       venue name, as in {@link Instrument#venue()}
     * @param defaultFees fee rates of accounts opened without their own
     * @param idStyle     how this venue spells order and trade ids
     * @param listings    the instruments it lists; those with liquidity get a seeded house market maker
     * @param clock       source of every timestamp (a ManualClock makes runs reproducible)
     * @param seed        seed of the books, their drift and the ids
     */
    public MatchingEngine(String venue, FeeSchedule defaultFees, IdStyle idStyle, List<Listing> listings, Clock clock,
                          long seed) {
        this(venue, defaultFees, idStyle, VenueRules.DEFAULT, listings, clock, seed);
    }

    /** As above, with the venue's own rules for client-id reuse and fill ids. */
    public MatchingEngine(String venue, FeeSchedule defaultFees, IdStyle idStyle, VenueRules rules,
                          List<Listing> listings, Clock clock, long seed) {
        this.venue = Objects.requireNonNull(venue, "venue");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.defaultFees = Objects.requireNonNull(defaultFees, "defaultFees");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new VenueIds(idStyle, Seeds.derive(seed, "ids"));
        this.matcher = new Matcher(ids, clock, collectedFees);
        this.matcher.onFill = (order, fill) -> changed.computeIfAbsent(order, o -> new ArrayList<>()).add(fill);
        List<Instrument> list = new ArrayList<>();
        for (Listing listing : listings) {
            if (!listing.instrument().venue().equals(venue)) {
                throw new IllegalArgumentException(listing.symbol() + " is listed on " + listing.instrument().venue()
                        + ", not on " + venue);
            }
            InstrumentBook book = new InstrumentBook(listing);
            if (books.putIfAbsent(listing.symbol(), book) != null) {
                throw new IllegalArgumentException("symbol " + listing.symbol() + " listed twice on " + venue);
            }
            list.add(listing.instrument());
            if (listing.liquidity() != null) {
                book.marketMaker = new MarketMaker(book, listing.liquidity(), house, clock,
                        Seeds.derive(seed, "book:" + listing.symbol()));
                book.marketMaker.requote(null);
            }
        }
        this.instruments = List.copyOf(list);
    }

    public String venue() {
        return venue;
    }

    /**
     * Reports every state-changing call from now on to {@code journal} (persistence of the standalone simulator).
     * Attach it after replaying the journal's earlier commands, so they are not recorded twice.
     */
    public void journal(EngineJournal journal) {
        this.journal = journal == null ? EngineJournal.NONE : journal;
    }

    /**
     * Tells {@code listener} of every change to traders' orders, in engine order, while the engine lock is held: it
     * must only hand the update on (the simulator's websocket streams queue it), never call back into the engine.
     */
    public void addOrderListener(java.util.function.Consumer<OrderUpdate> listener) {
        orderListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeOrderListener(java.util.function.Consumer<OrderUpdate> listener) {
        orderListeners.remove(listener);
    }

    /**
     * Tells {@code listener} after every state-changing command (a place, a cancel, a requote: the books may have
     * moved). Called under the engine lock: it must only take note, never call back into the engine.
     */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeChangeListener(Runnable listener) {
        changeListeners.remove(listener);
    }

    private void touched(EngineOrder order) {
        if (!order.isHouse()) {
            changed.computeIfAbsent(order, o -> new ArrayList<>());
        }
    }

    /** Hands the changes of the command that just ran to the listeners (under the lock, so in engine order). */
    private void publishChanges() {
        changeListeners.forEach(Runnable::run);
        if (changed.isEmpty()) {
            return;
        }
        if (orderListeners.isEmpty()) {
            changed.clear(); // nobody streams (in-process venues, the swarm): no snapshots to build
            return;
        }
        List<OrderUpdate> updates = new ArrayList<>(changed.size());
        changed.forEach((order, fills) -> updates.add(new OrderUpdate(order.view(), fills)));
        changed.clear();
        for (var l : orderListeners) {
            updates.forEach(l);
        }
    }

    public FeeSchedule defaultFees() {
        return defaultFees;
    }

    public VenueRules rules() {
        return rules;
    }

    /**
     * Sets how long accepted orders stay invisible to this engine's read methods (the visibility_lag_ms fault).
     * Not journaled: it changes what reads show, never the state.
     */
    public void visibility(Visibility visibility) {
        this.visibility = visibility == null ? Visibility.IMMEDIATE : visibility;
    }

    public List<Instrument> instruments() {
        return instruments;
    }

    public Optional<Instrument> instrument(String symbol) {
        InstrumentBook book = books.get(symbol);
        return book == null ? Optional.empty() : Optional.of(book.listing.instrument());
    }

    /** The asset balances move in for this symbol's quote side (USDT on Binance, USD on Kraken). */
    public String quoteAsset(String symbol) {
        return book(symbol).listing.quoteAsset();
    }

    // ---- accounts ------------------------------------------------------------------------------------

    /** Opens an account with the venue's default fees. Throws IllegalArgumentException if the key exists. */
    public void openAccount(String apiKey, String apiSecret, String passphrase, Map<String, BigDecimal> balances) {
        openAccount(apiKey, apiSecret, passphrase, balances, defaultFees);
    }

    public void openAccount(String apiKey, String apiSecret, String passphrase, Map<String, BigDecimal> balances,
                            FeeSchedule fees) {
        openAccount(apiKey, apiSecret, passphrase, balances, fees, AccountOptions.DEFAULT);
    }

    /** Opens an account whose key has {@code options}' permissions (and, for Bybit, account type). */
    public void openAccount(String apiKey, String apiSecret, String passphrase, Map<String, BigDecimal> balances,
                            FeeSchedule fees, AccountOptions options) {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(apiSecret, "apiSecret");
        Objects.requireNonNull(fees, "fees");
        for (BigDecimal amount : balances.values()) {
            if (amount == null || amount.signum() < 0) {
                throw new IllegalArgumentException("opening balances must not be negative");
            }
        }
        journaled(at -> {
            if (accounts.containsKey(apiKey)) {
                throw new IllegalArgumentException("an account with this api key already exists on " + venue);
            }
            Account account = Account.trader(apiKey, apiSecret, passphrase, fees, options);
            balances.forEach(account::credit);
            accounts.put(apiKey, account);
            return new Journaled<>(null,
                    new EngineCommand.OpenAccount(at, apiKey, apiSecret, passphrase, balances, fees, options));
        });
    }

    /** Opens the account unless one with this key exists; returns whether it was opened (for idempotent set-up). */
    public boolean openAccountIfAbsent(String apiKey, String apiSecret, String passphrase,
                                       Map<String, BigDecimal> balances) {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
        for (BigDecimal amount : balances.values()) {
            if (amount == null || amount.signum() < 0) {
                throw new IllegalArgumentException("opening balances must not be negative");
            }
        }
        return journaled(at -> {
            if (accounts.containsKey(apiKey)) {
                return new Journaled<>(false, null);
            }
            Account account = Account.trader(apiKey, apiSecret, passphrase, defaultFees, AccountOptions.DEFAULT);
            balances.forEach(account::credit);
            accounts.put(apiKey, account);
            return new Journaled<>(true,
                    new EngineCommand.OpenAccount(at, apiKey, apiSecret, passphrase, balances, defaultFees));
        });
    }

    /**
     * The account's credentials, for a dialect that verifies request signatures with the real algorithm (it needs
     * the secret, as the exchange does). Empty for an unknown key.
     */
    public Optional<Credentials> credentials(String apiKey) {
        return locked(() -> {
            Account account = apiKey == null ? null : accounts.get(apiKey);
            return account == null ? Optional.<Credentials>empty() : Optional.of(account.credentials());
        });
    }

    public boolean hasAccount(String apiKey) {
        return locked(() -> accounts.containsKey(apiKey));
    }

    /**
     * The key's permissions and account type, for the venues' key-introspection endpoints (which any key may call).
     * AUTH_FAILED for an unknown key.
     */
    public AccountOptions accountOptions(String apiKey) {
        return locked(() -> account(apiKey).options);
    }

    /** Throws AUTH_FAILED unless the key exists and the secret (and passphrase, where the account has one) match. */
    public void authenticate(String apiKey, String apiSecret, String passphrase) {
        locked(() -> {
            Account account = apiKey == null ? null : accounts.get(apiKey);
            if (account == null || !account.accepts(apiSecret, passphrase)) {
                throw new VenueException(VenueErrorKind.AUTH_FAILED, "Invalid API-key, IP, or permissions for action.");
            }
            return null;
        });
    }

    /**
     * The account's api secret, for a dialect that verifies request signatures with it (HMAC over the request,
     * as the exchange does); empty for an unknown key. Only for verification inside the simulator, never sent out.
     */
    public Optional<String> signingSecret(String apiKey) {
        return locked(() -> {
            Account account = apiKey == null ? null : accounts.get(apiKey);
            return account == null ? Optional.<String>empty() : Optional.ofNullable(account.apiSecret());
        });
    }

    /** Credits free balance, for funding from the admin side. */
    public void deposit(String apiKey, String asset, BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a deposit must be positive");
        }
        journaled(at -> {
            account(apiKey).credit(asset, amount);
            return new Journaled<>(null, new EngineCommand.Deposit(at, apiKey, asset, amount));
        });
    }

    /** Every asset the account has held, with free and locked amounts. */
    public Map<String, Balance> balances(String apiKey) {
        return locked(() -> account(apiKey, Permission.READ).balances());
    }

    /** Whether any of the account's balances, free or locked, is below zero (for invariants checked often). */
    public boolean anyBalanceNegative(String apiKey) {
        return locked(() -> account(apiKey, Permission.READ).anyNegative());
    }

    /** The account's fee rates (a read: the key needs READ). */
    public FeeSchedule fees(String apiKey) {
        return locked(() -> account(apiKey, Permission.READ).fees);
    }

    /** Changes the account's rates for orders placed from now on (resting orders keep the rates they reserved for). */
    public void setFees(String apiKey, FeeSchedule fees) {
        Objects.requireNonNull(fees, "fees");
        journaled(at -> {
            account(apiKey).fees = fees;
            return new Journaled<>(null, new EngineCommand.SetFees(at, apiKey, fees));
        });
    }

    // ---- trading -------------------------------------------------------------------------------------

    /**
     * Validates, checks funds, matches and (for a LIMIT remainder) rests the order. Returns its state after.
     * A client order id used before is handled by the venue's {@link ClientIdReuse} rule: refused with
     * DUPLICATE_ORDER, or (RETURN_EXISTING) answered with the earlier order, which changes nothing.
     */
    public OrderView place(String apiKey, NewOrder request) {
        Objects.requireNonNull(request, "request");
        return journaled(at -> {
            Account account = account(apiKey, Permission.TRADE);
            EngineOrder earlier = request.clientOrderId() == null ? null
                    : account.latestByClientId.get(request.clientOrderId());
            if (earlier != null && rules.clientIdReuse() == ClientIdReuse.RETURN_EXISTING) {
                return new Journaled<>(earlier.view(), null);
            }
            InstrumentBook book = book(request.symbol());
            NewOrder order = PreTradeChecks.validate(book, request);
            if (order.clientOrderId() != null && clientIdTaken(account, order.clientOrderId())) {
                throw new VenueException(VenueErrorKind.DUPLICATE_ORDER, rules.clientIdReuse() == ClientIdReuse.NEVER
                        ? "Duplicate order sent: client order id " + order.clientOrderId() + " was used before"
                        : "Duplicate order sent: client order id " + order.clientOrderId() + " is still open");
            }
            PreTradeChecks.checkFunds(account, book, order);
            // Generated only once the order is accepted, so a refused order leaves no trace (replay stays exact).
            String clientOrderId = order.clientOrderId();
            while (clientOrderId == null || clientIdTaken(account, clientOrderId)) {
                clientOrderId = ids.nextClientOrderId();
            }
            if (order.trigger() != null && order.trigger().reachedBy(book.lastTradePrice)) {
                throw new VenueException(VenueErrorKind.INVALID_PRICE_OR_QTY, "Stop price would trigger immediately.");
            }
            EngineOrder live = new EngineOrder(ids.nextOrderId(), clientOrderId, account, book.listing, order.side(),
                    order.type(), order.quantity(), order.quoteQuantity(), order.limitPrice(), clock.now());
            if (order.trigger() != null) {
                waitForTrigger(live, order.trigger(), book);
                touched(live);
                account.track(live);
                accepted.add(live);
                return new Journaled<>(live.view(), new EngineCommand.Place(at, apiKey, request));
            }
            BigDecimal lastPrice = matcher.match(live, book);
            settleRemainder(live, book);
            touched(live);
            account.track(live);
            accepted.add(live);
            if (lastPrice != null) {
                lastPrice = fireStops(book, lastPrice);
            }
            if (lastPrice != null && book.marketMaker != null) {
                book.marketMaker.requote(lastPrice);
            }
            return new Journaled<>(live.view(), new EngineCommand.Place(at, apiKey, request));
        });
    }

    /**
     * A native stop or take profit waits off the book with what it may cost locked, as the exchanges lock it when the
     * order is accepted (so the same coins cannot be sold twice by a stop and another order).
     */
    private static void waitForTrigger(EngineOrder order, StopTrigger trigger, InstrumentBook book) {
        order.trigger = trigger;
        order.waiting = true;
        order.state = OrderState.OPEN;
        if (trigger.locksFunds()) {
            BigDecimal reserve = fundsOf(order);
            order.owner.lock(order.reservedAsset(), reserve);
            order.reserved = reserve;
        }
        book.waitingStops.add(order);
    }

    /** What a limit order may cost: its quote with the worse fee for a buy, its base for a sell. */
    private static BigDecimal fundsOf(EngineOrder order) {
        return order.side == Side.BUY
                ? order.quantity.multiply(order.limitPrice)
                        .multiply(BigDecimal.ONE.add(order.rates.maker().max(order.rates.taker())))
                : order.quantity;
    }

    /**
     * Fires every waiting stop the last trade has reached, oldest first: each enters the book as its limit order and
     * may trade at once, which moves the last price and may fire more. Runs inside the command whose trade moved the
     * price, so a replay of the journal fires the same stops at the same point. Returns the last trade price after.
     */
    private BigDecimal fireStops(InstrumentBook book, BigDecimal lastPrice) {
        BigDecimal last = lastPrice;
        boolean fired = true;
        while (fired) {
            fired = false;
            for (java.util.Iterator<EngineOrder> it = book.waitingStops.iterator(); it.hasNext(); ) {
                EngineOrder stop = it.next();
                if (!stop.trigger.reachedBy(last)) {
                    continue;
                }
                it.remove();
                stop.waiting = false;
                stop.updatedAt = clock.now();
                Matcher.releaseReserve(stop);
                if (!stop.trigger.locksFunds() && stop.owner.available(stop.reservedAsset()).compareTo(fundsOf(stop)) < 0) {
                    // Fired, but the account no longer holds what it needs (another order spent it): the venue
                    // cancels it rather than trading on credit.
                    stop.state = OrderState.CANCELLED;
                    stop.owner.openByClientId.remove(stop.clientOrderId);
                    touched(stop);
                    fired = true;
                    break;
                }
                BigDecimal traded = matcher.match(stop, book);
                settleRemainder(stop, book);
                touched(stop);
                if (traded != null) {
                    last = traded;
                }
                fired = true;
                break; // the list and the price may have changed: look again from the oldest
            }
        }
        return last;
    }

    /** Whether the venue's reuse rule forbids this client id now (the truth, never lagged). */
    private boolean clientIdTaken(Account account, String clientOrderId) {
        return rules.clientIdReuse() == ClientIdReuse.WHILE_OPEN
                ? account.openByClientId.containsKey(clientOrderId)
                : account.latestByClientId.containsKey(clientOrderId);
    }

    /** A LIMIT remainder rests and locks what it may still cost; an IOC or MARKET remainder expires. */
    private void settleRemainder(EngineOrder order, InstrumentBook book) {
        if (isComplete(order, book)) {
            order.state = OrderState.FILLED;
        } else if (order.type == OrderType.LIMIT) {
            order.state = order.filledQty.signum() > 0 ? OrderState.PARTIALLY_FILLED : OrderState.OPEN;
            BigDecimal reserve = order.side == Side.BUY
                    ? order.remaining().multiply(order.limitPrice).multiply(BigDecimal.ONE.add(order.rates.maker()))
                    : order.remaining();
            order.owner.lock(order.reservedAsset(), reserve);
            order.reserved = reserve;
            book.sideOf(order.side).add(order);
        } else {
            order.state = OrderState.EXPIRED;
            order.updatedAt = clock.now();
        }
    }

    /**
     * A base-sized order is complete when nothing remains; a quote-sized one when what is left of its budget
     * no longer buys one lot at the last price (it stopped for want of budget, not for want of book).
     */
    private static boolean isComplete(EngineOrder order, InstrumentBook book) {
        if (order.quantity != null) {
            return order.remaining().signum() == 0;
        }
        if (order.filledQty.signum() == 0) {
            return false;
        }
        BigDecimal leftover = order.quoteQuantity.subtract(order.filledQuote);
        return leftover.compareTo(order.instrument().lotSize().multiply(book.lastTradePrice)) < 0;
    }

    /** Cancels the account's open order with this client order id; ORDER_NOT_FOUND if none is open. */
    public OrderView cancel(String apiKey, String clientOrderId) {
        return journaled(at -> {
            Account account = account(apiKey, Permission.TRADE);
            EngineOrder order = clientOrderId == null ? null : account.openByClientId.get(clientOrderId);
            return new Journaled<>(cancel(account, order), new EngineCommand.Cancel(at, apiKey, clientOrderId));
        });
    }

    /** Cancels by the venue's own order id; ORDER_NOT_FOUND if the account has no such open order. */
    public OrderView cancelByVenueId(String apiKey, String venueOrderId) {
        return journaled(at -> {
            Account account = account(apiKey, Permission.TRADE);
            EngineOrder order = venueOrderId == null ? null : account.byVenueId.get(venueOrderId);
            return new Journaled<>(cancel(account, order != null && order.state.isOpen() ? order : null),
                    new EngineCommand.CancelByVenueId(at, apiKey, venueOrderId));
        });
    }

    private OrderView cancel(Account account, EngineOrder order) {
        if (order == null) {
            throw new VenueException(VenueErrorKind.ORDER_NOT_FOUND, "Unknown order sent: no such open order");
        }
        InstrumentBook book = books.get(order.listing.symbol());
        book.sideOf(order.side).remove(order);
        book.waitingStops.remove(order);
        order.waiting = false;
        Matcher.releaseReserve(order);
        order.state = OrderState.CANCELLED;
        order.updatedAt = clock.now();
        account.openByClientId.remove(order.clientOrderId);
        touched(order);
        cancelledCount++;
        return order.view();
    }

    // Reads answer as the venue's read endpoints do: the key needs READ, and orders placed less than the
    // visibility lag ago are not there yet (see Visibility). The engine* methods below are the matching engine's
    // own view, for write paths (a cancel's look-up, a duplicate check): neither lagged nor permission-checked.

    /** The newest visible order the account sent with this client order id, open or closed. */
    public Optional<OrderView> orderByClientId(String apiKey, String clientOrderId) {
        return locked(() -> {
            Account account = account(apiKey, Permission.READ);
            Instant cutoff = cutoff();
            EngineOrder latest = account.latestByClientId.get(clientOrderId);
            if (latest == null || Visibility.visible(latest, cutoff)) {
                return Optional.ofNullable(latest).map(EngineOrder::view);
            }
            // The newest is not readable yet; an older order with the same (reused) id may be.
            for (EngineOrder o : account.byVenueId.sequencedValues().reversed()) {
                if (o.clientOrderId.equals(clientOrderId) && Visibility.visible(o, cutoff)) {
                    return Optional.of(o.view());
                }
            }
            return Optional.<OrderView>empty();
        });
    }

    public Optional<OrderView> orderByVenueId(String apiKey, String venueOrderId) {
        return locked(() -> {
            Account account = account(apiKey, Permission.READ);
            Instant cutoff = cutoff();
            return Optional.ofNullable(account.byVenueId.get(venueOrderId))
                    .filter(o -> Visibility.visible(o, cutoff)).map(EngineOrder::view);
        });
    }

    /** The account's visible resting orders, oldest first. */
    public List<OrderView> openOrders(String apiKey) {
        return locked(() -> {
            Instant cutoff = cutoff();
            List<OrderView> out = new ArrayList<>();
            for (EngineOrder o : account(apiKey, Permission.READ).openOrders()) {
                if (Visibility.visible(o, cutoff)) {
                    out.add(o.view());
                }
            }
            return out;
        });
    }

    /** Every visible order the account placed, oldest first. */
    public List<OrderView> orders(String apiKey) {
        return locked(() -> {
            Instant cutoff = cutoff();
            return account(apiKey, Permission.READ).byVenueId.values().stream()
                    .filter(o -> Visibility.visible(o, cutoff)).map(EngineOrder::view).toList();
        });
    }

    /** Every fill of the account's visible orders, in trade order. */
    public List<AccountFill> fills(String apiKey) {
        return locked(() -> {
            Account account = account(apiKey, Permission.READ);
            Instant cutoff = cutoff();
            if (cutoff == null) {
                return List.copyOf(account.fills);
            }
            List<AccountFill> out = new ArrayList<>();
            for (AccountFill f : account.fills) {
                EngineOrder o = account.byVenueId.get(f.venueOrderId());
                if (o != null && Visibility.visible(o, cutoff)) {
                    out.add(f);
                }
            }
            return out;
        });
    }

    /** The newest order with this client id as the matching engine holds it (write paths only). */
    public Optional<OrderView> engineOrderByClientId(String apiKey, String clientOrderId) {
        return locked(() -> Optional.ofNullable(account(apiKey).latestByClientId.get(clientOrderId))
                .map(EngineOrder::view));
    }

    /** The order as the matching engine holds it (write paths only). */
    public Optional<OrderView> engineOrderByVenueId(String apiKey, String venueOrderId) {
        return locked(() -> Optional.ofNullable(account(apiKey).byVenueId.get(venueOrderId)).map(EngineOrder::view));
    }

    /** The account's resting orders as the matching engine holds them (write paths only), oldest first. */
    public List<OrderView> engineOpenOrders(String apiKey) {
        return locked(() -> account(apiKey).openOrders().stream().map(EngineOrder::view).toList());
    }

    private Instant cutoff() {
        return visibility.cutoff(clock.now());
    }

    // ---- market data and administration --------------------------------------------------------------

    /** Aggregated book of one symbol, up to {@code depth} levels a side. INVALID_SYMBOL if not listed. */
    public OrderBook book(String symbol, int depth) {
        return locked(() -> {
            InstrumentBook book = book(symbol);
            return new OrderBook(venue, symbol, book.bids.snapshot(depth), book.asks.snapshot(depth), clock.now());
        });
    }

    /** Price of the last trade on the symbol, or null before the first. */
    public BigDecimal lastTradePrice(String symbol) {
        return locked(() -> book(symbol).lastTradePrice);
    }

    /** Every order request the venue accepted (traders only, not the house), in arrival order. */
    public List<OrderView> acceptedOrders() {
        return locked(() -> accepted.stream().map(EngineOrder::view).toList());
    }

    /**
     * The accepted orders from position {@code from} of {@link #acceptedOrders()} on: lets a checker that runs after
     * every simulation step look only at what is new instead of copying the whole history each time.
     */
    public List<OrderView> acceptedOrdersSince(int from) {
        return locked(() -> {
            int start = Math.max(0, Math.min(from, accepted.size()));
            List<OrderView> out = new ArrayList<>(accepted.size() - start);
            for (int i = start; i < accepted.size(); i++) {
                out.add(accepted.get(i).view());
            }
            return out;
        });
    }

    /** How many trader orders the engine has accepted since it was built (the house's quotes are not counted). */
    public long ordersPlaced() {
        return locked(() -> (long) accepted.size());
    }

    /** How many cancels took effect since the engine was built. */
    public long ordersCancelled() {
        return locked(() -> cancelledCount);
    }

    /** Fees the venue has charged so far, per asset. */
    public Map<String, BigDecimal> collectedFees() {
        return locked(() -> Collections.unmodifiableMap(new TreeMap<>(collectedFees)));
    }

    /** What the house market maker has bought and sold (it may be negative: it stands for the whole market). */
    public Map<String, Balance> houseBalances() {
        return locked(house::balances);
    }

    /**
     * Reshapes the house ladder of {@code symbol}: every level's price moved by {@code shiftBps} (+50 = 0.5 %
     * dearer), every level's size multiplied by {@code depthScale}. Trader orders stay where they are; a shifted
     * house level that would cross one is left out, as on every requote. Journaled, so a replay rebuilds the same
     * book. IllegalArgumentException for a book without a house maker, a depth scale that is not positive, or a
     * shift of -10000 bps or less (prices must stay positive).
     */
    public OrderBook reshapeBook(String symbol, BigDecimal shiftBps, BigDecimal depthScale) {
        Objects.requireNonNull(shiftBps, "shiftBps");
        Objects.requireNonNull(depthScale, "depthScale");
        if (depthScale.signum() <= 0) {
            throw new IllegalArgumentException("depth_scale must be positive");
        }
        if (shiftBps.compareTo(BigDecimal.valueOf(-10_000)) <= 0) {
            throw new IllegalArgumentException("shift_bps must be above -10000 (prices stay positive)");
        }
        return journaled(at -> {
            InstrumentBook book = book(symbol);
            if (book.marketMaker == null) {
                throw new IllegalArgumentException(symbol + " on " + venue + " has no house market maker to reshape");
            }
            book.marketMaker.reshape(shiftBps, depthScale);
            return new Journaled<>(new OrderBook(venue, symbol, book.bids.snapshot(1), book.asks.snapshot(1), clock.now()),
                    new EngineCommand.ReshapeBook(at, symbol, shiftBps, depthScale));
        });
    }

    /** The house's fair mid of {@code symbol}, or null without a house maker (for the market flow's bounds). */
    public BigDecimal houseMid(String symbol) {
        return locked(() -> {
            InstrumentBook book = book(symbol);
            return book.marketMaker == null ? null : book.marketMaker.fairMid();
        });
    }

    /** Restores the house ladder on every book (normally done after each trade). */
    public void replenish() {
        journaled(at -> {
            for (InstrumentBook book : books.values()) {
                if (book.marketMaker != null) {
                    book.marketMaker.requote(null);
                }
            }
            return new Journaled<>(null, new EngineCommand.Replenish(at));
        });
    }

    private Account account(String apiKey) {
        Account account = apiKey == null ? null : accounts.get(apiKey);
        if (account == null) {
            throw new VenueException(VenueErrorKind.AUTH_FAILED, "Invalid API-key, IP, or permissions for action.");
        }
        return account;
    }

    /** The account, refused with PERMISSION_DENIED unless its key has {@code needed}. */
    private Account account(String apiKey, Permission needed) {
        Account account = account(apiKey);
        if (!account.options.can(needed)) {
            throw new VenueException(VenueErrorKind.PERMISSION_DENIED,
                    "this api key lacks the " + needed.wire() + " permission");
        }
        return account;
    }

    private InstrumentBook book(String symbol) {
        InstrumentBook book = symbol == null ? null : books.get(symbol);
        if (book == null) {
            throw new VenueException(VenueErrorKind.INVALID_SYMBOL, "Invalid symbol " + symbol + " on " + venue);
        }
        return book;
    }

    /** A result and the command that produced it (null when nothing changed). */
    private record Journaled<T>(T result, EngineCommand command) {
    }

    /**
     * Runs a state-changing call under the lock, enqueues its command in the journal while still holding the lock
     * (journal order = engine order), then waits for durability after releasing it.
     */
    private <T> T journaled(java.util.function.Function<java.time.Instant, Journaled<T>> action) {
        EngineJournal j = journal;
        long ticket;
        T result;
        lock.lock();
        try {
            Journaled<T> done;
            try {
                done = action.apply(clock.now());
            } finally {
                publishChanges();
            }
            result = done.result();
            ticket = done.command() == null ? 0 : j.append(done.command());
        } finally {
            lock.unlock();
        }
        if (ticket != 0) {
            j.awaitDurable(ticket);
        }
        return result;
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
