package io.nija.core.routing;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.OrderSizing;
import io.nija.core.instrument.SizingException;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Chooses the venue for a signal, following the design's route_signal: user permissions, pair
 * availability, breaker state, liquidity from the real book (at least {@code liquidityMultiple} × size within
 * the price band), then a weighted score of fee, measured latency, measured success rate, current queue
 * load and this pair's history on the venue. Pure: it never does I/O, so it is cheap and testable.
 */
public final class Router {
    /*
     * Priors for venues with nothing measured yet, as the design assumes them: success 1.0, latency 100 ms, and
     * a neutral 50 for a pair never traded there. A venue that turns out slower or less reliable than that loses
     * to the unmeasured ones, so a bad first impression is not locked in; a better one keeps its edge.
     */
    private static final double PRIOR_SUCCESS_SCORE = 100;
    private static final double PRIOR_LATENCY_MS = 100;
    private static final double PRIOR_PAIR_SCORE = 50;
    private final RoutingConfig config;
    private final PriceRouting priceRouting;

    public Router(RoutingConfig config) {
        this.config = config;
        this.priceRouting = new PriceRouting(this, config);
    }

    public RoutingConfig config() {
        return config;
    }

    /** @throws SignalRejectedException with code {@code no_eligible_venue} when no venue can take the order */
    public RouteDecision route(TradeSignal signal, UserLimits limits, List<VenueCandidate> candidates) {
        if (config.policy() == RoutingPolicy.PRICE) {
            return priceRouting.route(signal, limits, candidates, methodFor(signal));
        }
        ExecutionMethod method = methodFor(signal);
        List<VenueScore> scores = new ArrayList<>(candidates.size());
        List<VenueScore> best = new ArrayList<>();
        boolean budgetDecides = VenueCapacity.budgetDecides(signal, limits, candidates);
        for (VenueCandidate c : candidates) {
            VenueScore s = score(signal, limits, c, budgetDecides);
            scores.add(s);
            if (!s.eligible()) {
                continue;
            }
            if (best.isEmpty() || s.total() > best.get(0).total()) {
                best.clear();
                best.add(s);
            } else if (s.total() == best.get(0).total()) {
                best.add(s);
            }
        }
        if (best.isEmpty()) {
            StringJoiner why = new StringJoiner("; ", "no venue can take " + signal.pair() + ": ", "");
            scores.forEach(s -> why.add(s.describe()));
            if (candidates.isEmpty()) {
                why.add("no venues configured");
            }
            throw new SignalRejectedException("no_eligible_venue", why.toString());
        }
        VenueScore chosen = breakTie(signal, best, VenueScore::venue);
        VenueCandidate bestCandidate = candidates.get(scores.indexOf(chosen));
        BigDecimal reference = bestCandidate.book().touch(signal.side());
        List<PlannedLeg> legs = planLegs(signal, method, bestCandidate.instrument(), reference);
        BigDecimal estimatedFees = signal.sizeUsd().multiply(chosen.feeRate());
        return new RouteDecision(chosen.venue(), method, signal.priority(), legs, reference, estimatedFees,
                bestCandidate.venueStats().averageLatencyMs(), scores, reason(chosen, method, scores));
    }

    /**
     * Among venues that are exactly as good, the signal's turn in a rotation over them sorted by name: the turn is
     * the signal id's hash, so consecutive signals go round the tied venues while one signal always gets the same
     * answer (on recovery, on replay, in a simulation that drops other signals), whatever other lanes route at the
     * same moment. A tie broken by name sent every such order to the same venue.
     */
    static <T> T breakTie(TradeSignal signal, List<T> tied, java.util.function.Function<T, String> venue) {
        if (tied.size() == 1) {
            return tied.get(0);
        }
        List<T> sorted = new ArrayList<>(tied);
        sorted.sort(java.util.Comparator.comparing(venue));
        return sorted.get(turn(signal, sorted.size()));
    }

    /** The signal's place in a rotation over {@code n} venues. */
    static int turn(TradeSignal signal, int n) {
        return Math.floorMod(signal.signalId() == null ? 0 : signal.signalId().hashCode(), n);
    }

