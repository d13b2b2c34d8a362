package io.nija.sim.venue;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Fill;
import io.nija.core.venue.AssetBalance;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.KeyPermissions;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Permission;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.FillIdentity;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderView;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.stats.RequestCounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The core {@link Venue} port straight over a simulated exchange's matching engine, without HTTP: what the
 * service uses for paper trading and what deterministic simulations run the router against.
 *
 * <p>Every call authenticates the account (unknown key or wrong secret: AUTH_FAILED) and passes the venue's
 * fault injector first: maintenance and server errors refuse with VENUE_UNAVAILABLE, a rate-limit storm with
 * RATE_LIMITED and a one-second Retry-After (a ban with the ban's Retry-After), a connection reset with
 * VENUE_UNAVAILABLE (or UNKNOWN for order-changing calls, since the caller cannot tell whether the request arrived). "Accept then timeout" carries a place or cancel out and
 * then throws UNKNOWN: the order exists, and only {@link #queryOrder} tells the caller so.
 */
public final class InProcessVenue implements Venue {
    private static final Duration STORM_RETRY_AFTER = Duration.ofSeconds(1);

    private final MatchingEngine engine;
    private final FaultInjector faults;
    private final RequestCounts requests;

    public InProcessVenue(MatchingEngine engine, FaultInjector faults) {
        this(engine, faults, new RequestCounts());
    }

    /** {@code requests} counts every call by the port method's name ("placeOrder", "queryOrder", ...). */
    private volatile java.util.function.Predicate<VenueAccount> opensOnFirstUse = account -> false;

    public InProcessVenue(MatchingEngine engine, FaultInjector faults, RequestCounts requests) {
        this.engine = engine;
        this.faults = faults;
        this.requests = requests;
    }

    /** A venue without injected faults. */
    public InProcessVenue(MatchingEngine engine) {
        this(engine, new FaultInjector(0, Sleeper.none()));
    }

    public MatchingEngine engine() {
        return engine;
    }

    public FaultInjector faults() {
        return faults;
    }

    /** The calls this venue received, by port method name. */
    public RequestCounts requests() {
        return requests;
    }

    @Override
    public String name() {
        return engine.venue();
    }

    @Override
    public List<Instrument> instruments() {
        return read("instruments", engine::instruments);
    }

    @Override
    public OrderBook orderBook(Instrument instrument, int depth) {
        return read("orderBook", () -> engine.book(symbolOf(instrument), depth));
    }

    @Override
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        return read("fees", () -> {
            authenticate(account);
            symbolOf(instrument);
            return engine.fees(account.apiKey());
        });
    }

    @Override
    public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        return write("placeOrder", () -> {
            authenticate(account);
            String symbol = symbolOf(request.instrument());
            nativeStops().check(name(), request);
            if (request.trigger() != null) {
                return toState(engine.place(account.apiKey(), NewOrder.stopLimit(symbol, request.clientOrderId(),
                        request.side(), request.quantity(), request.limitPrice(), triggerOf(request))));
            }
            NewOrder order = switch (request.type()) {
                // Sized in quote only when no base quantity is given (what a venue adapter would send then).
                case MARKET -> request.quantity() == null && request.quoteQuantity() != null
                        ? NewOrder.marketForQuote(symbol, request.clientOrderId(), request.side(),
                                request.quoteQuantity())
                        : NewOrder.market(symbol, request.clientOrderId(), request.side(), request.quantity());
                case LIMIT -> NewOrder.limit(symbol, request.clientOrderId(), request.side(), request.quantity(),
                        request.limitPrice());
                case IOC -> NewOrder.ioc(symbol, request.clientOrderId(), request.side(), request.quantity(),
                        request.limitPrice());
            };
            return toState(engine.place(account.apiKey(), order));
        });
    }

    /** The engine's trigger for a request's: the direction from its kind and side, the locking as the venue locks. */
    private io.nija.sim.engine.StopTrigger triggerOf(VenueOrderRequest request) {
        var t = request.trigger();
        var trigger = t.kind() == io.nija.core.venue.NativeTrigger.Kind.STOP_LOSS
                ? io.nija.sim.engine.StopTrigger.stopLoss(request.side(), t.price())
                : io.nija.sim.engine.StopTrigger.takeProfit(request.side(), t.price());
        return nativeStops().locksFunds() ? trigger : trigger.lockingOnlyWhenFired();
    }

    /**
     * Where the exchange's own dialect has them (Binance: stop-loss and take-profit limits, locking their funds; Bybit:
     * spot conditional orders, locking nothing until fired), the in-process venue places native stops as it would.
     */
    @Override
    public io.nija.core.venue.NativeStops nativeStops() {
        return switch (name()) {
            case "binance" -> new io.nija.core.venue.NativeStops(true, true, true);
            case "bybit" -> new io.nija.core.venue.NativeStops(true, true, false);
            case "alpaca" -> new io.nija.core.venue.NativeStops(true, false, true);
            case "kraken", "coinbase" -> new io.nija.core.venue.NativeStops(true, true, true);
            default -> io.nija.core.venue.NativeStops.NONE;
        };
    }

    /**
     * Cancels an open order; for one already closed (filled, expired) it answers with that final state. A cancel is
     * a write: it reaches the matching engine even while the order is still invisible to reads (visibility lag).
     */
    @Override
    public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        return write("cancelOrder", () -> {
            authenticate(account);
            String symbol = symbolOf(instrument);
            Optional<OrderView> known = engine.engineOrderByClientId(account.apiKey(), clientOrderId)
                    .filter(o -> o.symbol().equals(symbol));
            if (known.isEmpty()) {
                throw new VenueException(VenueErrorKind.ORDER_NOT_FOUND, "Unknown order sent: " + clientOrderId);
            }
            if (!known.get().isOpen()) {
                return toState(known.get());
            }
            try {
                return toState(engine.cancel(account.apiKey(), clientOrderId));
            } catch (VenueException e) {
                // Filled by another thread between the look-up and the cancel: the fill beat the cancel.
                if (e.kind() != VenueErrorKind.ORDER_NOT_FOUND) {
                    throw e;
                }
                return engine.engineOrderByClientId(account.apiKey(), clientOrderId).map(this::toState)
                        .orElseThrow(() -> e);
            }
        });
    }

    @Override
    public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        return read("queryOrder", () -> {
            authenticate(account);
            String symbol = symbolOf(instrument);
            return engine.orderByClientId(account.apiKey(), clientOrderId)
                    .filter(o -> o.symbol().equals(symbol))
                    .map(this::toState);
        });
    }

    @Override
    public List<VenueOrderState> openOrders(VenueAccount account) {
        return read("openOrders", () -> {
            authenticate(account);
            return engine.openOrders(account.apiKey()).stream().map(this::toState).toList();
        });
    }

    /** Fills of one order; empty when the venue never saw the client order id (as a trade-history filter would be). */
    @Override
    public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        return read("fills", () -> {
            authenticate(account);
            String symbol = symbolOf(instrument);
            return engine.orderByClientId(account.apiKey(), clientOrderId)
                    .filter(o -> o.symbol().equals(symbol))
                    .map(o -> toFills(o.fills()))
                    .orElse(List.of());
        });
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        return read("balances", () -> {
            authenticate(account);
            Map<String, BigDecimal> free = new LinkedHashMap<>();
            for (Balance b : engine.balances(account.apiKey()).values()) {
                free.put(b.asset(), b.available());
            }
            return free;
        });
    }

    /** The engine's own record of the key's permissions (what the venues' introspection endpoints serve). */
    @Override
    public Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        return read("keyPermissions", () -> {
            authenticate(account);
            AccountOptions o = engine.accountOptions(account.apiKey());
            return Optional.of(new KeyPermissions(o.can(Permission.READ), o.can(Permission.TRADE),
                    o.can(Permission.WITHDRAW)));
        });
    }

    @Override
    public List<AssetBalance> balanceDetails(VenueAccount account) {
        return read("balances", () -> {
            authenticate(account);
            return engine.balances(account.apiKey()).values().stream()
                    .map(b -> new AssetBalance(b.asset(), b.available(), b.locked())).toList();
        });
    }

    private void authenticate(VenueAccount account) {
        if (account == null || !name().equals(account.venue())) {
            throw new VenueException(VenueErrorKind.AUTH_FAILED, "these credentials are not for " + name());
        }
        try {
            engine.authenticate(account.apiKey(), account.apiSecret(), account.passphrase());
        } catch (VenueException e) {
            // An unknown key may be a paper account handed out but not opened yet: opened now, else refused as before.
            if (e.kind() != VenueErrorKind.AUTH_FAILED || !opensOnFirstUse.test(account)) {
                throw e;
            }
            engine.authenticate(account.apiKey(), account.apiSecret(), account.passphrase());
        }
    }

    /**
     * What opens an account the first time its credentials are used (true when it did): the simulator's paper
     * accounts, which would otherwise be opened and funded for every user at once on every venue, used or not.
     */
    public void opensOnFirstUse(java.util.function.Predicate<VenueAccount> opener) {
        this.opensOnFirstUse = java.util.Objects.requireNonNull(opener);
    }

    private String symbolOf(Instrument instrument) {
        if (instrument == null || !name().equals(instrument.venue()) || engine.instrument(instrument.symbol()).isEmpty()) {
            throw new VenueException(VenueErrorKind.INVALID_SYMBOL,
                    "Invalid symbol " + (instrument == null ? null : instrument.symbol()) + " on " + name());
        }
        return instrument.symbol();
    }

    private <T> T read(String method, Supplier<T> call) {
        requests.record(method);
        refuseIfFaulty(false);
        return call.get();
    }

    private <T> T write(String method, Supplier<T> call) {
        requests.record(method);
        refuseIfFaulty(true);
        T result = call.get();
        if (faults.loseAnswer()) {
            throw new VenueException(VenueErrorKind.UNKNOWN, name() + " accepted the request but the answer timed out");
        }
        return result;
    }

    private void refuseIfFaulty(boolean changesState) {
        switch (faults.beforeCall()) {
            case PROCEED -> { }
            case MAINTENANCE -> throw new VenueException(VenueErrorKind.VENUE_UNAVAILABLE,
                    name() + " is under maintenance");
            case RATE_LIMITED -> {
                long banMs = faults.current().banRetryAfterMs();
                throw banMs > 0
                        ? new VenueException(VenueErrorKind.RATE_LIMITED, name() + " banned this client (HTTP 418)",
                                Duration.ofMillis(banMs), null)
                        : new VenueException(VenueErrorKind.RATE_LIMITED, name() + " rate limit exceeded",
                                STORM_RETRY_AFTER, null);
            }
            case SERVER_ERROR -> throw new VenueException(VenueErrorKind.VENUE_UNAVAILABLE,
                    name() + " answered HTTP 503");
            // A reset of an order-changing call leaves the caller unsure whether it arrived (here it did not).
            case CONNECTION_RESET -> throw new VenueException(
                    changesState ? VenueErrorKind.UNKNOWN : VenueErrorKind.VENUE_UNAVAILABLE,
                    "connection to " + name() + " reset");
        }
    }

    VenueOrderState toState(OrderView o) {
        VenueOrderStatus status = switch (o.state()) {
            case OPEN -> VenueOrderStatus.OPEN;
            case PARTIALLY_FILLED -> VenueOrderStatus.PARTIALLY_FILLED;
            case FILLED -> VenueOrderStatus.FILLED;
            // The port's CANCELLED covers the venue ending an IOC or market remainder too.
            case CANCELLED, EXPIRED -> VenueOrderStatus.CANCELLED;
        };
        String reason = switch (o.state()) {
            case CANCELLED -> "cancelled";
            case EXPIRED -> "unfilled remainder of " + o.type().name().toLowerCase(Locale.ROOT) + " order expired";
            default -> null;
        };
        BigDecimal quantity = o.quantity() != null ? o.quantity() : o.filledQty();
        return new VenueOrderState(o.venueOrderId(), o.clientOrderId(), o.symbol(), status, quantity, o.filledQty(),
                o.averagePrice(), toFills(o.fills()), reason);
    }

    /**
     * Fills as the venue's HTTP trade list identifies them, so a router sees the same fill ids in process as over
     * HTTP: Binance's shared public trade id (equal for both sides of a trade), elsewhere the per-account fill id.
     */
    private List<Fill> toFills(List<AccountFill> fills) {
        boolean shared = engine.rules().fillIdentity() == FillIdentity.SHARED_TRADE_ID;
        List<Fill> out = new ArrayList<>(fills.size());
        for (AccountFill f : fills) {
            out.add(shared ? f.toFill(f.tradeId()) : f.toFill());
        }
        return out;
    }
}
