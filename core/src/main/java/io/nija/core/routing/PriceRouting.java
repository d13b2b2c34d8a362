package io.nija.core.routing;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.OrderSizing;
import io.nija.core.instrument.SizingException;
import io.nija.core.market.OrderBook;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.TradeSignal;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;

/**
 * The price policy: each eligible venue is priced for this order, all in ({@link VenueCost}), and the cheapest
 * wins; an order of at least {@link CostModel#splitMinUsd()} is split over several venues when that is cheaper by
 * at least {@link CostModel#splitMinSavingUsd()} per extra leg ({@link SplitPlanner}). Equal costs go round a stable rotation.
 */
final class PriceRouting {
    private static final BigDecimal BPS = new BigDecimal("10000");
    /** What an unmeasured venue is assumed to do when nothing is measured anywhere: always succeed, in 100 ms. */
    private static final double PRIOR_LATENCY_MS = 100;

    private final Router router;
    private final RoutingConfig config;
    private final CostModel costs;

    PriceRouting(Router router, RoutingConfig config) {
        this.router = router;
        this.config = config;
        this.costs = config.costs();
    }

    RouteDecision route(TradeSignal signal, UserLimits limits, List<VenueCandidate> candidates, ExecutionMethod method) {
        Side side = signal.side();
        boolean buy = side == Side.BUY;
        List<OrderBook> books = new ArrayList<>();
        candidates.forEach(c -> books.add(c.book()));
        BigDecimal mid = ReferenceMid.orTouch(books);
        int slices = method == ExecutionMethod.TWAP ? Math.max(1, config.twapSlices()) : 1;
        double neutralLatency = neutralLatencyMs(candidates);
        // Less than this within the band on every venue together and the order cannot be taken.
        BigDecimal needed = signal.sizeUsd().divide(BigDecimal.valueOf(slices), 2, RoundingMode.UP);
        List<String> ineligible = new ArrayList<>();
        List<PricedVenue> priced = new ArrayList<>();
        List<VenueCost> singles = new ArrayList<>();
        BigDecimal netDepth = BigDecimal.ZERO;
        boolean budgetDecides = VenueCapacity.budgetDecides(signal, limits, candidates);
        List<String> shortOfBalance = new ArrayList<>();
        for (VenueCandidate c : candidates) {
            String why = Router.ineligibility(signal, limits, c, budgetDecides);
            BigDecimal touch = why == null ? c.book().touch(side) : null;
            BigDecimal quantity = null;
            if (why == null) {
                try {
                    quantity = OrderSizing.quantityFor(c.instrument(), signal.sizeUsd(), touch);
                } catch (SizingException e) {
                    why = e.getMessage();
                }
            }
            if (why != null) {
                ineligible.add(c.venue() + " ineligible (" + why + ")");
                continue;
            }
            PricedVenue v = price(c, side, touch, method, neutralLatency);
            if (v.maxQuantity() != null && v.maxQuantity().signum() == 0) {
                ineligible.add(c.venue() + " ineligible (no balance there for this order)");
                continue;
            }
            BigDecimal band = buy ? touch.multiply(BigDecimal.ONE.add(config.priceBand()))
                    : touch.multiply(BigDecimal.ONE.subtract(config.priceBand()));
            // Summed only up to what the order needs: past that the total cannot change the answer, and when
            // no venue gets there every venue's whole depth is summed (the refusal names the total).
            BigDecimal depth = BookWalk.depthUpTo(v.levels(), side, band, needed);
            if (depth.signum() == 0) {
                ineligible.add(c.venue() + " ineligible (no depth left within "
                        + config.priceBand().movePointRight(2).stripTrailingZeros().toPlainString()
                        + "% net of our orders in flight)");
                continue;
            }
            netDepth = netDepth.add(depth);
            priced.add(v);
            // A TWAP slice meets the book on its own, so it is the slice that is priced.
            singles.add(v.cost(side, slice(quantity, slices), mid, costs.restingPenaltyBps()));
            String short_ = VenueCapacity.shortOfBalance(quantity, v.maxQuantity(), c);
            if (short_ != null) {
                shortOfBalance.add(c.venue()); // a share of a split at most, never the whole order
                ineligible.add(c.venue() + " alone cannot take it (" + short_ + ")");
            }
        }
        if (priced.isEmpty() || netDepth.compareTo(needed) < 0) {
            StringJoiner why = new StringJoiner("; ", "no venue can take " + signal.pair() + ": ", "");
            if (!priced.isEmpty()) {
                why.add("thin books: $" + netDepth.setScale(0, RoundingMode.DOWN).toPlainString() + " within "
                        + config.priceBand().movePointRight(2).stripTrailingZeros().toPlainString()
                        + "% over every venue, net of our orders in flight, < $" + Decimals.plain(signal.sizeUsd()));
            }
            ineligible.forEach(why::add);
            if (candidates.isEmpty()) {
                why.add("no venues configured");
            }
            throw new SignalRejectedException("no_eligible_venue", why.toString());
        }
        List<VenueCost> cheapest = new ArrayList<>();
        BigDecimal cheapestCost = null;
        for (VenueCost c : singles) {
            if (shortOfBalance.contains(c.venue())) {
                continue;
            }
            BigDecimal cost = c.comparable();
            int cmp = cheapestCost == null ? -1 : cost.compareTo(cheapestCost);
            if (cmp < 0) {
                cheapest.clear();
                cheapestCost = cost;
            }
            if (cmp <= 0) {
                cheapest.add(c);
            }
        }
        if (cheapest.isEmpty()) {
            // No venue's balance pays for the whole order: shares within each balance, or nothing.
            RouteDecision split = priced.size() > 1 && costs.maxSplitVenues() > 1
                    ? split(signal, method, slices, mid, priced, null, describeOthers(singles, null, ineligible)) : null;
            if (split != null) {
                return split;
            }
            StringJoiner why = new StringJoiner("; ", "no venue can take " + signal.pair() + ": ", "");
            ineligible.forEach(why::add);
            throw new SignalRejectedException("no_eligible_venue", why.toString());
        }
        VenueCost best = Router.breakTie(signal, cheapest, VenueCost::venue);
        PricedVenue bestVenue = priced.get(singles.indexOf(best));
        String others = describeOthers(singles, best, ineligible);

        if (signal.sizeUsd().compareTo(costs.splitMinUsd()) >= 0 && priced.size() > 1 && costs.maxSplitVenues() > 1) {
            RouteDecision split = split(signal, method, slices, mid, priced, best, others);
            if (split != null) {
                return split;
            }
        }
        BigDecimal touch = bestVenue.touch();
        List<PlannedLeg> legs = router.planLegs(signal, method, bestVenue.instrument(), touch);
        BigDecimal fees = signal.sizeUsd().multiply(bestVenue.feeRate());
        String reason = "chose " + best.describe() + " as " + method.wire() + " on all-in price for "
                + Decimals.plain(legs.stream().map(PlannedLeg::quantity).reduce(BigDecimal.ZERO, BigDecimal::add))
                + " " + signal.pair().base() + ", expected fee $" + fees.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
                + ", vs arrival mid " + Decimals.plain(mid) + (others.isEmpty() ? "" : "; others: " + others);
        return new RouteDecision(best.venue(), method, signal.priority(), legs, touch, fees,
                latencyMs(candidateOf(candidates, best.venue())), scoresOf(candidates, singles, ineligible), reason,
                best.totalBps());
    }

