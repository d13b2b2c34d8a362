package io.nija.core.engine;

import io.nija.core.execution.VenueExecutor;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.ClientOrderIds;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.position.Position;
import io.nija.core.risk.RiskCheck;
import io.nija.core.routing.ExecutionStats;
import io.nija.core.routing.ExitPlanner;
import io.nija.core.routing.PlannedLeg;
import io.nija.core.routing.RouteDecision;
import io.nija.core.routing.VenueCandidate;
import io.nija.core.signal.TradeSignal;
import io.nija.core.time.Clock;
import io.nija.core.venue.VenueAccount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What routing an order starts from and ends with: the venues it could go to as the router sees them, the legs of
 * an exit on the venues that hold the position, and the order's legs built from a route. Decides nothing itself.
 */
final class LegPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(LegPlanner.class);

    private final AccountDirectory accounts;
    private final MarketData marketData;
    private final ExecutionStats stats;
    private final Map<String, VenueExecutor> executors;
    private final Clock clock;
    private final SpendableBalances balances;
    /** Orders from this size may be split, so the planner is told each venue's balance (see {@link SpendableBalances}). */
    private final BigDecimal balancesFromUsd;

    LegPlanner(AccountDirectory accounts, MarketData marketData, ExecutionStats stats,
               Map<String, VenueExecutor> executors, Clock clock) {
        this(accounts, marketData, stats, executors, clock, null);
    }

    LegPlanner(AccountDirectory accounts, MarketData marketData, ExecutionStats stats,
               Map<String, VenueExecutor> executors, Clock clock, BigDecimal balancesFromUsd) {
        this.accounts = accounts;
        this.marketData = marketData;
        this.stats = stats;
        this.executors = executors;
        this.clock = clock;
        this.balancesFromUsd = balancesFromUsd;
        Map<String, io.nija.core.venue.Venue> venues = new java.util.HashMap<>();
        executors.forEach((name, ex) -> venues.put(ex.venueName(), ex.venue()));
        this.balances = new SpendableBalances(venues, clock);
    }

    /**
     * The legs of an exit, profit take or stop loss: only on venues holding the position, at most what each holds
     * net of the other reducing orders still working there, so no sequence of exits can open a short.
     */
    ExitPlanner.Plan exitPlan(UserContext ctx, Order order, TradeSignal signal) {
        BigDecimal held = BigDecimal.ZERO;
        for (Position p : ctx.positions.all()) {
            if (p.pair().equals(signal.pair())) {
                held = held.add(p.quantity());
            }
        }
        RiskCheck.checkReduces(signal, held);
        io.nija.core.venue.NativeTrigger trigger = order.terms().exitTrigger();
        List<ExitPlanner.Holding> holdings = new ArrayList<>();
        BigDecimal reference = null;
        BigDecimal largest = BigDecimal.ZERO;
        for (Position p : ctx.positions.all()) {
            Instrument instrument = p.pair().equals(signal.pair()) ? marketData.instrument(p.venue(), p.pair()) : null;
            if (instrument == null || trigger != null && !placesNative(ctx, p.venue(), trigger)) {
                continue;
            }
            BigDecimal available = p.quantity().multiply(BigDecimal.valueOf(-signal.side().sign()))
                    .subtract(reducingInFlight(ctx, order, p.venue()));
            if (available.signum() <= 0) {
                continue;
            }
            holdings.add(new ExitPlanner.Holding(instrument, available));
            if (available.compareTo(largest) > 0) {
                largest = available;
                reference = referencePrice(instrument, signal, p);
            }
        }
        // The quantity reserved at intake when there is one, close_all's too: other exits were admitted against the
        // rest, so an exit never sells more than it reserved. A close_all routed later can find more held than it
        // reserved (an entry filled since, or another exit's claim it was admitted against, reserved down to the
        // last 18th decimal, while that exit's legs were floored to the lot: swarm seed 262 sold one lot of it); that
        // part belongs to whoever was admitted against it. Only an exit stored without a reservation (before
        // reservations were kept) closes what is held when it is routed.
        BigDecimal wanted = order.exitQuantity() != null ? order.exitQuantity()
                : signal.closeAll() || order.closeAll() ? null
                : reference == null ? null : signal.sizeUsd().divide(reference, 18, java.math.RoundingMode.DOWN);
        if (trigger != null) {
            return ExitPlanner.planNative(wanted, holdings, order.side(), order.terms().limitPrice(), trigger);
        }
        return ExitPlanner.plan(wanted, holdings, reference);
    }

    private boolean placesNative(UserContext ctx, String venue, io.nija.core.venue.NativeTrigger trigger) {
        VenueExecutor ex = executors.get(venue);
        Optional<VenueAccount> account = ex == null ? Optional.empty() : accounts.account(ctx.userId, venue);
        return account.isPresent() && ex.venue().nativeStops(account.get()).supports(trigger.kind());
    }

    /**
     * What other reducing orders of this pair still have working on {@code venue}. The orders of one OCO group (the
     * two sides of a bracket) close the same coins, so a group counts once, by its largest, and the order's own group
     * not at all.
     */
    private static BigDecimal reducingInFlight(UserContext ctx, Order self, String venue) {
        BigDecimal sum = BigDecimal.ZERO;
        String ownGroup = self.terms().ocoGroup();
        Map<String, BigDecimal> groups = new java.util.HashMap<>();
        for (Order o : ctx.activeOrders.values()) {
            if (o == self || !o.signalType().reducesPosition() || !o.pair().equals(self.pair()) || o.side() != self.side()) {
                continue;
            }
            String group = o.terms().ocoGroup();
            if (group != null && group.equals(ownGroup)) {
                continue;
            }
            BigDecimal working = BigDecimal.ZERO;
            for (OrderLeg l : o.legs()) {
                if (l.venue().equals(venue) && !l.status().isTerminal()) {
                    working = working.add(l.remainingQty());
                }
            }
            if (group == null) {
                sum = sum.add(working);
            } else {
                groups.merge(group, working, BigDecimal::max);
            }
        }
        for (BigDecimal q : groups.values()) {
            sum = sum.add(q);
        }
        return sum;
    }

    /** The venue's touch on the exit's side to turn its USD size into a quantity; the average cost without a book. */
    private BigDecimal referencePrice(Instrument instrument, TradeSignal signal, Position p) {
        try {
            BigDecimal touch = marketData.book(instrument).touch(signal.side());
            if (touch != null && touch.signum() > 0) {
                return touch;
            }
        } catch (RuntimeException e) {
            LOG.debug("no book of {} on {} for an exit: {}", signal.pair(), instrument.venue(), e.toString());
        }
        return p.averageCost().signum() > 0 ? p.averageCost() : null;
    }

    /** Every venue as the router sees it for this user and pair. */
    List<VenueCandidate> candidates(UserContext ctx, TradeSignal signal) {
        List<VenueCandidate> list = new ArrayList<>(executors.size());
        boolean mayBeSplit = balancesFromUsd != null && signal.sizeUsd().compareTo(balancesFromUsd) >= 0;
        for (VenueExecutor ex : executors.values()) {
            String venue = ex.venueName();
            Instrument instrument = marketData.instrument(venue, signal.pair());
            Optional<VenueAccount> account = instrument == null ? Optional.empty() : accounts.account(ctx.userId, venue);
            if (instrument != null && account.isEmpty()) {
                // Without the user's keys on this venue it cannot be used; say so in the route reason.
                list.add(VenueCandidate.withoutAccount(venue, instrument, ex.isBreakerOpen(), ex.queueDepth(),
                        stats.venue(venue), stats.pair(venue, signal.pair())));
                continue;
            }
            // A breaker open for the whole venue or only for this user's account both rule the venue out.
            boolean breakerOpen = ex.isBreakerOpen() || ex.isUserBreakerOpen(ctx.userId);
            list.add(new VenueCandidate(venue, instrument,
                    instrument == null ? null : marketData.book(instrument),
                    instrument == null ? null : marketData.fees(account.get(), instrument),
                    breakerOpen, ex.queueDepth(), stats.venue(venue), stats.pair(venue, signal.pair()))
                    .withReserved(marketData.reservations().reserved(venue, signal.pair(), signal.side()))
                    .withCapacity(account.map(a -> ex.budgetWait(a.apiKey())).orElse(java.time.Duration.ZERO), instrument == null || !mayBeSplit ? null
                            : balances.spendable(ctx, account.get(), instrument, signal.side())));
        }
        return list;
    }

    List<OrderLeg> legsFor(Order order, RouteDecision decision) {
        return legsFor(order, decision.legs());
    }

    /** The order's next legs, numbered on from those it has (a failover adds to them), with fresh client order ids. */
    List<OrderLeg> legsFor(Order order, List<PlannedLeg> planned) {
        List<OrderLeg> legs = new ArrayList<>(planned.size());
        int index = order.legs().size();
        for (PlannedLeg p : planned) {
            String venue = p.instrument().venue();
            legs.add(new OrderLeg(order.orderId() + "-" + index, index, p.instrument(), p.type(), p.quantity(),
                    p.limitPrice(), clock.now().plus(p.delay()), ClientOrderIds.forLeg(venue, order.orderId(), index, 0)));
            index++;
        }
        return legs;
    }
}