    /**
     * Market for stops and exits, TWAP above the threshold, limit for the rest. The design checks the TWAP
     * threshold first; we do not, because slicing a large stop loss over minutes would leave the position open
     * exactly when it must be closed: risk-reducing orders always go out at once.
     */
    public ExecutionMethod methodFor(TradeSignal signal) {
        if (signal.signalType() == SignalType.STOP_LOSS || signal.signalType() == SignalType.EXIT) {
            return ExecutionMethod.MARKET;
        }
        if (signal.terms().limitPrice() != null) {
            // The trader named the price: one order resting there, not slices chasing the book.
            return ExecutionMethod.LIMIT;
        }
        if (signal.sizeUsd().compareTo(config.twapThresholdUsd()) > 0) {
            return ExecutionMethod.TWAP;
        }
        return ExecutionMethod.LIMIT;
    }

    /** Why a venue cannot take this order whatever its price or score, or null when it can. */
    static String ineligibility(TradeSignal signal, UserLimits limits, VenueCandidate c) {
        if (!limits.allowsVenue(c.venue())) {
            return "not permitted for this user";
        }
        if (c.instrument() == null) {
            return "pair not listed";
        }
        if (!c.hasAccount()) {
            return "no credentials for this user";
        }
        if (c.breakerOpen()) {
            return "circuit breaker open";
        }
        if (c.book() == null || c.book().touch(signal.side()) == null) {
            return "no order book";
        }
        if (c.fees() == null) {
            return "fees unavailable";
        }
        return null;
    }

    /**
     * {@link #ineligibility(TradeSignal, UserLimits, VenueCandidate)}, and no request budget now when
     * {@code budgetDecides} (another eligible venue can send at once; see {@link VenueCapacity}).
     */
    static String ineligibility(TradeSignal signal, UserLimits limits, VenueCandidate c, boolean budgetDecides) {
        String why = ineligibility(signal, limits, c);
        return why == null && budgetDecides ? VenueCapacity.noBudget(c) : why;
    }

    VenueScore score(TradeSignal signal, UserLimits limits, VenueCandidate c) {
        return score(signal, limits, c, false);
    }

    VenueScore score(TradeSignal signal, UserLimits limits, VenueCandidate c, boolean budgetDecides) {
        String venue = c.venue();
        String ineligible = ineligibility(signal, limits, c, budgetDecides);
        if (ineligible != null) {
            return VenueScore.ineligible(venue, ineligible);
        }
        Instrument instrument = c.instrument();
        // Read net of what our own orders in flight will take from this book first.
        BigDecimal touch = c.book().touch(signal.side());
        BigDecimal bandLimit = signal.side() == Side.BUY ? touch.multiply(BigDecimal.ONE.add(config.priceBand()))
                : touch.multiply(BigDecimal.ONE.subtract(config.priceBand()));
        BigDecimal depth = BookWalk.depthWithin(BookWalk.netLevels(c.book(), signal.side(), c.reserved()),
                signal.side(), bandLimit);
        BigDecimal needed = signal.sizeUsd().multiply(config.liquidityMultiple());
        if (depth.compareTo(needed) < 0) {
            return VenueScore.ineligible(venue, "thin book: $" + depth.setScale(0, java.math.RoundingMode.DOWN).toPlainString()
                    + " within " + config.priceBand().movePointRight(2).stripTrailingZeros().toPlainString()
                    + "% < " + Decimals.plain(config.liquidityMultiple()) + " x $" + Decimals.plain(signal.sizeUsd()));
        }
        try {
            BigDecimal quantity = OrderSizing.quantityFor(instrument, signal.sizeUsd(), touch);
            // The score policy sends an order whole to one venue: the user's balance there must cover all of it.
            String short_ = VenueCapacity.shortOfBalance(quantity,
                    VenueCapacity.maxQuantity(signal.side(), c, touch, c.fees().taker()), c);
            if (short_ != null) {
                return VenueScore.ineligible(venue, short_);
            }
        } catch (SizingException e) {
            return VenueScore.ineligible(venue, e.getMessage());
        }
        // Our limit orders cross the spread to fill at once, so the taker rate is the one actually paid.
        BigDecimal feeRate = c.fees().taker();
        double feeScore = clamp(100 - feeRate.doubleValue() * 10_000);
        double latencyMs = c.venueStats().samples() == 0 ? PRIOR_LATENCY_MS : c.venueStats().averageLatencyMs();
        double latencyScore = clamp(100 - latencyMs / 10);
        double successScore = c.venueStats().samples() == 0 ? PRIOR_SUCCESS_SCORE : clamp(c.venueStats().successRate() * 100);
        double loadScore = clamp(100 - (double) c.queueDepth() / config.loadScale() * 100);
        double pairScore = c.pairStats().samples() == 0 ? PRIOR_PAIR_SCORE : clamp(c.pairStats().successRate() * 100);
        RoutingWeights w = config.weights();
        double weightSum = w.fee() + w.latency() + w.success() + w.load() + w.pairHistory();
        double total = (feeScore * w.fee() + latencyScore * w.latency() + successScore * w.success()
                + loadScore * w.load() + pairScore * w.pairHistory()) / weightSum;
        return new VenueScore(venue, null, feeScore, latencyScore, successScore, loadScore, pairScore, total, feeRate, depth);
    }

