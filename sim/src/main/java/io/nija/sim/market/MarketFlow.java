package io.nija.sim.market;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.market.OrderBook;
import io.nija.core.signal.Side;
import io.nija.core.time.Scheduler;
import io.nija.core.venue.VenueException;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.Seeds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rest of the market: a seeded background flow that makes simulated prices and books move over time, so a
 * router sees drift, not a frozen ladder. Every 250..1000 ms (drawn from the seed) it moves each house mid
 * ({@link MatchingEngine#reshapeBook}, so it is journaled like any state change) and now and then sends an aggressive
 * market order from its own flow account.
 *
 * <p>Real venues are arbitraged together: a pair's price moves on every venue at once, and a venue strays from the
 * others by a few basis points at most. So each pair has one common walk (a few bps a step) that every venue's house
 * mid takes, plus a small idiosyncratic offset of its own (a mean-reverting walk within {@link #MAX_NOISE_BPS}). Venues walked independently would drift hundreds of bps apart in an hour, crossing
 * the merged book by far more than any arbitrageur would let them.
 *
 * <p>The common walk is bounded: once it has strayed more than {@link #MAX_DRIFT_BPS} from the start, steps only
 * lead back, so prices stay sane however long it runs. The flow trades only from {@link #FLOW_KEY} accounts that
 * it opens itself; it never reads or touches a trader's account. Driven by an injected {@link Scheduler} (and the
 * engines' clock), so a ManualScheduler runs it in virtual time.
 */
public final class MarketFlow implements AutoCloseable {
    /** The api key of the flow's own account on every venue (not a trader: it stands for other market players). */
    public static final String FLOW_KEY = "sim-market-flow";
    static final int MAX_DRIFT_BPS = 500;
    private static final int MAX_STEP_BPS = 3;
    /** The most a venue's mid strays from the pair's common level (its own noise), in bps. */
    static final BigDecimal MAX_NOISE_BPS = BigDecimal.valueOf(2);
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final double AGGRESSIVE_ORDER_RATE = 0.25;
    /** Quote value of one aggressive order, as a share of the house's level sizes this is a small nibble. */
    private static final BigDecimal ORDER_NOTIONAL = new BigDecimal("2000");
    private static final Logger LOG = LoggerFactory.getLogger(MarketFlow.class);

    private final SimulatedExchanges sim;
    private final Scheduler scheduler;
    private final SplittableRandom random;
    /** The books the flow moves (venue|symbol): those with a house maker when it started. */
    private final java.util.Set<String> moving = new java.util.HashSet<>();
    /** Each pair's common drift since the start, in bps: the market's move, shared by every venue. */
    private final Map<Pair, BigDecimal> commonBps = new TreeMap<>(java.util.Comparator.comparing(Pair::toString));
    /** Each venue book's own offset from the common level, in bps (venue|symbol). */
    private final Map<String, BigDecimal> noiseBps = new HashMap<>();
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
                    moving.add(venue + "|" + ins.symbol());
                    commonBps.put(ins.pair(), BigDecimal.ZERO);
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
        Map<Pair, BigDecimal> steps = new HashMap<>();
        commonBps.replaceAll((pair, drift) -> {
            BigDecimal step = BigDecimal.valueOf(commonStep(drift));
            steps.put(pair, step);
            return drift.add(step);
        });
        for (String venue : sim.venueNames()) {
            MatchingEngine engine = sim.engine(venue);
            for (Instrument ins : engine.instruments()) {
                String key = venue + "|" + ins.symbol();
                if (!moving.contains(key)) {
                    continue;
                }
                try {
                    follow(engine, ins, key, steps.get(ins.pair()));
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

    /** The common walk's next step in bps: a few either way, only back once it has strayed past the bound. */
    private int commonStep(BigDecimal driftBps) {
        int step = random.nextInt(-MAX_STEP_BPS, MAX_STEP_BPS + 1);
        if (driftBps.compareTo(BigDecimal.valueOf(MAX_DRIFT_BPS)) > 0) {
            step = -Math.abs(step) - 1; // too dear: only down
        } else if (driftBps.compareTo(BigDecimal.valueOf(-MAX_DRIFT_BPS)) < 0) {
            step = Math.abs(step) + 1; // too cheap: only up
        }
        return step;
    }

    /**
     * Moves the venue's house mid by the pair's common step and the change in the venue's own noise, so every venue
     * keeps its distance from the others (a dislocation set through the admin routes stays) up to the noise. The noise
     * halves each step and takes a new draw of up to 1 bp either way (tenths of a bp), within +-{@link #MAX_NOISE_BPS}.
     */
    private void follow(MatchingEngine engine, Instrument ins, String key, BigDecimal commonStepBps) {
        BigDecimal before = noiseBps.getOrDefault(key, BigDecimal.ZERO);
        BigDecimal noise = before.multiply(HALF).add(BigDecimal.valueOf(random.nextInt(-10, 11)).movePointLeft(1))
                .max(MAX_NOISE_BPS.negate()).min(MAX_NOISE_BPS);
        noiseBps.put(key, noise);
        BigDecimal shiftBps = commonStepBps.add(noise).subtract(before);
        if (shiftBps.signum() != 0) {
            engine.reshapeBook(ins.symbol(), shiftBps, BigDecimal.ONE);
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