    /** The split, when it is valid and cheaper than the best single venue by enough; null otherwise. */
    private RouteDecision split(TradeSignal signal, ExecutionMethod method, int slices, BigDecimal mid,
                                List<PricedVenue> priced, VenueCost best, String others) {
        Side side = signal.side();
        BigDecimal bestTouch = null;
        for (PricedVenue v : priced) {
            if (bestTouch == null || (side == Side.BUY ? v.touch().compareTo(bestTouch) < 0 : v.touch().compareTo(bestTouch) > 0)) {
                bestTouch = v.touch();
            }
        }
        BigDecimal quantity = signal.sizeUsd().divide(bestTouch, 18, RoundingMode.DOWN);
        List<PricedVenue> rotated = new ArrayList<>(priced);
        rotated.sort(java.util.Comparator.comparing(PricedVenue::venue));
        Collections.rotate(rotated, -Router.turn(signal, rotated.size()));
        SplitPlanner.Plan plan = SplitPlanner.plan(side, slice(quantity, slices), mid, rotated, costs.maxSplitVenues(),
                costs.restingPenaltyBps());
        if (plan == null || plan.allocations().size() < 2) {
            return null;
        }
        if (best != null) {
            BigDecimal savingUsd = best.totalBps().subtract(plan.costBps()).multiply(signal.sizeUsd()).divide(BPS);
            BigDecimal wanted = costs.splitMinSavingUsd().multiply(BigDecimal.valueOf(plan.allocations().size() - 1));
            if (savingUsd.compareTo(wanted) < 0) {
                return null;
            }
        }
        List<PlannedLeg> legs = new ArrayList<>();
        StringJoiner parts = new StringJoiner(" + ");
        BigDecimal fees = BigDecimal.ZERO;
        BigDecimal planned = BigDecimal.ZERO;
        List<SplitPlanner.Allocation> allocations = scaled(plan.allocations(), slices, quantity);
        for (SplitPlanner.Allocation fromPlan : allocations) {
            SplitPlanner.Allocation a = fromPlan;
            PricedVenue v = priced.stream().filter(p -> p.instrument().equals(fromPlan.instrument())).findFirst().orElseThrow();
            if (v.maxQuantity() != null && a.quantity().compareTo(v.maxQuantity()) > 0) {
                a = new SplitPlanner.Allocation(a.instrument(), v.maxQuantity()); // a TWAP's slices scaled past the balance
            }
            legs.addAll(legsOn(method, v, a.quantity(), pieceMax(quantity)));
            fees = fees.add(a.quantity().multiply(v.touch()).multiply(v.feeRate()));
            planned = planned.add(a.quantity());
            parts.add(v.venue() + " " + Decimals.plain(a.quantity()));
        }
        StringJoiner legCosts = new StringJoiner("; ");
        plan.costs().forEach(c -> legCosts.add(c.describe()));
        String reason = "split " + Decimals.plain(planned) + " " + signal.pair().base() + " as " + method.wire()
                + " over " + parts + " on all-in price, expected " + VenueCost.bps(plan.costBps()) + " bps all in "
                + (best == null ? "(no single venue's balance covers the order)"
                        : "vs " + VenueCost.bps(best.totalBps()) + " bps on the best single venue " + best.venue())
                + ", expected fee $" + fees.setScale(2, RoundingMode.HALF_EVEN).toPlainString() + ", vs arrival mid "
                + Decimals.plain(mid) + "; legs: " + legCosts + (others.isEmpty() ? "" : "; others: " + others);
        String largest = allocations.get(0).instrument().venue();
        return new RouteDecision(largest, method, signal.priority(), legs, bestTouch, fees, PRIOR_LATENCY_MS,
                List.of(), reason, plan.costBps());
    }

