package io.nija.core.risk;

import io.nija.core.instrument.Pair;
import io.nija.core.position.Position;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One user's holdings and entries in flight, readable from any thread. The lane owns the positions and writes a
 * copy of each one here after every change; intake reads this copy to decide a signal before storing it, so a
 * refusal comes back in the HTTP answer instead of as a rejected order later.
 *
 * <p>Entries count from the moment they are admitted until they are final, by what they have not filled yet:
 * without that, a burst of entries sent together would each see the same (unfilled) position and all pass the
 * exposure limits. {@link #admit} checks and reserves under one lock, so concurrent admissions cannot overtake
 * each other.
 */
public final class ExposureLedger {
    private record VenuePair(String venue, Pair pair) { }

    /** A copy of one position: signed quantity, its value at average cost, realized PnL so far. */
    public record Holding(BigDecimal quantity, BigDecimal costUsd, BigDecimal realizedPnl) { }

    /** An entry admitted and not final yet, and the USD of it not filled yet. */
    private record InFlight(Pair pair, Side side, BigDecimal unfilledUsd) { }

    private final ConcurrentHashMap<VenuePair, Holding> holdings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, InFlight> entriesInFlight = new ConcurrentHashMap<>();
    /**
     * An exit admitted and not final yet, and the quantity of the position it still claims. Claims of one OCO group
     * (the two sides of a bracket: one cancels the other) count once, by the largest, since they close the same coins.
     */
    private record ExitClaim(Pair pair, BigDecimal quantity, String group) { }

    private final ConcurrentHashMap<String, ExitClaim> exitsInFlight = new ConcurrentHashMap<>();

    /** Lane only: copies a position after it changed. */
    public void record(Position p) {
        holdings.put(new VenuePair(p.venue(), p.pair()),
                new Holding(p.quantity(), p.exposureUsd(null), p.realizedPnl()));
    }

    /** Signed quantity of {@code pair} held, summed over venues. */
    public BigDecimal quantity(Pair pair) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<VenuePair, Holding> e : holdings.entrySet()) {
            if (e.getKey().pair().equals(pair)) {
                sum = sum.add(e.getValue().quantity());
            }
        }
        return sum;
    }

    /** Signed quantity of {@code pair} per venue that holds any. */
    public Map<String, BigDecimal> quantityByVenue(Pair pair) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        holdings.forEach((k, h) -> {
            if (k.pair().equals(pair) && h.quantity().signum() != 0) {
                out.put(k.venue(), h.quantity());
            }
        });
        return out;
    }

    /** Pairs with a non-zero quantity on at least one venue. */
    public Set<Pair> heldPairs() {
        Set<Pair> out = new HashSet<>();
        holdings.forEach((k, h) -> {
            if (h.quantity().signum() != 0) {
                out.add(k.pair());
            }
        });
        return out;
    }

    /** Value of what is held of {@code pair}, at average cost, over every venue. */
    public BigDecimal heldCostUsd(Pair pair) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<VenuePair, Holding> e : holdings.entrySet()) {
            if (e.getKey().pair().equals(pair)) {
                sum = sum.add(e.getValue().costUsd());
            }
        }
        return sum;
    }

    /**
     * Exposure to {@code pair}: held positions at average cost plus what admitted entries have not filled yet,
     * leaving out the entry {@code exceptOrderId} (the one being checked again).
     */
    public BigDecimal exposureUsd(Pair pair, String exceptOrderId) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<VenuePair, Holding> e : holdings.entrySet()) {
            if (e.getKey().pair().equals(pair)) {
                sum = sum.add(e.getValue().costUsd());
            }
        }
        for (Map.Entry<String, InFlight> e : entriesInFlight.entrySet()) {
            if (e.getValue().pair().equals(pair) && !e.getKey().equals(exceptOrderId)) {
                sum = sum.add(e.getValue().unfilledUsd());
            }
        }
        return sum;
    }

    /** Pairs held (any venue) or with an entry in flight, leaving out {@code exceptOrderId}. */
    public Set<Pair> openPairs(String exceptOrderId) {
        Set<Pair> pairs = new HashSet<>();
        holdings.forEach((k, h) -> {
            if (h.quantity().signum() != 0) {
                pairs.add(k.pair());
            }
        });
        entriesInFlight.forEach((id, f) -> {
            if (!id.equals(exceptOrderId)) {
                pairs.add(f.pair());
            }
        });
        return pairs;
    }

    /** Realized PnL over every position, fees included. */
    public BigDecimal realizedPnl() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Holding h : holdings.values()) {
            sum = sum.add(h.realizedPnl());
        }
        return sum;
    }

    /**
     * Runs {@code check} and, when it passes, counts the entry as in flight, atomically with respect to every other
     * admission of this user.
     */
    public synchronized void admit(String orderId, Pair pair, Side side, BigDecimal usd, Runnable check) {
        check.run();
        entriesInFlight.put(orderId, new InFlight(pair, side, usd));
    }

    /**
     * Reserves part of the held position for an exit, after {@code check} passed, atomically with every other
     * admission of this user: two exits admitted together cannot both claim the same coins. The claim is what is held
     * (summed over venues, in the closing direction) less what other working exits already claim, capped at
     * {@code wanted} (null = all of it, {@code close_all}).
     *
     * @return the quantity reserved, positive
     * @throws io.nija.core.signal.SignalRejectedException no_position when other exits already claim all of it
     */
    public synchronized BigDecimal reserveExit(String orderId, Pair pair, BigDecimal wanted, Runnable check) {
        return reserveExit(orderId, pair, wanted, null, check);
    }

    /** As {@link #reserveExit(String, Pair, BigDecimal, Runnable)}, for an exit of OCO group {@code group} (or null). */
    public synchronized BigDecimal reserveExit(String orderId, Pair pair, BigDecimal wanted, String group, Runnable check) {
        check.run();
        BigDecimal available = quantity(pair).abs().subtract(claimedByExits(pair, orderId, group));
        if (available.signum() <= 0) {
            throw new io.nija.core.signal.SignalRejectedException("no_position", "the open " + pair
                    + " position is already claimed in full by exits still working; nothing is left to close");
        }
        BigDecimal reserved = wanted == null ? available : wanted.min(available);
        if (reserved.signum() <= 0) {
            throw new io.nija.core.signal.SignalRejectedException("no_position", "nothing of the " + pair
                    + " position is left to close");
        }
        exitsInFlight.put(orderId, new ExitClaim(pair, reserved, group));
        return reserved;
    }

    /** What working exits claim of {@code pair}, leaving out {@code exceptOrderId}. */
    public BigDecimal claimedByExits(Pair pair, String exceptOrderId) {
        return claimedByExits(pair, exceptOrderId, null);
    }

    /**
     * What working exits claim of {@code pair}, leaving out {@code exceptOrderId} and the claims of {@code exceptGroup}
     * (the other side of the same bracket closes the same coins); each other OCO group counts once, by its largest.
     */
    public BigDecimal claimedByExits(Pair pair, String exceptOrderId, String exceptGroup) {
        BigDecimal sum = BigDecimal.ZERO;
        Map<String, BigDecimal> groups = new java.util.HashMap<>();
        for (Map.Entry<String, ExitClaim> e : exitsInFlight.entrySet()) {
            ExitClaim c = e.getValue();
            if (!c.pair().equals(pair) || e.getKey().equals(exceptOrderId)) {
                continue;
            }
            if (c.group() == null) {
                sum = sum.add(c.quantity());
            } else if (!c.group().equals(exceptGroup)) {
                groups.merge(c.group(), c.quantity(), BigDecimal::max);
            }
        }
        for (BigDecimal q : groups.values()) {
            sum = sum.add(q);
        }
        return sum;
    }

    /**
     * An exit still working claims what it has not filled yet (what it filled has left the position already); also
     * how an exit picked up after a restart claims its part again.
     */
    public void exitWorking(String orderId, Pair pair, BigDecimal unfilledQty) {
        exitWorking(orderId, pair, unfilledQty, null);
    }

    /** As {@link #exitWorking(String, Pair, BigDecimal)}, for an exit of OCO group {@code group} (or null). */
    public void exitWorking(String orderId, Pair pair, BigDecimal unfilledQty, String group) {
        if (unfilledQty.signum() <= 0) {
            exitsInFlight.remove(orderId);
        } else {
            exitsInFlight.put(orderId, new ExitClaim(pair, unfilledQty, group));
        }
    }

    /** Counts an entry as in flight without a check (an order picked up again after a restart). */
    public void inFlight(String orderId, Pair pair, Side side, BigDecimal unfilledUsd) {
        entriesInFlight.put(orderId, new InFlight(pair, side, unfilledUsd.max(BigDecimal.ZERO)));
    }

    /** The entry or exit is final (filled, cancelled, rejected) or was never stored: it no longer counts or claims. */
    public void settled(String orderId) {
        entriesInFlight.remove(orderId);
        exitsInFlight.remove(orderId);
    }
}
