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
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AcceptedSignal;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
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
 * <p>Router-side, not the venue's own stop orders: the venues' native stop and OCO orders differ per venue, and the
 * simulator does not have them. The cost is that a stop only fires while the router runs; the state is stored, so it
 * fires again after a restart.
 *
 * <p>Thread safety: order updates arrive from users' lanes, the watch runs on the scheduler; each bracket is changed
 * only inside {@link ConcurrentHashMap#compute} on its own key, and saved there, before the change counts.
 */
public final class BracketDesk implements EngineListener {
    private static final Logger LOG = LoggerFactory.getLogger(BracketDesk.class);
    private static final BigDecimal CENT = new BigDecimal("0.01");

    private final Store store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bracket> live = new ConcurrentHashMap<>();
    /** The working exits' signal ids, each to its bracket's entry order id. */
    private final ConcurrentHashMap<String, String> exits = new ConcurrentHashMap<>();
    private volatile ExecutionEngine engine;
    private volatile boolean closed;

    public BracketDesk(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
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
        }
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
     * Checks every armed bracket against its venue's book (the engine's cached books, so brackets on one pair share
     * one read) and sends the exit of each side reached. Returns how many exits were sent.
     */
    public int evaluate() {
        ExecutionEngine e = engine;
        if (e == null) {
            return 0;
        }
        int sent = 0;
        for (Bracket b : List.copyOf(live.values())) {
            if (b.status() != Bracket.Status.ARMED || b.armedQty().signum() <= 0 || b.venue() == null) {
                continue;
            }
            BigDecimal price = exitPrice(e.marketData(), b);
            SignalType side = price == null ? null : b.triggeredBy(price);
            if (side != null && fire(e, b, side, price)) {
                sent++;
            }
        }
        return sent;
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
                clock.now(), signalId, qty.compareTo(held(seen)) >= 0, null);
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