    /** A TWAP's plan is for one slice: each venue's share times the slices, on its lot, never above the order. */
    private static List<SplitPlanner.Allocation> scaled(List<SplitPlanner.Allocation> perSlice, int slices,
                                                        BigDecimal quantity) {
        if (slices == 1) {
            return perSlice;
        }
        List<SplitPlanner.Allocation> out = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (SplitPlanner.Allocation a : perSlice) {
            BigDecimal q = Decimals.floorToStep(a.quantity().multiply(BigDecimal.valueOf(slices)), a.instrument().lotSize());
            out.add(new SplitPlanner.Allocation(a.instrument(), q));
            sum = sum.add(q);
        }
        BigDecimal left = quantity.subtract(sum);
        if (left.signum() > 0) {
            SplitPlanner.Allocation first = out.get(0);
            out.set(0, new SplitPlanner.Allocation(first.instrument(),
                    first.quantity().add(Decimals.floorToStep(left, first.instrument().lotSize()))));
        }
        return out;
    }

    /**
     * A split's legs on one venue. Under a paired-leg bound ({@link LegImbalance}) a market or limit share is cut into
     * pieces of at most {@code pieceMax}, so no single leg can fill beyond the bound before the other venues' legs fill:
     * the first piece on each venue goes at once, the next ones as the others keep up. A TWAP's slices are its pieces.
     */
    private List<PlannedLeg> legsOn(ExecutionMethod method, PricedVenue v, BigDecimal quantity, BigDecimal pieceMax) {
        return switch (method) {
            case MARKET -> pieces(v.instrument(), quantity, pieceMax, v.touch()).stream()
                    .map(q -> new PlannedLeg(v.instrument(), OrderType.MARKET, q, null, Duration.ZERO)).toList();
            case LIMIT -> pieces(v.instrument(), quantity, pieceMax, v.limit()).stream()
                    .map(q -> new PlannedLeg(v.instrument(), OrderType.LIMIT, q, v.limit(), Duration.ZERO)).toList();
            case TWAP -> router.twapSlices(v.instrument(), quantity, v.limit());
        };
    }

    /** The most one piece of a split may be: the paired-leg bound of the order's quantity; null without a bound. */
    private BigDecimal pieceMax(BigDecimal orderQuantity) {
        BigDecimal bound = costs.maxLegImbalance();
        return bound == null ? null : orderQuantity.multiply(bound);
    }