    /** The limit price of an entry on {@code instrument} whose touch is {@code touch}. */
    BigDecimal limitFor(Instrument instrument, BigDecimal touch, boolean buy) {
        BigDecimal protection = buy ? touch.multiply(BigDecimal.ONE.add(config.limitProtection()))
                : touch.multiply(BigDecimal.ONE.subtract(config.limitProtection()));
        return OrderSizing.limitPrice(instrument, protection, buy);
    }

    List<PlannedLeg> planLegs(TradeSignal signal, ExecutionMethod method, Instrument instrument, BigDecimal touch) {
        boolean buy = signal.side() == Side.BUY;
        BigDecimal quantity = OrderSizing.quantityFor(instrument, signal.sizeUsd(), touch);
        if (method == ExecutionMethod.MARKET) {
            return List.of(new PlannedLeg(instrument, OrderType.MARKET, quantity, null, Duration.ZERO));
        }
        if (signal.terms().limitPrice() != null) {
            // Rounded to the venue's tick in the trader's favour (a buy down, a sell up): never a worse price than
            // asked. Sized at that price, so a buy never spends more than its USD size.
            BigDecimal asked = OrderSizing.limitPrice(instrument, signal.terms().limitPrice(), buy);
            BigDecimal qty = OrderSizing.quantityFor(instrument, signal.sizeUsd(), asked);
            return List.of(new PlannedLeg(instrument, OrderType.LIMIT, qty, asked, Duration.ZERO));
        }
        BigDecimal protection = buy ? touch.multiply(BigDecimal.ONE.add(config.limitProtection()))
                : touch.multiply(BigDecimal.ONE.subtract(config.limitProtection()));
        BigDecimal limit = OrderSizing.limitPrice(instrument, protection, buy);
        if (method == ExecutionMethod.LIMIT) {
            return List.of(new PlannedLeg(instrument, OrderType.LIMIT, quantity, limit, Duration.ZERO));
        }
        return twapSlices(instrument, quantity, limit);
    }

    /** Equal slices on the lot grid; the last takes the remainder. Slices below the minimum merge into fewer. */
    List<PlannedLeg> twapSlices(Instrument instrument, BigDecimal quantity, BigDecimal limit) {
        int slices = config.twapSlices();
        BigDecimal slice;
        do {
            slice = Decimals.floorToStep(quantity.divide(BigDecimal.valueOf(slices), instrument.quantityScale() + 8,
                    java.math.RoundingMode.DOWN), instrument.lotSize());
        } while ((slice.compareTo(instrument.minQty()) < 0 || slice.multiply(limit).compareTo(instrument.minNotional()) < 0
                || slice.signum() == 0) && --slices > 1);
        if (slices <= 1) {
            return List.of(new PlannedLeg(instrument, OrderType.LIMIT, quantity, limit, Duration.ZERO));
        }
        List<PlannedLeg> legs = new ArrayList<>(slices);
        BigDecimal left = quantity;
        for (int i = 0; i < slices; i++) {
            BigDecimal q = i == slices - 1 ? left : slice;
            left = left.subtract(q);
            legs.add(new PlannedLeg(instrument, OrderType.LIMIT, q, limit, config.twapInterval().multipliedBy(i)));
        }
        return legs;
    }

    private static String reason(VenueScore best, ExecutionMethod method, List<VenueScore> scores) {
        StringJoiner others = new StringJoiner("; ");
        for (VenueScore s : scores) {
            if (s != best) {
                others.add(s.describe());
            }
        }
        return "chose " + best.describe() + " as " + method.wire() + (others.length() == 0 ? "" : "; others: " + others);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(100, v));
    }
}
