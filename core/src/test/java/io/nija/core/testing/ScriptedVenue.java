package io.nija.core.testing;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.time.Clock;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tiny deterministic venue for engine tests. It lists the instruments it is given, shows a static book per
 * instrument, charges fixed fees, and answers each {@link #placeOrder} with the next {@link Step} of its script
 * (or the default step once the script is used up). Orders it accepted are remembered by client order id, so
 * {@link #queryOrder} and {@link #cancelOrder} behave like a real venue; a second place with a client order id
 * it already holds is refused with {@link VenueErrorKind#DUPLICATE_ORDER}, as exchanges do.
 *
 * <p>Every call is recorded with its client order id, so a test can assert that nothing was placed twice.
 * All methods are thread-safe (executors call from virtual threads).
 */
public final class ScriptedVenue implements Venue {
    public enum Action {
        /** Fill the whole quantity at once (at {@code price}, or at the book's touch when null). */
        FILL,
        /** Fill {@code quantity} (at {@code price} or the touch) and leave the rest resting. */
        PARTIAL,
        /** Accept and rest, nothing filled. */
        REST,
        /** Refuse definitively with {@code error}; nothing is created. */
        REJECT,
        /** Create the order and fill it, then lose the answer: throws UNKNOWN. */
        ACCEPT_FILL_THEN_TIMEOUT,
        /** Create the order resting, then lose the answer: throws UNKNOWN. */
        ACCEPT_REST_THEN_TIMEOUT,
        /** Throw VENUE_UNAVAILABLE before anything is created. */
        UNAVAILABLE,
        /** Create and fill the order, but answer with a garbled fill larger than the order (an adapter bug). */
        FILL_GARBLED_ANSWER
    }

    /** One scripted answer to a place call. */
    public record Step(Action action, BigDecimal price, BigDecimal quantity, VenueErrorKind error) {
        public static Step fill() {
            return new Step(Action.FILL, null, null, null);
        }

        public static Step fillAt(String price) {
            return new Step(Action.FILL, new BigDecimal(price), null, null);
        }

        public static Step partial(String quantity, String price) {
            return new Step(Action.PARTIAL, price == null ? null : new BigDecimal(price), new BigDecimal(quantity), null);
        }

        public static Step rest() {
            return new Step(Action.REST, null, null, null);
        }

        public static Step reject(VenueErrorKind kind) {
            return new Step(Action.REJECT, null, null, kind);
        }

        public static Step acceptFillThenTimeout() {
            return new Step(Action.ACCEPT_FILL_THEN_TIMEOUT, null, null, null);
        }

        public static Step acceptRestThenTimeout() {
            return new Step(Action.ACCEPT_REST_THEN_TIMEOUT, null, null, null);
        }

        public static Step fillGarbledAnswer() {
            return new Step(Action.FILL_GARBLED_ANSWER, null, null, null);
        }

        public static Step unavailable() {
            return new Step(Action.UNAVAILABLE, null, null, null);
        }
    }

    public enum CallKind { PLACE, QUERY, CANCEL, FILLS, OPEN_ORDERS }

    /** One recorded call: what, for which user, about which client order id. */
    public record Call(CallKind kind, String userId, String clientOrderId, VenueOrderRequest request) { }

    private static final class VenueOrder {
        final String venueOrderId;
        final VenueOrderRequest request;
        final String userId;
        final java.time.Instant placedAt;
        VenueOrderStatus status = VenueOrderStatus.OPEN;
        final List<Fill> fills = new ArrayList<>();

        VenueOrder(String venueOrderId, VenueOrderRequest request, String userId, java.time.Instant placedAt) {
            this.venueOrderId = venueOrderId;
            this.request = request;
            this.userId = userId;
            this.placedAt = placedAt;
        }

        BigDecimal filled() {
            return fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    private final String name;
    private final Clock clock;
    private final Map<Instrument, OrderBook> books = new LinkedHashMap<>();
    private final Deque<Step> script = new ArrayDeque<>();
    /** The newest order per client order id (what a query by client id finds). */
    private final Map<String, VenueOrder> orders = new LinkedHashMap<>();
    /** Every order the venue accepted, in order. */
    private final List<VenueOrder> accepted = new ArrayList<>();
    private java.time.Duration visibilityLag = java.time.Duration.ZERO;
    private boolean reuseClosedClientIds;
    private boolean cancelOfClosedIsUnknown;
    private String feeAsset;
    private boolean sharesOpenOrdersRead;
    private final List<Call> calls = new ArrayList<>();
    private FeeSchedule fees = new FeeSchedule(new BigDecimal("0.001"), new BigDecimal("0.001"));
    private Step defaultStep = Step.fill();
    private RuntimeException bookFailure;
    private long sequence;
    private io.nija.core.venue.NativeStops nativeStops = io.nija.core.venue.NativeStops.NONE;

    public ScriptedVenue(String name, Clock clock) {
        this.name = Objects.requireNonNull(name);
        this.clock = Objects.requireNonNull(clock);
    }

    // --- configuration ------------------------------------------------------------------------------

    /** Lists {@code instrument} with {@code book} as its (static) book; a null book means "no book". */
    public synchronized ScriptedVenue list(Instrument instrument, OrderBook book) {
        books.put(instrument, book);
        return this;
    }

    public synchronized ScriptedVenue fees(FeeSchedule schedule) {
        this.fees = schedule;
        return this;
    }

    /**
     * Reads (query, open orders, fills) do not see an order until {@code lag} after it was placed, as exchanges whose
     * reads come from a store behind the matching engine; cancels and duplicate checks see it at once.
     */
    public synchronized ScriptedVenue visibilityLag(java.time.Duration lag) {
        this.visibilityLag = lag;
        return this;
    }

    /** Accepts a client order id again once the order that carried it is closed (Binance, OKX, Kraken). */
    public synchronized ScriptedVenue reuseClosedClientIds() {
        this.reuseClosedClientIds = true;
        return this;
    }

    /** A cancel of an order that is already closed is answered "unknown order", as Binance and Kraken answer it. */
    public synchronized ScriptedVenue cancelOfClosedAnswersUnknownOrder() {
        this.cancelOfClosedIsUnknown = true;
        return this;
    }

    /**
     * Charges fees in {@code asset} instead of the quote asset: the base asset (a buy's fee taken from the coins
     * bought) or a third asset such as BNB, charged at the fee rate times the notional (as if BNB were worth 1).
     */
    public synchronized ScriptedVenue feesIn(String asset) {
        this.feeAsset = asset;
        return this;
    }

    /** Says that one open-orders read costs what one order read does (as Kraken does). */
    public synchronized ScriptedVenue sharingOpenOrdersRead() {
        this.sharesOpenOrdersRead = true;
        return this;
    }

    @Override
    public synchronized boolean sharesOpenOrdersRead() {
        return sharesOpenOrdersRead;
    }

    /**
     * Says which venue-native trigger orders this venue places. An accepted trigger order rests (its trigger has not
     * fired) whatever the script says, and uses no script step; {@link #fillResting} fires and fills it.
     */
    public synchronized ScriptedVenue nativeStops(io.nija.core.venue.NativeStops stops) {
        this.nativeStops = stops;
        return this;
    }

    @Override
    public synchronized io.nija.core.venue.NativeStops nativeStops() {
        return nativeStops;
    }

    /** Fills {@code qty} of a resting order at {@code price} (its trigger fired, or the market moved into it). */
    public synchronized void fillRestingPart(String clientOrderId, String qty, String price) {
        VenueOrder o = orders.get(clientOrderId);
        if (o == null || o.status.isFinal()) {
            throw new IllegalStateException("no resting order " + clientOrderId);
        }
        addFill(o, new BigDecimal(qty), new BigDecimal(price), Liquidity.MAKER);
        o.status = o.filled().compareTo(o.request.quantity()) >= 0 ? VenueOrderStatus.FILLED
                : VenueOrderStatus.PARTIALLY_FILLED;
    }

    /** The client order ids of the trigger orders the venue holds open now. */
    public synchronized List<String> openTriggerOrders() {
        return orders.values().stream().filter(o -> o.request.trigger() != null && !o.status.isFinal())
                .map(o -> o.request.clientOrderId()).toList();
    }

    /** The request of the order with this client order id. */
    public synchronized VenueOrderRequest request(String clientOrderId) {
        return orders.get(clientOrderId).request;
    }

    /** Appends answers for the next place calls, in order. */
    public synchronized ScriptedVenue script(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    /** What a place call does once the script is used up (initially: fill at the touch). */
    public synchronized ScriptedVenue defaultStep(Step step) {
        this.defaultStep = step;
        return this;
    }

    /**
     * Makes every book request throw {@code failure} (null: answer normally again). A {@link VenueException} models
     * a venue outage; any other exception models a bug in an adapter.
     */
    public synchronized ScriptedVenue failBooks(RuntimeException failure) {
        this.bookFailure = failure;
        return this;
    }

    /** Fills what is left of a resting order (the market moved into it), at {@code price} or the touch. */
    public synchronized void fillResting(String clientOrderId, String price) {
        VenueOrder o = orders.get(clientOrderId);
        if (o == null || o.status.isFinal()) {
            throw new IllegalStateException("no resting order " + clientOrderId);
        }
        addFill(o, o.request.quantity().subtract(o.filled()), price == null ? null : new BigDecimal(price), Liquidity.MAKER);
        o.status = VenueOrderStatus.FILLED;
    }

    // --- recorded calls -----------------------------------------------------------------------------

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(CallKind kind) {
        return calls.stream().filter(c -> c.kind() == kind).toList();
    }

    public synchronized List<Call> calls(CallKind kind, String clientOrderId) {
        return calls.stream().filter(c -> c.kind() == kind && c.clientOrderId().equals(clientOrderId)).toList();
    }

    /** How many place calls carried this client order id. */
    public int placeCount(String clientOrderId) {
        return calls(CallKind.PLACE, clientOrderId).size();
    }

    /** How many orders the venue accepted with this client order id (more than one is a double placement). */
    public synchronized int ordersAccepted(String clientOrderId) {
        return (int) accepted.stream().filter(o -> o.request.clientOrderId().equals(clientOrderId)).count();
    }

    /** Whether the venue holds an order with this client order id. */
    public synchronized boolean holds(String clientOrderId) {
        return orders.containsKey(clientOrderId);
    }

    public synchronized int remainingScript() {
        return script.size();
    }

    // --- Venue --------------------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized List<Instrument> instruments() {
        return List.copyOf(books.keySet());
    }

    @Override
    public synchronized OrderBook orderBook(Instrument instrument, int depth) {
        if (bookFailure != null) {
            throw bookFailure;
        }
        OrderBook b = books.get(instrument);
        if (b == null) {
            throw new VenueException(VenueErrorKind.VENUE_UNAVAILABLE, "no book for " + instrument.symbol());
        }
        return b;
    }

    @Override
    public synchronized FeeSchedule fees(VenueAccount account, Instrument instrument) {
        return fees;
    }

    @Override
    public synchronized VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        calls.add(new Call(CallKind.PLACE, account.userId(), request.clientOrderId(), request));
        VenueOrder earlier = orders.get(request.clientOrderId());
        if (earlier != null && !(reuseClosedClientIds && earlier.status.isFinal())) {
            throw new VenueException(VenueErrorKind.DUPLICATE_ORDER, "duplicate clientOrderId " + request.clientOrderId());
        }
        nativeStops.check(name, request);
        Step step = request.trigger() != null ? Step.rest() : script.isEmpty() ? defaultStep : script.pollFirst();
        switch (step.action()) {
            case REJECT -> throw new VenueException(step.error(), "scripted rejection: " + step.error().wire());
            case UNAVAILABLE -> throw new VenueException(VenueErrorKind.VENUE_UNAVAILABLE, "scripted outage");
            default -> { }
        }
        VenueOrder o = new VenueOrder(name + "-" + (++sequence), request, account.userId(), clock.now());
        orders.put(request.clientOrderId(), o);
        accepted.add(o);
        switch (step.action()) {
            case FILL, ACCEPT_FILL_THEN_TIMEOUT, FILL_GARBLED_ANSWER -> {
                addFill(o, request.quantity(), step.price(), Liquidity.TAKER);
                o.status = VenueOrderStatus.FILLED;
            }
            case PARTIAL -> {
                addFill(o, step.quantity(), step.price(), Liquidity.TAKER);
                o.status = VenueOrderStatus.PARTIALLY_FILLED;
            }
            default -> o.status = VenueOrderStatus.OPEN;
        }
        if (step.action() == Action.ACCEPT_FILL_THEN_TIMEOUT || step.action() == Action.ACCEPT_REST_THEN_TIMEOUT) {
            throw new VenueException(VenueErrorKind.UNKNOWN, "scripted timeout after the order was created");
        }
        if (step.action() == Action.FILL_GARBLED_ANSWER) {
            VenueOrderState real = state(o);
            Fill f = real.fills().get(0);
            Fill garbled = new Fill(f.fillId() + "-garbled", name, f.quantity().multiply(BigDecimal.TWO), f.price(), f.fee(),
                    f.feeAsset(), f.liquidity(), f.time());
            return new VenueOrderState(real.venueOrderId(), real.clientOrderId(), real.symbol(), real.status(),
                    real.quantity(), real.filledQty(), real.averagePrice(), List.of(garbled), null);
        }
        return state(o);
    }

    @Override
    public synchronized VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        calls.add(new Call(CallKind.CANCEL, account.userId(), clientOrderId, null));
        VenueOrder o = orders.get(clientOrderId);
        if (o == null || cancelOfClosedIsUnknown && o.status.isFinal()) {
            throw new VenueException(VenueErrorKind.ORDER_NOT_FOUND, "no order " + clientOrderId);
        }
        if (!o.status.isFinal()) {
            o.status = VenueOrderStatus.CANCELLED;
        }
        return state(o);
    }

    @Override
    public synchronized Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        calls.add(new Call(CallKind.QUERY, account.userId(), clientOrderId, null));
        return Optional.ofNullable(orders.get(clientOrderId)).filter(this::visible).map(this::state);
    }

    @Override
    public synchronized List<VenueOrderState> openOrders(VenueAccount account) {
        calls.add(new Call(CallKind.OPEN_ORDERS, account.userId(), "", null));
        return orders.values().stream().filter(o -> o.userId.equals(account.userId()) && !o.status.isFinal() && visible(o))
                .map(this::state).toList();
    }

    @Override
    public synchronized List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        calls.add(new Call(CallKind.FILLS, account.userId(), clientOrderId, null));
        VenueOrder o = orders.get(clientOrderId);
        return o == null || !visible(o) ? List.of() : List.copyOf(o.fills);
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        return Map.of();
    }

    // --- internals ----------------------------------------------------------------------------------

    private boolean visible(VenueOrder o) {
        return !clock.now().isBefore(o.placedAt.plus(visibilityLag));
    }

    private void addFill(VenueOrder o, BigDecimal qty, BigDecimal price, Liquidity liquidity) {
        BigDecimal p = price != null ? price : touchOrLimit(o.request);
        BigDecimal rate = liquidity == Liquidity.MAKER ? fees.maker() : fees.taker();
        String base = o.request.instrument().pair().base();
        BigDecimal fee = base.equals(feeAsset) ? qty.multiply(rate) : qty.multiply(p).multiply(rate);
        o.fills.add(new Fill(name + "-t" + (++sequence), name, qty, p, fee,
                feeAsset != null ? feeAsset : o.request.instrument().pair().quote(), liquidity, clock.now()));
    }

    private BigDecimal touchOrLimit(VenueOrderRequest r) {
        OrderBook b = books.get(r.instrument());
        BigDecimal touch = b == null ? null : b.touch(r.side());
        if (touch != null) {
            return touch;
        }
        if (r.limitPrice() != null) {
            return r.limitPrice();
        }
        throw new IllegalStateException("no price to fill " + r.clientOrderId() + " at");
    }

    private VenueOrderState state(VenueOrder o) {
        BigDecimal filled = o.filled();
        BigDecimal avg = filled.signum() == 0 ? null : o.fills.stream().map(Fill::notional)
                .reduce(BigDecimal.ZERO, BigDecimal::add).divide(filled, java.math.MathContext.DECIMAL128);
        return new VenueOrderState(o.venueOrderId, o.request.clientOrderId(), o.request.instrument().symbol(), o.status,
                o.request.quantity(), filled, avg, List.copyOf(o.fills), null);
    }
}
