package io.nija.sim.market;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.signal.Side;
import io.nija.core.time.Scheduler;
import io.nija.core.venue.VenueException;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.Seeds;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rest of the market: a seeded background flow that makes simulated prices and books move over time, so a
 * router sees drift, not a frozen ladder. Every 250..1000 ms (drawn from the seed) it walks each house mid by a
 * few basis points ({@link MatchingEngine#reshapeBook}, so it is journaled like any state change) and now and then
 * sends an aggressive market order from its own flow account.
 *
 * <p>The walk is bounded: once a mid has strayed more than {@link #MAX_DRIFT_BPS} from where it started, steps only
 * lead back, so prices stay sane however long it runs. The flow trades only from {@link #FLOW_KEY} accounts that
 * it opens itself; it never reads or touches a trader's account. Driven by an injected {@link Scheduler} (and the
 * engines' clock), so a ManualScheduler runs it in virtual time.
 */
public final class MarketFlow implements AutoCloseable {
    /** The api key of the flow's own account on every venue (not a trader: it stands for other market players). */
    public static final String FLOW_KEY = "sim-market-flow";
    static final int MAX_DRIFT_BPS = 500;
    private static final int MAX_STEP_BPS = 3;
    private static final double AGGRESSIVE_ORDER_RATE = 0.25;
    /** Quote value of one aggressive order, as a share of the house's level sizes this is a small nibble. */
    private static final BigDecimal ORDER_NOTIONAL = new BigDecimal("2000");
    private static final Logger LOG = LoggerFactory.getLogger(MarketFlow.class);

    private final SimulatedExchanges sim;
    private final Scheduler scheduler;
    private final SplittableRandom random;
    private final Map<String, BigDecimal> startMids = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();

    public MarketFlow(SimulatedExchanges sim, Scheduler scheduler, long seed) {
        this.sim = sim;
        this.scheduler = scheduler;
        this.random = new SplittableRandom(Seeds.derive(seed, "market-flow"));
    }

    /** Opens the flow's accounts (idempotent) and schedules the first tick. */
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (String venue : sim.venueNames()) {
            MatchingEngine engine = sim.engine(venue);
            Map<String, BigDecimal> funds = new HashMap<>();
            funds.put(sim.spec(venue).quoteAsset(), new BigDecimal("1000000000000"));
            for (Instrument ins : engine.instruments()) {
                funds.put(ins.pair().base(), new BigDecimal("1000000000"));
                BigDecimal mid = engine.houseMid(ins.symbol());
                if (mid != null) {
                    startMids.put(venue + "|" + ins.symbol(), mid);
                }
            }
            engine.openAccountIfAbsent(FLOW_KEY, "market-flow-" + Long.toHexString(sim.seed()), null, funds);
        }
        scheduleNext();
    }

    @Override
    public void close() {
        running.set(false);
    }

    private synchronized void scheduleNext() {
        if (running.get()) {
            scheduler.schedule(Duration.ofMillis(250 + random.nextInt(751)), this::tick);
        }
    }

    /** One step of the flow on every venue and instrument; failures of one step never stop the flow. */
    synchronized void tick() {
        if (!running.get()) {
            return;
        }
        for (String venue : sim.venueNames()) {
            MatchingEngine engine = sim.engine(venue);
            for (Instrument ins : engine.instruments()) {
                BigDecimal start = startMids.get(venue + "|" + ins.symbol());
                if (start == null) {
                    continue;
                }
                try {
                    walk(engine, ins, start);
                    if (random.nextDouble() < AGGRESSIVE_ORDER_RATE) {
                        aggress(engine, ins);
                    }
                } catch (VenueException | IllegalArgumentException e) {
                    LOG.debug("market flow step on {} {} skipped: {}", venue, ins.symbol(), e.getMessage());
                }
            }
        }
        scheduleNext();
    }

    private void walk(MatchingEngine engine, Instrument ins, BigDecimal start) {
        BigDecimal mid = engine.houseMid(ins.symbol());
        int step = random.nextInt(-MAX_STEP_BPS, MAX_STEP_BPS + 1);
        BigDecimal driftBps = mid.subtract(start).divide(start, MathContext.DECIMAL64).movePointRight(4);
        if (driftBps.compareTo(BigDecimal.valueOf(MAX_DRIFT_BPS)) > 0) {
            step = -Math.abs(step) - 1; // too dear: only down
        } else if (driftBps.compareTo(BigDecimal.valueOf(-MAX_DRIFT_BPS)) < 0) {
            step = Math.abs(step) + 1; // too cheap: only up
        }
        if (step != 0) {
            engine.reshapeBook(ins.symbol(), BigDecimal.valueOf(step), BigDecimal.ONE);
        }
    }

    private void aggress(MatchingEngine engine, Instrument ins) {
        OrderBook top = engine.book(ins.symbol(), 1);
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        BigDecimal price = side == Side.BUY ? top.bestAsk() : top.bestBid();
        if (price == null) {
            return;
        }
        BigDecimal qty = Decimals.floorToStep(ORDER_NOTIONAL.divide(price, ins.quantityScale() + 2, RoundingMode.DOWN),
                ins.lotSize()).max(ins.minQty());
        engine.place(FLOW_KEY, NewOrder.market(ins.symbol(), null, side, qty));
    }
}
