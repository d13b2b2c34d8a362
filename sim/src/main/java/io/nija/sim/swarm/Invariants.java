package io.nija.sim.swarm;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.position.Position;
import io.nija.core.store.AuditHash;
import io.nija.core.store.AuditRecord;
import io.nija.core.signal.Side;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The swarm's built-in invariants. {@link #everyStep} runs after each step: the duplicate check on what the venues
 * accepted since the last step (incremental, so it costs almost nothing), and every {@code scan} steps the checks
 * that read every account (orders live at venues, balances). {@link #atEnd} runs once the faults have stopped and
 * the orders had their time to finish, and checks everything.
 *
 * <p>A result is "invariant name: what was seen", or null when everything holds.
 */
final class Invariants {
    static final String DUPLICATE = "client order id placed twice";
    static final String UNTRACKED = "order live at a venue that the router does not track";
    static final String NOT_FINAL = "acknowledged signal final within the bound after faults stop";
    static final String ACK_LOST = "acknowledged signal kept by the store";
    static final String LEG_FILLS = "router's fills of a leg equal the venue's";
    static final String POSITIONS = "positions equal the venues' fills";
    static final String BALANCES = "balances never negative";
    static final String ENGINE_THREW = "nothing escapes the engine";
    static final String AUDIT_CHAIN = "the audit chain verifies";
    static final String STOP_BEHIND_ENTRY = "stop losses never behind entries of the same user";
    static final String EXITS_WITHIN_POSITION = "exits (bracket ones too) never exceed the position";
    static final String LEGS_WITHIN_ORDER = "split legs never exceed the order";
    static final String EXIT_WITHIN_RESERVATION = "an exit never fills more than it reserved at intake";
    /**
     * What an entry's legs may fill in value beyond its size: a market entry is sized on the book the router read, and
     * the book may move before it fills (the swarm's reshapes move it by up to 50 bps), so a little over is honest;
     * a leg counted or sent twice (a split leg failed over for the whole order, say) is far more.
     */
    static final BigDecimal ENTRY_FILL_SLACK = new BigDecimal("1.02");

    private final Map<String, Integer> acceptedSeen = new HashMap<>();
    private final Set<String> placed = new HashSet<>();
    /** Carried across steps and restarts: each check hashes only the rows appended since the last one. */
    private final AuditHash.Verifier auditChain = new AuditHash.Verifier();
    private final LegIndex legs = new LegIndex();

    String everyStep(SwarmRun.View run, boolean scan) {
        String seen = duplicates(run);
        if (seen == null && scan) {
            seen = untracked(run, false);
        }
        if (seen == null && scan) {
            seen = balances(run);
        }
        if (seen == null && scan) {
            seen = withinPositionsAndOrders(run);
        }
        if (seen == null && scan) {
            seen = auditChain(run.store().auditRecordsFrom(auditChain.expectedSeq()));
        }
        return seen;
    }

    String atEnd(SwarmRun.View run) {
        String seen = duplicates(run);
        if (seen == null) {
            seen = allFinal(run);
        }
        if (seen == null) {
            seen = untracked(run, true);
        }
        if (seen == null) {
            seen = legFills(run);
        }
        if (seen == null) {
            seen = positions(run);
        }
        if (seen == null) {
            seen = balances(run);
        }
        if (seen == null) {
            seen = withinPositionsAndOrders(run);
        }
        if (seen == null) {
            seen = auditChain(run.store().auditRecordsFrom(auditChain.expectedSeq()));
        }
        if (seen == null && run.store().verifyAuditChain().isPresent()) {
            // The whole log once more, as `audit verify` walks it: rows already checked must not have changed.
            seen = AUDIT_CHAIN + ": the store's own walk breaks at row " + run.store().verifyAuditChain().getAsLong();
        }
        return seen;
    }

    /**
     * The audit rows appended since the last check continue the chain: numbered without gaps, each linked to the
     * row before it (across router restarts too) and hashed over its contents.
     */
    String auditChain(List<AuditRecord> fresh) {
        for (AuditRecord row : fresh) {
            if (!auditChain.accept(row)) {
                return AUDIT_CHAIN + ": row " + row.seq() + " (" + row.event().entityType() + " " + row.event().entityId()
                        + " " + row.event().action() + ") does not continue the chain at row " + auditChain.expectedSeq();
            }
        }
        return null;
    }

    /** No (venue, account, client order id) accepted twice: what the venues took since the last look. */
    private String duplicates(SwarmRun.View run) {
        for (String venue : run.sim().venueNames()) {
            MatchingEngine engine = run.sim().engine(venue);
            int from = acceptedSeen.getOrDefault(venue, 0);
            List<OrderView> fresh = engine.acceptedOrdersSince(from);
            acceptedSeen.put(venue, from + fresh.size());
            for (OrderView o : fresh) {
                if (o.clientOrderId() != null && !placed.add(venue + '\u0000' + o.apiKey() + '\u0000' + o.clientOrderId())) {
                    return DUPLICATE + ": " + venue + " accepted client order id " + o.clientOrderId() + " again (venue order "
                            + o.venueOrderId() + ", account " + o.apiKey() + ")";
                }
            }
        }
        return null;
    }

    /**
     * Every order open at a venue (as its matching engine holds it, not as its lagging reads show it) belongs to a leg
     * the router still follows. At the end every order is final, so nothing may be open at all.
     */
    private String untracked(SwarmRun.View run, boolean atEnd) {
        for (int u = 0; u < run.users(); u++) {
            for (String venue : run.sim().venueNames()) {
                VenueAccount a = run.account(u, venue);
                for (OrderView open : run.sim().engine(venue).engineOpenOrders(a.apiKey())) {
                    TrackedLeg tracked = legs.find(run.store(), venue, open.clientOrderId());
                    if (tracked == null) {
                        return UNTRACKED + ": " + venue + " holds open order " + open.venueOrderId() + " (client id "
                                + open.clientOrderId() + ", user-" + u + ") that no router leg has";
                    }
                    OrderLeg leg = tracked.leg();
                    if (leg.status().isTerminal() || atEnd) {
                        Order o = tracked.order();
                        return UNTRACKED + ": " + venue + " holds open order " + open.venueOrderId() + " (client id "
                                + open.clientOrderId() + ", filled " + open.filledQty().toPlainString() + " of "
                                + open.quantity() + ") whose router leg " + leg.legId() + " is " + leg.status()
                                + " (" + leg.statusReason() + "), order " + o.orderId() + " " + o.status();
                    }
                }
            }
        }
        return null;
    }

    /** A router leg and the order that holds it. */
    record TrackedLeg(Order order, OrderLeg leg) { }

    /**
     * The router's legs by venue and client order id, as a scan of every stored order finds them (a later order's
     * leg wins, as the scan's map keeps the last one). Kept up with the store: the orders stored since the last look
     * are added; the whole map is built again only when it may be stale: a client order id it does not hold, a leg
     * whose client order id has changed or that a later leg of its order with the same one follows, a store that has
     * been replaced (a restart rebuilds every order) or that saved an order id with a new object. The legs are the
     * store's own objects (kept by reference), so their status is always the current one. Rebuilding the whole map at
     * every scan cost more than a tenth of the swarm's time; the answers are the same.
     */
    static final class LegIndex {
        private final Map<String, TrackedLeg> byKey = new HashMap<>();
        private Object builtFrom;
        private long replacementsSeen = -1;
        private int ordersIndexed;

        TrackedLeg find(io.nija.core.store.memory.InMemoryStore store, String venue, String clientOrderId) {
            if (store != builtFrom || store.ordersReplaced() != replacementsSeen) {
                rebuild(store);
            } else if (store.orderCount() != ordersIndexed) {
                add(store.ordersFrom(ordersIndexed));
            }
            TrackedLeg t = byKey.get(key(venue, clientOrderId));
            if (t == null || !current(t, venue, clientOrderId)) {
                rebuild(store);
                t = byKey.get(key(venue, clientOrderId));
            }
            return t;
        }

        /** The cached leg still has this venue and client order id, and is still its order's last leg with them. */
        private static boolean current(TrackedLeg t, String venue, String clientOrderId) {
            OrderLeg last = null;
            for (OrderLeg leg : t.order().legs()) {
                if (venue.equals(leg.venue()) && clientOrderId != null && clientOrderId.equals(leg.clientOrderId())) {
                    last = leg;
                }
            }
            return last == t.leg();
        }

        private void rebuild(io.nija.core.store.memory.InMemoryStore store) {
            byKey.clear();
            ordersIndexed = 0;
            builtFrom = store;
            replacementsSeen = store.ordersReplaced();
            add(store.ordersFrom(0));
        }

        private void add(List<Order> orders) {
            for (Order o : orders) {
                for (OrderLeg leg : o.legs()) {
                    if (leg.clientOrderId() != null) {
                        byKey.put(key(leg.venue(), leg.clientOrderId()), new TrackedLeg(o, leg));
                    }
                }
            }
            ordersIndexed += orders.size();
        }

        private static String key(String venue, String clientOrderId) {
            return venue + '\u0000' + clientOrderId;
        }
    }

    private String allFinal(SwarmRun.View run) {
        int open = 0;
        String first = null;
        for (String id : run.acknowledged()) {
            Optional<Order> o = run.store().findOrder(id);
            if (o.isEmpty()) {
                return ACK_LOST + ": order " + id + " was acknowledged and is not in the store";
            }
            if (!o.get().status().isTerminal()) {
                open++;
                if (first == null) {
                    first = id + " " + o.get().status() + " " + o.get().legs().stream()
                            .map(l -> l.venue() + ":" + l.status() + ":" + l.statusReason()).toList();
                }
            }
        }
        return open == 0 ? null : NOT_FINAL + ": " + open + " orders not final " + SwarmRun.SETTLE_BOUND.toMinutes()
                + " min after the faults stopped, first " + first;
    }

    /** Each leg's filled quantity is what the venue filled for that client order id. */
    private String legFills(SwarmRun.View run) {
        Map<String, Integer> userIndex = userIndex(run);
        for (Order o : run.store().allOrders()) {
            int u = userIndex.get(o.userId());
            for (OrderLeg leg : o.legs()) {
                if (leg.clientOrderId() == null) {
                    continue;
                }
                VenueAccount a = run.account(u, leg.venue());
                BigDecimal venueQty = run.sim().engine(leg.venue()).engineOrderByClientId(a.apiKey(), leg.clientOrderId())
                        .map(OrderView::filledQty).orElse(BigDecimal.ZERO);
                if (venueQty.compareTo(leg.filledQty()) != 0) {
                    return LEG_FILLS + ": leg " + leg.legId() + " (" + leg.venue() + ", client id " + leg.clientOrderId()
                            + ", " + leg.status() + ") router " + leg.filledQty().toPlainString() + ", venue "
                            + venueQty.toPlainString();
                }
            }
        }
        return null;
    }

    /**
     * Per user and venue, the router's position equals the account's fills at the venue, net of fees the venue took
     * in the base asset (the position holds the coins the account received).
     */
    private String positions(SwarmRun.View run) {
        Map<String, BigDecimal> router = new HashMap<>();
        for (Position p : run.store().findPositions(null)) {
            if (p.pair().equals(SwarmRun.PAIR)) {
                router.merge(p.userId() + "/" + p.venue(), p.quantity(), BigDecimal::add);
            }
        }
        for (int u = 0; u < run.users(); u++) {
            for (String venue : run.sim().venueNames()) {
                MatchingEngine engine = run.sim().engine(venue);
                BigDecimal net = BigDecimal.ZERO;
                for (AccountFill f : engine.fills(run.account(u, venue).apiKey())) {
                    String base = engine.instrument(f.symbol()).map(Instrument::pair).map(p -> p.base()).orElse("");
                    BigDecimal baseFee = base.equals(f.feeAsset()) ? f.fee() : BigDecimal.ZERO;
                    net = f.side() == Side.BUY ? net.add(f.quantity()).subtract(baseFee) : net.subtract(f.quantity()).subtract(baseFee);
                }
                BigDecimal mine = router.getOrDefault("user-" + u + "/" + venue, BigDecimal.ZERO);
                if (mine.compareTo(net) != 0) {
                    return POSITIONS + ": user-" + u + " at " + venue + ": router " + mine.toPlainString() + ", venue fills "
                            + net.toPlainString();
                }
            }
        }
        return null;
    }

    /**
     * Users only buy to enter, so no exit (a signal's, a bracket's take profit or stop loss, a close-all) may sell more
     * than is held: no router position below zero at any venue. No exit fills more than the quantity it reserved
     * against the position at intake (close_all included: the others were admitted against the rest; seed 262, a
     * close_all that sold one lot another exit had reserved). And no order's legs, however it was split and failed
     * over, fill more than the order: an entry's filled value stays within its size (plus {@link #ENTRY_FILL_SLACK}
     * for the book moving under it).
     */
    private String withinPositionsAndOrders(SwarmRun.View run) {
        for (Position p : run.store().findPositions(null)) {
            if (p.quantity().signum() < 0) {
                return EXITS_WITHIN_POSITION + ": " + p.userId() + " at " + p.venue() + " holds " + p.quantity().toPlainString()
                        + " " + p.pair();
            }
        }
        for (Order o : run.store().allOrders()) {
            if (o.signalType().reducesPosition()) {
                if (o.exitQuantity() != null && o.filledQty().compareTo(o.exitQuantity()) > 0) {
                    return EXIT_WITHIN_RESERVATION + ": " + o.signalType().wire() + " " + o.orderId() + " of " + o.userId()
                            + (o.closeAll() ? " (close_all)" : "") + " filled " + o.filledQty().toPlainString()
                            + ", reserved " + o.exitQuantity().toPlainString() + " " + o.legs().stream()
                            .map(l -> l.venue() + ":" + l.status() + ":" + l.quantity().toPlainString() + ":"
                                    + l.filledQty().toPlainString()).toList();
                }
            } else if (o.filledNotional().compareTo(o.requestedUsd().multiply(ENTRY_FILL_SLACK)) > 0) {
                return LEGS_WITHIN_ORDER + ": entry " + o.orderId() + " of " + o.userId() + " for $"
                        + o.requestedUsd().toPlainString() + " filled $" + o.filledNotional().toPlainString() + " over "
                        + o.legs().size() + " legs " + o.legs().stream().map(l -> l.venue() + ":" + l.status() + ":"
                        + l.filledQty().toPlainString()).toList();
            }
        }
        return null;
    }

    private String balances(SwarmRun.View run) {
        for (int u = 0; u < run.users(); u++) {
            for (String venue : run.sim().venueNames()) {
                MatchingEngine engine = run.sim().engine(venue);
                String key = run.account(u, venue).apiKey();
                if (!engine.anyBalanceNegative(key)) {
                    continue;
                }
                for (Balance b : engine.balances(key).values()) {
                    if (b.available().signum() < 0 || b.locked().signum() < 0) {
                        return BALANCES + ": user-" + u + " at " + venue + " " + b;
                    }
                }
            }
        }
        return null;
    }

    private static Map<String, Integer> userIndex(SwarmRun.View run) {
        Map<String, Integer> m = new HashMap<>();
        for (int u = 0; u < run.users(); u++) {
            m.put("user-" + u, u);
        }
        return m;
    }
}
