package io.nija.core.bracket;

import io.nija.core.engine.EngineListener;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.engine.MarketData;
import io.nija.core.engine.SignalAck;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.position.Position;
import io.nija.core.order.OrderStatus;
import io.nija.core.signal.EntryTerms;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AcceptedSignal;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.venue.NativeStops;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the brackets of entries: arms a take profit and a stop loss for what each entry fills, watches the book of the
 * venue holding the fill, and when the price an exit would get reaches one side, sends that side as an ordinary
 * reduce-only {@code profit_take} or {@code stop_loss} signal through the engine's own admission. So the kill switch's
 * block_entries lets it out, it can never open a position, and it is capped at what is held. While one side's exit
 * works the other is off; when it closes the position the other side is cancelled with the bracket, and whatever it
 * left (a partial exit, a late fill of the entry) stays armed.
 *
 * <p>Where the holding venue has its own stop orders ({@link io.nija.core.venue.Venue#nativeStops()}), the desk
 * places the sides there instead, as reduce-only {@code stop_loss} / {@code profit_take} exits whose terms carry the
 * trigger ({@link EntryTerms#nativeStopLoss}), so the venue holds the stop while the router is down. Both sides when
 * the venue does not lock a waiting stop's coins (Bybit); only the stop loss where it does (Binance), the take profit
 * then watched by the router and sent only once the stop's cancel is confirmed, since the coins are not free before.
 * The two sides of a bracket form one OCO group: they claim the position once between them, and when one trades the
 * desk cancels the other. A partial entry fill re-sizes them by cancel, then replace once the cancel is confirmed:
 * never two live protections summing above the position, and unprotected only between the two answers. The native
 * orders are ordinary engine orders (stored, resolved by client order id after a crash, never sent twice); the
 * bracket stores their signal ids before they are submitted, so a restart finds them by signal id, and a signal
 * that never reached the store was never sent. A side already beyond its trigger, a venue without native stops, or
 * a native order the venue refused or someone else cancelled, falls back to the router's own trigger on the book: a
 * stop then only fires while the router runs (its state is stored, so it fires again after a restart).
 *
 * <p>Thread safety: order updates arrive from users' lanes, the watch runs on the scheduler; each bracket is changed
 * only inside {@link ConcurrentHashMap#compute} on its own key, and saved there, before the change counts.
 */
public final class BracketDesk implements EngineListener {
    private static final Logger LOG = LoggerFactory.getLogger(BracketDesk.class);
    private static final BigDecimal CENT = new BigDecimal("0.01");
    /**
     * How far past its trigger a native stop loss's limit lies (1 %: a sell's limit below the stop), so a gap through
     * the stop still fills; a take profit's limit is its trigger.
     */
    static final BigDecimal STOP_LIMIT_BAND = new BigDecimal("0.01");

    private final Store store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bracket> live = new ConcurrentHashMap<>();
    /** The working exits' signal ids, each to its bracket's entry order id. */
    private final ConcurrentHashMap<String, String> exits = new ConcurrentHashMap<>();
    /** The native orders' signal ids, each to its bracket's entry order id. */
    private final ConcurrentHashMap<String, String> natives = new ConcurrentHashMap<>();
    /** The last state seen of each native order, by signal id. */
    private final ConcurrentHashMap<String, Order> nativeOrders = new ConcurrentHashMap<>();
    /** Native orders this desk asked to cancel (a cancel by anyone else turns the bracket's native placing off). */
    private final java.util.Set<String> cancelRequested = ConcurrentHashMap.newKeySet();
    /** Entries this desk asked to cancel because a native side of their bracket traded. */
    private final java.util.Set<String> entryCancelRequested = ConcurrentHashMap.newKeySet();
    private volatile ExecutionEngine engine;
    private volatile boolean closed;

    /** When false, every side is watched router-side, whatever the venue has (see {@link #routerSideOnly}). */
    private final boolean placeNative;

    public BracketDesk(Store store, Clock clock) {
        this(store, clock, true);
    }

    private BracketDesk(Store store, Clock clock, boolean placeNative) {
        this.store = store;
        this.clock = clock;
        this.placeNative = placeNative;
    }

    /**
     * A desk that places no venue-native orders and watches every side on the book itself, as before native stops
     * existed: for a harness whose invariants expect every order to end (a native stop rests by design).
     */
    public static BracketDesk routerSideOnly(Store store, Clock clock) {
        return new BracketDesk(store, clock, false);
    }

    /**
     * Connects the engine (which takes this desk as a listener, so it is built after it) and picks up the brackets the
     * store holds as live. Call before {@link ExecutionEngine#recover()}, so updates of resumed orders find them.
     */
    public void attach(ExecutionEngine executionEngine) {
        this.engine = executionEngine;
        for (Bracket b : store.findLiveBrackets()) {
            live.put(b.entryOrderId(), b);
            store.findOrder(b.entryOrderId()).ifPresent(this::onEntry);
            if (b.exitSignalId() != null) {
                resumeExit(b);
            }
            for (String sig : new String[] {b.nativeStopSignalId(), b.nativeTakeSignalId()}) {
                if (sig != null) {
                    resumeNative(b, sig);
                }
            }
        }
    }

    /**
     * A native order recorded before the crash: submitted (its order is in the store, and the engine resumes it by
     * asking the venue for its client order id) or never stored, so never sent (forgotten; placed anew if needed).
     */
    private void resumeNative(Bracket b, String signalId) {
        Optional<AcceptedSignal> sent = store.findSignal(b.userId(), signalId);
        if (sent.isEmpty() || sent.get().orderIds().isEmpty()) {
            update(b.entryOrderId(), cur -> cur.nativeEnded(signalId, BigDecimal.ZERO, false, clock.now()));
            return;
        }
        natives.put(signalId, b.entryOrderId());
        store.findOrder(sent.get().orderIds().get(0)).ifPresent(this::onNative);
    }

    /** The exit working at the crash: sent (its order is in the store) or not (armed again). */
    private void resumeExit(Bracket b) {
        Optional<AcceptedSignal> sent = store.findSignal(b.userId(), b.exitSignalId());
        if (sent.isEmpty() || sent.get().orderIds().isEmpty()) {
            update(b.entryOrderId(), cur -> b.exitSignalId().equals(cur.exitSignalId()) ? cur.exitNeverSent(clock.now()) : cur);
            return;
        }
        exits.put(b.exitSignalId(), b.entryOrderId());
        store.findOrder(sent.get().orderIds().get(0)).ifPresent(this::onExit);
    }

    @Override
    public void orderUpdated(Order order) {
        try {
            if (order.signalType() == SignalType.ENTRY && order.terms().hasBracket()) {
                onEntry(order);
            } else if (exits.containsKey(order.signalId())) {
                onExit(order);
            } else if (natives.containsKey(order.signalId())) {
                onNative(order);
            }
        } catch (RuntimeException e) {
            // The order itself is stored already; a bracket that could not be saved keeps its last stored state and is
            // brought up to date by the order's next update (or the restart's re-read of the entry).
            LOG.error("bracket of order {} could not be updated", order.orderId(), e);
        }
    }

    private void onEntry(Order entry) {
        String venue = venueHolding(entry);
        BigDecimal filled = entry.filledQty();
        boolean isFinal = entry.status().isTerminal();
        live.compute(entry.orderId(), (id, cur) -> {
            Bracket before = cur != null ? cur : store.findBracket(id).orElse(null);
            if (before != null && before.isFinished() && filled.compareTo(before.entryFilledQty()) <= 0) {
                return null;
            }
            Bracket base = before != null ? before : Bracket.forEntry(id, entry.userId(), entry.pair(), entry.side(),
                    entry.terms().takeProfitPrice(), entry.terms().stopLossPrice(), clock.now());
            if (before != null && filled.compareTo(before.entryFilledQty()) == 0 && isFinal == before.entryFinal()
                    && java.util.Objects.equals(venue == null ? before.venue() : venue, before.venue())) {
                return before.isFinished() ? null : before;
            }
            Bracket next = base.withEntry(venue, filled, isFinal, clock.now());
            store.saveBracket(next);
            return next.isFinished() ? null : next;
        });
    }

    private void onExit(Order exit) {
        if (!exit.status().isTerminal()) {
            return;
        }
        String entryId = exits.remove(exit.signalId());
        if (entryId == null) {
            return;
        }
        boolean nothingHeld = "no_position".equals(exit.rejectCode());
        update(entryId, cur -> !exit.signalId().equals(cur.exitSignalId()) ? cur
                : nothingHeld ? cur.nothingLeft(clock.now()) : cur.exitEnded(exit.filledQty(), clock.now()));
    }

    /** A native order changed: remembered; once over, what it closed counts and the bracket may place anew. */
    private void onNative(Order order) {
        String signalId = order.signalId();
        if (!order.status().isTerminal()) {
            nativeOrders.put(signalId, order);
            return;
        }
        String entryId = natives.remove(signalId);
        nativeOrders.remove(signalId);
        boolean askedToCancel = cancelRequested.remove(signalId);
        if (entryId == null) {
            return;
        }
        boolean nothingHeld = "no_position".equals(order.rejectCode());
        // Refused by the venue, or withdrawn by someone else (the trader, a kill switch): placing it again would meet
        // the same answer, so the router's own trigger watches from now on.
        boolean off = order.filledQty().signum() == 0 && !askedToCancel
                && (order.status() == OrderStatus.REJECTED || order.status() == OrderStatus.FAILED
                || order.status() == OrderStatus.CANCELLED);
        update(entryId, cur -> {
            Bracket next = cur.nativeEnded(signalId, order.filledQty(), off && !nothingHeld, clock.now());
            return nothingHeld ? next.nothingLeft(clock.now()) : next;
        });
    }

    /** Applies a change to a live bracket and stores it; a finished bracket is dropped from memory. */
    private Bracket update(String entryId, java.util.function.UnaryOperator<Bracket> change) {
        return live.computeIfPresent(entryId, (id, cur) -> {
            Bracket next = change.apply(cur);
            if (next != cur) {
                store.saveBracket(next);
            }
            return next.isFinished() ? null : next;
        });
    }

    /** The venue where the entry filled the most (its position lives there), or null before any fill. */
    private static String venueHolding(Order entry) {
        OrderLeg best = null;
        for (OrderLeg l : entry.legs()) {
            if (l.filledQty().signum() > 0 && (best == null || l.filledQty().compareTo(best.filledQty()) > 0)) {
                best = l;
            }
        }
        return best == null ? null : best.venue();
    }

    /**
     * Checks every live bracket: cancels native orders that must go (the other side traded, the entry filled more, a
     * router-side exit is due), places native orders where the venue has them and none work, and checks the sides the
     * router watches against its venue's book (the engine's cached books, so brackets on one pair share one read),
     * sending the exit of each side reached. Returns how many orders were submitted.
     */
    public int evaluate() {
        ExecutionEngine e = engine;
        if (e == null) {
            return 0;
        }
        int sent = 0;
        for (Bracket b : List.copyOf(live.values())) {
            if (b.venue() == null) {
                continue;
            }
            try {
                sent += work(e, b);
            } catch (RuntimeException ex) {
                LOG.warn("bracket of {} could not be worked", b.entryOrderId(), ex);
            }
        }
        return sent;
    }

    private int work(ExecutionEngine e, Bracket b) {
        NativeStops venueStops = placeNative ? e.nativeStops(b.userId(), b.venue()) : NativeStops.NONE;
        boolean nativeStop = !b.nativeOff() && venueStops.stopLoss() && b.stopLossPrice() != null;
        boolean nativeTake = !b.nativeOff() && venueStops.takeProfit() && b.takeProfitPrice() != null
                && (!venueStops.locksFunds() || !nativeStop);
        BigDecimal price = b.armedQty().signum() > 0 ? exitPrice(e.marketData(), b) : null;
        SignalType reached = price == null ? null : b.triggeredBy(price);
        if (b.hasNativeOrders()) {
            withdrawNatives(e, b, reached != null && !(reached == SignalType.STOP_LOSS ? nativeStop : nativeTake));
            return 0;
        }
        if (b.status() != Bracket.Status.ARMED || b.armedQty().signum() <= 0) {
            return 0;
        }
        if (reached != null) {
            // Reached already (a native stop beyond its trigger would be refused, or trade at once): sent now at market.
            return fire(e, b, reached, price) ? 1 : 0;
        }
        return nativeStop || nativeTake ? placeNatives(e, b, nativeStop, nativeTake) : 0;
    }

    /**
     * Cancels the native orders that must go: the other side traded (one cancels the other), the size no longer
     * matches what is armed (the entry filled more: re-placed once the cancel is confirmed), a router-side exit works,
     * or {@code routerSideDue}: a side the router watches is reached, and its exit waits for the coins the native
     * orders hold (on a venue that locks them) and must not add to them.
     */
    private void withdrawNatives(ExecutionEngine e, Bracket b, boolean routerSideDue) {
        Order stop = b.nativeStopSignalId() == null ? null : nativeOrders.get(b.nativeStopSignalId());
        Order take = b.nativeTakeSignalId() == null ? null : nativeOrders.get(b.nativeTakeSignalId());
        boolean stopTraded = stop != null && stop.filledQty().signum() > 0;
        boolean takeTraded = take != null && take.filledQty().signum() > 0;
        boolean resize = b.nativeQty().compareTo(b.armedQty()) != 0;
        boolean all = routerSideDue || b.exitSignalId() != null || b.nativeOff();
        if (b.nativeStopSignalId() != null && (all || takeTraded || resize && !stopTraded)) {
            requestCancel(e, b, b.nativeStopSignalId());
        }
        if (b.nativeTakeSignalId() != null && (all || stopTraded || resize && !takeTraded)) {
            requestCancel(e, b, b.nativeTakeSignalId());
        }
        boolean sideTraded = stopTraded || takeTraded || b.exitedQty().signum() > 0;
        if (sideTraded && !b.entryFinal() && entryCancelRequested.add(b.entryOrderId())) {
            // A side traded: buying more of the entry now would only add to what is being closed (as when the router
            // triggers a side itself).
            e.cancel(b.userId(), b.entryOrderId());
        }
    }

    private void requestCancel(ExecutionEngine e, Bracket b, String signalId) {
        if (!cancelRequested.add(signalId)) {
            return;
        }
        Order known = nativeOrders.get(signalId);
        String orderId = known != null ? known.orderId() : store.findSignal(b.userId(), signalId)
                .filter(s -> !s.orderIds().isEmpty()).map(s -> s.orderIds().get(0)).orElse(null);
        if (orderId == null) {
            // Never stored, so never sent: nothing at the venue to cancel.
            cancelRequested.remove(signalId);
            natives.remove(signalId);
            update(b.entryOrderId(), cur -> cur.nativeEnded(signalId, BigDecimal.ZERO, false, clock.now()));
            return;
        }
        LOG.info("bracket of {} cancels its native order {}", b.entryOrderId(), orderId);
        e.cancel(b.userId(), orderId);
    }

    /** Places the venue's own stop and/or take profit for what is armed; returns how many were submitted. */
    private int placeNatives(ExecutionEngine e, Bracket seen, boolean stop, boolean take) {
        int attempt = seen.nativeAttempts() + 1;
        String base = "sig_brk_" + seen.entryOrderId() + "_n" + attempt;
        String stopId = stop ? base + "_sl" : null;
        String takeId = take ? base + "_tp" : null;
        BigDecimal qty = seen.armedQty();
        // Stored before anything is submitted: after a crash the signal ids say what went out.
        Bracket placed = update(seen.entryOrderId(), cur -> cur.nativeAttempts() == seen.nativeAttempts()
                && !cur.hasNativeOrders() && cur.exitSignalId() == null && cur.armedQty().compareTo(qty) == 0
                ? cur.nativePlaced(stopId, takeId, qty, clock.now()) : cur);
        if (placed == null || placed.nativeAttempts() != attempt) {
            return 0;
        }
        int sent = 0;
        if (stopId != null) {
            natives.put(stopId, seen.entryOrderId());
            sent += submitNative(e, placed, stopId, SignalType.STOP_LOSS, qty) ? 1 : 0;
        }
        if (takeId != null) {
            natives.put(takeId, seen.entryOrderId());
            sent += submitNative(e, placed, takeId, SignalType.PROFIT_TAKE, qty) ? 1 : 0;
        }
        return sent;
    }

    private boolean submitNative(ExecutionEngine e, Bracket b, String signalId, SignalType side, BigDecimal qty) {
        boolean longPosition = b.entrySide() == Side.BUY;
        EntryTerms terms;
        if (side == SignalType.STOP_LOSS) {
            BigDecimal band = longPosition ? BigDecimal.ONE.subtract(STOP_LIMIT_BAND) : BigDecimal.ONE.add(STOP_LIMIT_BAND);
            terms = EntryTerms.nativeStopLoss(b.stopLossPrice(), b.stopLossPrice().multiply(band), group(b));
        } else {
            terms = EntryTerms.nativeTakeProfit(b.takeProfitPrice(), b.takeProfitPrice(), group(b));
        }
        TradeSignal signal = new TradeSignal(signalId, b.userId(), b.pair(), b.exitSide(),
                qty.multiply(terms.limitPrice()), side, "bracket", clock.now(), signalId, false, null, terms);
        try {
            SignalAck ack = e.submit(signal);
            LOG.info("bracket of {} placed a native {} at {} on {}: {} for {}", b.entryOrderId(), side.wire(),
                    terms.exitTrigger().price().toPlainString(), b.venue(), ack.orderIds(), qty.toPlainString());
            return true;
        } catch (SignalRejectedException ex) {
            natives.remove(signalId);
            boolean nothingHeld = "no_position".equals(ex.code());
            LOG.warn("bracket of {} could not place its native {}: {} {}", b.entryOrderId(), side.wire(), ex.code(),
                    ex.getMessage());
            update(b.entryOrderId(), cur -> {
                Bracket next = cur.nativeEnded(signalId, BigDecimal.ZERO, !nothingHeld, clock.now());
                return nothingHeld ? next.nothingLeft(clock.now()) : next;
            });
            return false;
        }
    }

    /** The OCO group of a bracket's exits: they claim the position once between them. */
    static String group(Bracket b) {
        return "brk_" + b.entryOrderId();
    }

    private static BigDecimal exitPrice(MarketData marketData, Bracket b) {
        try {
            Instrument instrument = marketData.instrument(b.venue(), b.pair());
            OrderBook book = instrument == null ? null : marketData.book(instrument);
            return book == null ? null : book.touch(b.exitSide());
        } catch (RuntimeException ex) {
            LOG.debug("no book of {} on {} for a bracket: {}", b.pair(), b.venue(), ex.toString());
            return null;
        }
    }

    private boolean fire(ExecutionEngine e, Bracket seen, SignalType side, BigDecimal price) {
        String signalId = "sig_brk_" + seen.entryOrderId() + "_" + (seen.exitAttempts() + 1);
        // Stored as triggered before the exit is sent: after a crash, the signal id (also its idempotency key) tells
        // whether it went out, and a repeat is the same signal, not a second exit.
        Bracket triggered = update(seen.entryOrderId(), cur -> cur.exitSignalId() == null
                && cur.exitAttempts() == seen.exitAttempts() ? cur.triggered(signalId, side, clock.now()) : cur);
        if (triggered == null || !signalId.equals(triggered.exitSignalId())) {
            return false;
        }
        exits.put(signalId, seen.entryOrderId());
        BigDecimal qty = triggered.armedQty();
        BigDecimal usd = qty.multiply(price).setScale(2, RoundingMode.UP).max(CENT);
        TradeSignal exit = new TradeSignal(signalId, seen.userId(), seen.pair(), seen.exitSide(), usd, side, "bracket",
                clock.now(), signalId, qty.compareTo(held(seen)) >= 0, null, EntryTerms.bracketExit(group(seen)));
        try {
            SignalAck ack = e.submit(exit);
            LOG.info("bracket of {} triggered {} at {}: exit {} for {}", seen.entryOrderId(), side.wire(),
                    price.toPlainString(), ack.orderIds(), qty.toPlainString());
            if (!triggered.entryFinal()) {
                // The stop (or target) is reached: buying more of the entry now would only add to what is closed.
                e.cancel(seen.userId(), seen.entryOrderId());
            }
            return true;
        } catch (SignalRejectedException ex) {
            exits.remove(signalId);
            boolean nothingHeld = "no_position".equals(ex.code());
            LOG.warn("bracket of {} could not send its {}: {} {}", seen.entryOrderId(), side.wire(), ex.code(), ex.getMessage());
            update(seen.entryOrderId(), cur -> !signalId.equals(cur.exitSignalId()) ? cur
                    : nothingHeld ? cur.nothingLeft(clock.now()) : cur.exitNeverSent(clock.now()));
            return false;
        }
    }

    /** What the user holds of the bracket's pair, in the exit's direction, over every venue. */
    private BigDecimal held(Bracket b) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Position p : store.findPositions(b.userId())) {
            if (p.pair().equals(b.pair())) {
                sum = sum.add(p.quantity());
            }
        }
        return b.entrySide() == io.nija.core.signal.Side.BUY ? sum : sum.negate();
    }

    /** Runs {@link #evaluate()} every {@code interval} until {@link #close()}. */
    public void watchEvery(Scheduler scheduler, Duration interval) {
        scheduler.schedule(interval, () -> {
            if (closed) {
                return;
            }
            try {
                evaluate();
            } catch (RuntimeException ex) {
                LOG.warn("bracket watch failed", ex);
            }
            watchEvery(scheduler, interval);
        });
    }

    /** The live brackets (armed or with an exit working). */
    public Map<String, Bracket> live() {
        return Map.copyOf(live);
    }

    public void close() {
        closed = true;
    }
}