    /**
     * {@code quantity} in equal pieces on the lot grid of at most {@code pieceMax} (the last takes the remainder); fewer
     * pieces when they would fall below the venue's minimum quantity or notional at {@code price}, one without a bound.
     */
    static List<BigDecimal> pieces(Instrument instrument, BigDecimal quantity, BigDecimal pieceMax, BigDecimal price) {
        if (pieceMax == null || pieceMax.signum() <= 0 || quantity.compareTo(pieceMax) <= 0) {
            return List.of(quantity);
        }
        int n = quantity.divide(pieceMax, 0, RoundingMode.CEILING).intValueExact();
        for (; n > 1; n--) {
            BigDecimal piece = Decimals.floorToStep(quantity.divide(BigDecimal.valueOf(n), instrument.quantityScale() + 8,
                    RoundingMode.DOWN), instrument.lotSize());
            if (piece.signum() > 0 && piece.compareTo(instrument.minQty()) >= 0
                    && piece.multiply(price).compareTo(instrument.minNotional()) >= 0) {
                List<BigDecimal> out = new ArrayList<>(n);
                BigDecimal left = quantity;
                for (int i = 0; i < n - 1; i++) {
                    out.add(piece);
                    left = left.subtract(piece);
                }
                out.add(left);
                return out;
            }
        }
        return List.of(quantity);
    }

    private PricedVenue price(VenueCandidate c, Side side, BigDecimal touch, ExecutionMethod method, double neutralLatency) {
        boolean buy = side == Side.BUY;
        BigDecimal limit = method == ExecutionMethod.MARKET
                ? (buy ? touch.multiply(BigDecimal.ONE.add(config.priceBand())) : touch.multiply(BigDecimal.ONE.subtract(config.priceBand())))
                : router.limitFor(c.instrument(), touch, buy);
        StatsSnapshot stats = c.venueStats();
        BigDecimal failureRate = stats.samples() == 0 ? BigDecimal.ZERO
                : BigDecimal.ONE.subtract(BigDecimal.valueOf(stats.successRate())).max(BigDecimal.ZERO);
        BigDecimal inFlightMs = BigDecimal.valueOf(c.venueStats().samples() == 0 ? neutralLatency : latencyMs(c))
                .add(costs.queuedTaskMs().multiply(BigDecimal.valueOf(c.queueDepth())));
        BigDecimal latencyBps = inFlightMs.multiply(costs.movePerSecondBps()).movePointLeft(3); // exact: ms -> s
        BigDecimal max = VenueCapacity.maxQuantity(side, c, limit, c.fees().taker());
        return new PricedVenue(c.instrument(), VenueCapacity.capped(BookWalk.netLevels(c.book(), side, c.reserved()), max),
                touch, limit, c.fees().taker(), failureRate.multiply(costs.failurePenaltyBps()), latencyBps, max);
    }

    /**
     * What an unmeasured venue's latency is taken to be: the mean of the measured ones (the design's 100 ms when none
     * is measured). A fixed prior above what the venues really do would keep every tie on the first venue measured.
     */
    private static double neutralLatencyMs(List<VenueCandidate> candidates) {
        return candidates.stream().filter(c -> c.venueStats().samples() > 0)
                .mapToDouble(c -> c.venueStats().averageLatencyMs()).average().orElse(PRIOR_LATENCY_MS);
    }

    private static double latencyMs(VenueCandidate c) {
        return c == null || c.venueStats().samples() == 0 ? PRIOR_LATENCY_MS : c.venueStats().averageLatencyMs();
    }

    private static VenueCandidate candidateOf(List<VenueCandidate> candidates, String venue) {
        for (VenueCandidate c : candidates) {
            if (c.venue().equals(venue)) {
                return c;
            }
        }
        return null;
    }

    private static BigDecimal slice(BigDecimal quantity, int slices) {
        return slices == 1 ? quantity : quantity.divide(BigDecimal.valueOf(slices), 18, RoundingMode.DOWN);
    }

    private static String describeOthers(List<VenueCost> singles, VenueCost chosen, List<String> ineligible) {
        StringJoiner others = new StringJoiner("; ");
        singles.stream().filter(c -> c != chosen).forEach(c -> others.add(c.describe()));
        ineligible.forEach(others::add);
        return others.toString();
    }

    /** Ineligible venues keep their reason in the decision's scores, as under the score policy. */
    private static List<VenueScore> scoresOf(List<VenueCandidate> candidates, List<VenueCost> singles, List<String> ineligible) {
        List<VenueScore> out = new ArrayList<>();
        for (VenueCandidate c : candidates) {
            boolean priced = false;
            for (VenueCost s : singles) {
                priced |= s.venue().equals(c.venue());
            }
            if (!priced) {
                String why = ineligible.stream().filter(s -> s.startsWith(c.venue() + " ineligible (")).findFirst()
                        .map(s -> s.substring(c.venue().length() + " ineligible (".length(), s.length() - 1)).orElse("ineligible");
                out.add(VenueScore.ineligible(c.venue(), why));
            }
        }
        return out;
    }
}
