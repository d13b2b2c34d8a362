package io.nija.core.routing;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.PriceLevel;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits one order over several venues at the least all-in cost: the venues' books (net of our own orders in
 * flight, within each venue's reach) are merged into one book priced per unit all in (taker fee, expected failure
 * and latency costs), the order takes the cheapest units first, and each venue's share is then made a valid order
 * there: rounded down to its lot, at least its minimum quantity and notional; a venue whose share cannot be is left
 * out and the order planned again on the rest. What no book can fill within reach goes to the venue where resting
 * costs least. Pure and deterministic: equal prices go to the deeper level first, then in the venues' given order.
 */
public final class SplitPlanner {
    /** One venue's share. */
    public record Allocation(Instrument instrument, BigDecimal quantity) { }

    /** The shares (largest first) and their all-in cost in bps of the mid, quantity-weighted over the legs. */
    public record Plan(List<Allocation> allocations, BigDecimal costBps, List<VenueCost> costs) {
        public BigDecimal quantity() {
            return allocations.stream().map(Allocation::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    private record Unit(PricedVenue venue, int order, BigDecimal effective, BigDecimal quantity) { }

    private SplitPlanner() {
    }

    /**
     * @param venues the eligible venues, in the order that breaks exact ties (the router rotates it)
     * @return null when no venue can take a valid share
     */
    public static Plan plan(Side side, BigDecimal quantity, BigDecimal mid, List<PricedVenue> venues, int maxVenues,
                            BigDecimal restingPenaltyBps) {
        List<PricedVenue> usable = new ArrayList<>(venues);
        while (!usable.isEmpty()) {
            Map<PricedVenue, BigDecimal> raw = allocate(side, quantity, mid, usable, restingPenaltyBps);
            if (raw == null) {
                return null; // the users' balances on these venues cannot pay for the order
            }
            Map<PricedVenue, BigDecimal> rounded = round(quantity, raw);
            Map<PricedVenue, BigDecimal> dropFrom = new LinkedHashMap<>();
            if (raw.size() > maxVenues) {
                dropFrom.putAll(raw);
            } else {
                rounded.forEach((v, q) -> {
                    if (!valid(v, q)) {
                        dropFrom.put(v, q);
                    }
                });
            }
            if (dropFrom.isEmpty()) {
                return priced(side, mid, rounded, restingPenaltyBps);
            }
            usable.remove(weakest(side, mid, dropFrom));
        }
        return null;
    }

    /** Cheapest units first from the merged book; what the books cannot fill goes where resting costs least. */
    private static Map<PricedVenue, BigDecimal> allocate(Side side, BigDecimal quantity, BigDecimal mid,
                                                         List<PricedVenue> venues, BigDecimal restingPenaltyBps) {
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < venues.size(); i++) {
            PricedVenue v = venues.get(i);
            for (PriceLevel l : v.levels()) {
                if (!BookWalk.reaches(side, l.price(), v.limit())) {
                    break;
                }
                units.add(new Unit(v, i, v.effectivePrice(side, l.price(), mid), l.quantity()));
            }
        }
        Comparator<Unit> cheapest = Comparator.comparing(Unit::effective);
        if (side == Side.SELL) {
            cheapest = cheapest.reversed();
        }
        units.sort(cheapest.thenComparing(Unit::quantity, Comparator.reverseOrder()).thenComparingInt(Unit::order));
        Map<PricedVenue, BigDecimal> out = new LinkedHashMap<>();
        BigDecimal left = quantity;
        for (Unit u : units) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal take = u.quantity().min(left);
            out.merge(u.venue(), take, BigDecimal::add);
            left = left.subtract(take);
        }
        while (left.signum() > 0) {
            PricedVenue rest = null;
            BigDecimal best = null;
            for (PricedVenue v : venues) {
                BigDecimal room = v.room(out.getOrDefault(v, BigDecimal.ZERO));
                if (room != null && room.signum() <= 0) {
                    continue; // the balance there is spent
                }
                BigDecimal cost = v.effectivePrice(side, v.limit(), mid);
                cost = side == Side.BUY ? cost.add(Decimals.divide(mid.multiply(restingPenaltyBps), new BigDecimal("10000")))
                        : cost.subtract(Decimals.divide(mid.multiply(restingPenaltyBps), new BigDecimal("10000")));
                int cmp = best == null ? -1 : side == Side.BUY ? cost.compareTo(best) : best.compareTo(cost);
                // Between equal places to rest, the one already taking more: a better book never ends up with less.
                if (cmp < 0 || cmp == 0 && out.getOrDefault(v, BigDecimal.ZERO).compareTo(out.getOrDefault(rest, BigDecimal.ZERO)) > 0) {
                    best = cost;
                    rest = v;
                }
            }
            if (rest == null) {
                return null;
            }
            BigDecimal room = rest.room(out.getOrDefault(rest, BigDecimal.ZERO));
            BigDecimal take = room == null ? left : left.min(room);
            out.merge(rest, take, BigDecimal::add);
            left = left.subtract(take);
        }
        return out;
    }

    /**
     * Each share down to its lot; what rounding left over goes, a whole lot at a time, to the largest shares first,
     * so the legs add up to the order within one lot and never exceed it.
     */
    private static Map<PricedVenue, BigDecimal> round(BigDecimal quantity, Map<PricedVenue, BigDecimal> raw) {
        Map<PricedVenue, BigDecimal> out = new LinkedHashMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<PricedVenue, BigDecimal> e : raw.entrySet()) {
            BigDecimal q = Decimals.floorToStep(e.getValue(), e.getKey().instrument().lotSize());
            out.put(e.getKey(), q);
            sum = sum.add(q);
        }
        BigDecimal left = quantity.subtract(sum);
        List<PricedVenue> largestFirst = new ArrayList<>(out.keySet());
        largestFirst.sort(Comparator.comparing(out::get, Comparator.reverseOrder()));
        for (PricedVenue v : largestFirst) {
            BigDecimal room = v.room(out.get(v));
            BigDecimal extra = Decimals.floorToStep(room == null ? left : left.min(room), v.instrument().lotSize());
            if (extra.signum() > 0) {
                out.merge(v, extra, BigDecimal::add);
                left = left.subtract(extra);
            }
        }
        out.values().removeIf(q -> q.signum() == 0);
        return out;
    }

    private static boolean valid(PricedVenue v, BigDecimal q) {
        Instrument i = v.instrument();
        return q.signum() > 0 && q.compareTo(i.minQty()) >= 0 && q.multiply(v.touch()).compareTo(i.minNotional()) >= 0;
    }

    /**
     * The venue to leave out: the smallest share; between equal shares the dearer top of book, then the shallower
     * book, so a cheaper or deeper venue is never left out for a worse one.
     */
    private static PricedVenue weakest(Side side, BigDecimal mid, Map<PricedVenue, BigDecimal> shares) {
        Comparator<PricedVenue> dearerTop = Comparator.comparing(v -> v.levels().isEmpty() ? null
                : v.effectivePrice(side, v.levels().get(0).price(), mid), Comparator.nullsLast(Comparator.naturalOrder()));
        if (side == Side.SELL) {
            dearerTop = Comparator.comparing(v -> v.levels().isEmpty() ? null
                    : v.effectivePrice(side, v.levels().get(0).price(), mid), Comparator.nullsFirst(Comparator.naturalOrder()));
            dearerTop = dearerTop.reversed();
        }
        Comparator<PricedVenue> weakestFirst = Comparator.<PricedVenue, BigDecimal>comparing(shares::get)
                .thenComparing(dearerTop.reversed())
                .thenComparing(v -> BookWalk.depthWithin(v.levels(), side, v.limit()));
        return shares.keySet().stream().min(weakestFirst).orElseThrow();
    }

    private static Plan priced(Side side, BigDecimal mid, Map<PricedVenue, BigDecimal> shares, BigDecimal restingPenaltyBps) {
        if (shares.isEmpty()) {
            return null;
        }
        List<Map.Entry<PricedVenue, BigDecimal>> entries = new ArrayList<>(shares.entrySet());
        entries.sort(Map.Entry.comparingByValue(Comparator.reverseOrder()));
        List<Allocation> allocations = new ArrayList<>();
        List<VenueCost> costs = new ArrayList<>();
        BigDecimal weighted = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<PricedVenue, BigDecimal> e : entries) {
            VenueCost c = e.getKey().cost(side, e.getValue(), mid, restingPenaltyBps);
            allocations.add(new Allocation(e.getKey().instrument(), e.getValue()));
            costs.add(c);
            weighted = weighted.add(c.totalBps().multiply(e.getValue()));
            total = total.add(e.getValue());
        }
        return new Plan(List.copyOf(allocations), Decimals.divide(weighted, total), List.copyOf(costs));
    }
}
